// Fuzzes ICE server URL parsing: accepted URLs must print to text that parses back identically.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ice/ice_server_url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = wasmrtc::ice::parse_ice_server_url(text);
  if (!parsed.ok()) return 0;
  auto again = wasmrtc::ice::parse_ice_server_url(parsed->to_string());
  if (!again.ok() || !(again.value() == parsed.value())) std::abort();
  return 0;
}
