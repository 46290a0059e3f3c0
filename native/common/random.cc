#include "common/random.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace wasmrtc {

uint32_t RandomSource::next_u32() {
  uint8_t b[4];
  fill(b);
  return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3];
}

uint64_t RandomSource::next_u64() { return uint64_t{next_u32()} << 32 | next_u32(); }

void CryptoRandom::fill(std::span<uint8_t> out) {
  // RAND_bytes only fails when the DRBG cannot be seeded; continuing with predictable bytes would
  // be a security bug, so this is the one place the core stops hard.
  if (!out.empty() && RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) std::abort();
}

void SeededRandom::fill(std::span<uint8_t> out) {
  size_t i = 0;
  while (i < out.size()) {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    size_t n = std::min<size_t>(8, out.size() - i);
    std::memcpy(out.data() + i, &z, n);
    i += n;
  }
}

}  // namespace wasmrtc
