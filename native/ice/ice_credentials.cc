#include "ice/ice_credentials.h"

#include <vector>

namespace wasmrtc::ice {
namespace {

constexpr char kIceChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string random_ice_chars(RandomSource& random, size_t n) {
  std::vector<uint8_t> bytes(n);
  random.fill(bytes);
  std::string out;
  for (uint8_t b : bytes) out += kIceChars[b & 63];  // 64 symbols: no modulo bias
  return out;
}

bool all_ice_chars(const std::string& s) {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
          c == '/'))
      return false;
  return true;
}

}  // namespace

bool IceCredentials::valid() const {
  return ufrag.size() >= 4 && ufrag.size() <= 256 && pwd.size() >= 22 && pwd.size() <= 256 &&
         all_ice_chars(ufrag) && all_ice_chars(pwd);
}

IceCredentials IceCredentials::generate(RandomSource& random) {
  IceCredentials c;
  c.ufrag = random_ice_chars(random, 8);
  c.pwd = random_ice_chars(random, 24);
  return c;
}

}  // namespace wasmrtc::ice
