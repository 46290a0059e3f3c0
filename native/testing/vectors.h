// Test vectors shared with the Jest suite: tests/vectors/<name>.json, read once per test binary.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "common/bytes.h"

namespace wasmrtc::testing {

// Parsed tests/vectors/<name>.json; aborts the test binary with a message if it is missing or broken.
const nlohmann::json& vectors(const std::string& name);

// The "hex" or "ascii" member of a vector entry as bytes (prefix "key_", "data_" and so on).
Bytes vector_bytes(const nlohmann::json& entry, const std::string& prefix = "");

}  // namespace wasmrtc::testing
