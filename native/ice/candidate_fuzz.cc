// Fuzzes the RFC 8839 candidate grammar: any accepted line must serialize to text that parses
// back to the same candidate.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ice/candidate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = wasmrtc::ice::parse_candidate(text);
  if (!parsed.ok()) return 0;
  auto again = wasmrtc::ice::parse_candidate(parsed->to_string());
  if (!again.ok() || !(again.value() == parsed.value())) std::abort();
  return 0;
}
