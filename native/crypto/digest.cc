#include "crypto/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <cstdlib>

namespace wasmrtc::crypto {
namespace {

struct HashInfo {
  HashAlgorithm algorithm;
  std::string_view name;
  size_t size;
};

constexpr HashInfo kHashes[] = {
    {HashAlgorithm::kSha1, "sha-1", 20},     {HashAlgorithm::kSha224, "sha-224", 28},
    {HashAlgorithm::kSha256, "sha-256", 32}, {HashAlgorithm::kSha384, "sha-384", 48},
    {HashAlgorithm::kSha512, "sha-512", 64},
};

const HashInfo& info(HashAlgorithm algorithm) {
  for (const auto& h : kHashes)
    if (h.algorithm == algorithm) return h;
  std::abort();  // unreachable: every enumerator is in the table
}

const EVP_MD* evp_md(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kSha1: return EVP_sha1();
    case HashAlgorithm::kSha224: return EVP_sha224();
    case HashAlgorithm::kSha256: return EVP_sha256();
    case HashAlgorithm::kSha384: return EVP_sha384();
    case HashAlgorithm::kSha512: return EVP_sha512();
  }
  std::abort();
}

template <size_t N>
std::array<uint8_t, N> hmac(const EVP_MD* md, ByteView key, ByteView data) {
  std::array<uint8_t, N> out{};
  unsigned int len = 0;
  // HMAC() with an explicit output buffer only fails on allocation failure.
  if (!HMAC(md, key.data(), static_cast<int>(key.size()), data.data(), data.size(), out.data(), &len) ||
      len != N)
    std::abort();
  return out;
}

}  // namespace

std::string_view hash_name(HashAlgorithm algorithm) { return info(algorithm).name; }
size_t digest_size(HashAlgorithm algorithm) { return info(algorithm).size; }

std::optional<HashAlgorithm> hash_from_name(std::string_view name) {
  for (const auto& h : kHashes) {
    if (h.name.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < name.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(name[i])) == h.name[i];
    if (same) return h.algorithm;
  }
  return std::nullopt;
}

Bytes digest(HashAlgorithm algorithm, ByteView data) {
  Bytes out(digest_size(algorithm));
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, evp_md(algorithm), nullptr) != 1 ||
      len != out.size())
    std::abort();
  return out;
}

std::array<uint8_t, 20> hmac_sha1(ByteView key, ByteView data) { return hmac<20>(EVP_sha1(), key, data); }
std::array<uint8_t, 32> hmac_sha256(ByteView key, ByteView data) {
  return hmac<32>(EVP_sha256(), key, data);
}

bool constant_time_equal(ByteView a, ByteView b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace wasmrtc::crypto
