// Randomness is injected into the core, so tests can fix it (transaction ids, tie-breakers,
// verification tags, ICE credentials). Production drivers pass a CryptoRandom (OpenSSL's DRBG,
// which itself is seeded by the platform: getrandom natively, crypto.getRandomValues in wasm).
#pragma once

#include <cstdint>
#include <span>

namespace wasmrtc {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual void fill(std::span<uint8_t> out) = 0;

  uint32_t next_u32();
  uint64_t next_u64();
};

// Cryptographically strong: OpenSSL RAND_bytes.
class CryptoRandom final : public RandomSource {
 public:
  void fill(std::span<uint8_t> out) override;
};

// Deterministic and fast, for tests and simulations only (splitmix64).
class SeededRandom final : public RandomSource {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed) {}
  void fill(std::span<uint8_t> out) override;

 private:
  uint64_t state_;
};

}  // namespace wasmrtc
