#include "testing/vectors.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>

namespace wasmrtc::testing {

const nlohmann::json& vectors(const std::string& name) {
  static std::map<std::string, nlohmann::json> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  std::string path = std::string(WASMRTC_SOURCE_DIR) + "/tests/vectors/" + name + ".json";
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot open test vectors %s\n", path.c_str());
    std::abort();
  }
  return cache.emplace(name, nlohmann::json::parse(in)).first->second;
}

Bytes vector_bytes(const nlohmann::json& entry, const std::string& prefix) {
  if (entry.contains(prefix + "ascii")) {
    std::string text = entry[prefix + "ascii"];
    return Bytes(text.begin(), text.end());
  }
  Bytes out;
  if (!from_hex(entry.at(prefix + "hex").get<std::string>(), out)) {
    std::fprintf(stderr, "bad hex in test vector\n");
    std::abort();
  }
  return out;
}

}  // namespace wasmrtc::testing
