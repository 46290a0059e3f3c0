// Byte buffers as the whole core passes them: a read-only view in, an owned vector out.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wasmrtc {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

inline ByteView as_bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// Lower-case hex without separators ("0a1b"); for logs and test vectors.
std::string to_hex(ByteView bytes);
// Parses hex without separators, either case. Returns false (and leaves `out` empty) on bad input.
bool from_hex(std::string_view hex, Bytes& out);

}  // namespace wasmrtc
