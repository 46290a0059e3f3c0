// libFuzzer target: the a=fingerprint value parser. Invariants: never crashes; whatever parses
// serializes back to text that parses to the same fingerprint.
#include <cstdlib>
#include <string_view>

#include "crypto/fingerprint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto fp = wasmrtc::crypto::parse_fingerprint(text);
  if (!fp) return 0;
  if (fp->digest.size() != wasmrtc::crypto::digest_size(fp->algorithm)) std::abort();
  auto again = wasmrtc::crypto::parse_fingerprint(fp->to_sdp());
  if (!again || !(*again == *fp)) std::abort();
  return 0;
}
