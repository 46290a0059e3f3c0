// Embind surface of the crypto layer: certificates, fingerprints, and the CRC/HMAC/ChaCha20 helpers
// (exposed so the Jest suite checks the wasm build against the same vectors as GoogleTest, and the
// wasm build's own ChaCha20 against Node's OpenSSL).
#include <emscripten/bind.h>
#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "bytes.h"
#include "certificate_handle.h"
#include "crypto/certificate.h"
#include "crypto/crc32.h"
#include "crypto/digest.h"
#include "crypto/fingerprint.h"
#include "errors.h"

// wasm/runtime/handshake_spares.c: ECDHE keys and ECDSA nonces made ahead of need.
extern "C" {
int wasmrtc_make_handshake_spare(int target);
int wasmrtc_handshake_spare_x25519_count(void);
int wasmrtc_handshake_spare_nonce_count(void);
unsigned wasmrtc_handshake_spare_x25519_taken(void);
unsigned wasmrtc_handshake_spare_nonces_taken(void);
}

// OpenSSL's internal Poly1305 API (include/crypto/poly1305.h in its source, not installed).
extern "C" {
size_t Poly1305_ctx_size(void);
void Poly1305_Init(void* ctx, const unsigned char key[32]);
void Poly1305_Update(void* ctx, const unsigned char* inp, size_t len);
void Poly1305_Final(void* ctx, unsigned char mac[16]);
}

namespace wasmrtc::bindings {

using emscripten::val;

val CertificateHandle::der() const { return bytes_to_js(certificate_->der()); }

val CertificateHandle::fingerprint(const std::string& algorithm) const {
  auto hash = crypto::hash_from_name(algorithm);
  if (!hash) return val::null();
  return fingerprint_to_js(certificate_->fingerprint(*hash));
}

val CertificateHandle::fingerprint_to_js(const crypto::Fingerprint& fp) {
  val out = val::object();
  out.set("algorithm", std::string(crypto::hash_name(fp.algorithm)));
  out.set("value", fp.w3c_value());
  out.set("sdp", fp.to_sdp());
  return out;
}

namespace {

val certificate_result(Result<crypto::Certificate> result) {
  if (!result) return error_to_js(result.error());
  val out = val::object();
  out.set("certificate", CertificateHandle(std::move(result).value()));
  return out;
}

// Times are JS numbers (ms since the epoch): exact as doubles up to 2^53.
val generate_certificate(double now_unix_ms, double expires_unix_ms) {
  return certificate_result(crypto::Certificate::generate_ecdsa_p256(static_cast<int64_t>(now_unix_ms),
                                                                     static_cast<int64_t>(expires_unix_ms)));
}

val certificate_from_pem(const std::string& certificate_pem, const std::string& private_key_pem) {
  return certificate_result(crypto::Certificate::from_pem(certificate_pem, private_key_pem));
}

val compute_fingerprint(const std::string& algorithm, const val& der) {
  auto hash = crypto::hash_from_name(algorithm);
  if (!hash) return val::null();
  return CertificateHandle::fingerprint_to_js(crypto::compute_fingerprint(*hash, bytes_from_js(der)));
}

val parse_fingerprint(const std::string& sdp_value) {
  auto fp = crypto::parse_fingerprint(sdp_value);
  return fp ? CertificateHandle::fingerprint_to_js(*fp) : val::null();
}

// false also when the fingerprint does not parse: the caller validated it already.
bool verify_fingerprint(const std::string& sdp_value, const val& der) {
  auto fp = crypto::parse_fingerprint(sdp_value);
  return fp && crypto::verify_fingerprint(*fp, bytes_from_js(der));
}

uint32_t crc32(const val& data) { return crypto::crc32(bytes_from_js(data)); }
uint32_t crc32c(const val& data) { return crypto::crc32c(bytes_from_js(data)); }
val hmac_sha1(const val& key, const val& data) {
  return bytes_to_js(crypto::hmac_sha1(bytes_from_js(key), bytes_from_js(data)));
}
val hmac_sha256(const val& key, const val& data) {
  return bytes_to_js(crypto::hmac_sha256(bytes_from_js(key), bytes_from_js(data)));
}

// Encrypts `data` with OpenSSL's EVP cipher `name` as DTLS records use it, the AAD first and, for an
// AEAD, the 16-byte tag appended; null when OpenSSL refuses (a wrong key or IV length). The wasm
// build's ChaCha20 is this project's SIMD code (wasm/simd/chacha20_simd.c), so
// tests/js/chacha20.test.js compares these with Node's own OpenSSL.
val evp_encrypt(const char* name, const val& key_js, const val& iv_js, const val& aad_js, const val& data_js,
                bool with_tag) {
  const Bytes key = bytes_from_js(key_js), iv = bytes_from_js(iv_js), aad = bytes_from_js(aad_js),
              data = bytes_from_js(data_js);
  std::unique_ptr<EVP_CIPHER, decltype(&EVP_CIPHER_free)> cipher(EVP_CIPHER_fetch(nullptr, name, nullptr),
                                                                   EVP_CIPHER_free);
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (!cipher || !ctx || key.size() != static_cast<size_t>(EVP_CIPHER_get_key_length(cipher.get())) ||
      iv.size() != static_cast<size_t>(EVP_CIPHER_get_iv_length(cipher.get())) ||
      EVP_EncryptInit_ex2(ctx.get(), cipher.get(), key.data(), iv.data(), nullptr) != 1)
    return val::null();
  int n = 0;
  if (!aad.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &n, aad.data(), static_cast<int>(aad.size())) != 1)
    return val::null();
  Bytes out(data.size() + (with_tag ? 16 : 0));
  int written = 0, final_written = 0;
  if (EVP_EncryptUpdate(ctx.get(), out.data(), &written, data.data(), static_cast<int>(data.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out.data() + written, &final_written) != 1 ||
      static_cast<size_t>(written + final_written) != data.size())
    return val::null();
  if (with_tag && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, 16, out.data() + data.size()) != 1)
    return val::null();
  return bytes_to_js(out);
}

// RFC 8439 §2.4 with OpenSSL's 16-byte IV: the block counter (4 bytes, little-endian), then the nonce.
val chacha20(const val& key, const val& iv, const val& data) {
  return evp_encrypt("ChaCha20", key, iv, val::array(), data, false);
}
// RFC 8439 §2.8: ciphertext and tag.
val chacha20_poly1305_seal(const val& key, const val& nonce, const val& aad, const val& plaintext) {
  return evp_encrypt("ChaCha20-Poly1305", key, nonce, aad, plaintext, true);
}

// Poly1305 (RFC 8439 §2.5) through OpenSSL's own Poly1305 calls (the ones its ChaCha20-Poly1305
// cipher makes; the MAC is not in this build's provider), the message given in pieces of `piece`
// bytes (0: at once) so that OpenSSL's buffering hands the block function runs of every length.
// The wasm build's block function is this project's SIMD code (wasm/simd/poly1305_simd.c); null
// for a key that is not 32 bytes.
val poly1305(const val& key_js, const val& message_js, double piece) {
  const Bytes key = bytes_from_js(key_js), message = bytes_from_js(message_js);
  if (key.size() != 32) return val::null();
  std::vector<double> ctx((Poly1305_ctx_size() + sizeof(double) - 1) / sizeof(double));  // 8-aligned
  Poly1305_Init(ctx.data(), key.data());
  const size_t step = piece >= 1 ? static_cast<size_t>(piece) : message.size();
  for (size_t at = 0; at < message.size(); at += step) {
    Poly1305_Update(ctx.data(), message.data() + at, std::min(step, message.size() - at));
  }
  Bytes tag(16);
  Poly1305_Final(ctx.data(), tag.data());
  return bytes_to_js(tag);
}

// One spare (an X25519 key or a P-256 ECDSA nonce) if either kind has fewer than `target`;
// false when both are full. js/src/handshake_spares.js calls it in idle time.
bool make_handshake_spare(int target) { return wasmrtc_make_handshake_spare(target) == 1; }

val handshake_spare_counts() {
  val out = val::object();
  out.set("x25519", wasmrtc_handshake_spare_x25519_count());
  out.set("nonces", wasmrtc_handshake_spare_nonce_count());
  out.set("x25519Taken", wasmrtc_handshake_spare_x25519_taken());
  out.set("noncesTaken", wasmrtc_handshake_spare_nonces_taken());
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(wasmrtc_crypto) {
  emscripten::class_<CertificateHandle>("CertificateHandle")
      .function("expires", &CertificateHandle::expires)
      .function("der", &CertificateHandle::der)
      .function("pem", &CertificateHandle::pem)
      .function("privateKeyPem", &CertificateHandle::private_key_pem)
      .function("fingerprint", &CertificateHandle::fingerprint);
  emscripten::function("generateCertificate", &generate_certificate);
  emscripten::function("makeHandshakeSpare", &make_handshake_spare);
  emscripten::function("handshakeSpareCounts", &handshake_spare_counts);
  emscripten::function("certificateFromPem", &certificate_from_pem);
  emscripten::function("computeFingerprint", &compute_fingerprint);
  emscripten::function("parseFingerprint", &parse_fingerprint);
  emscripten::function("verifyFingerprint", &verify_fingerprint);
  emscripten::function("crc32", &crc32);
  emscripten::function("crc32c", &crc32c);
  emscripten::function("hmacSha1", &hmac_sha1);
  emscripten::function("hmacSha256", &hmac_sha256);
  emscripten::function("chacha20", &chacha20);
  emscripten::function("chacha20Poly1305Seal", &chacha20_poly1305_seal);
  emscripten::function("poly1305", &poly1305);
}

}  // namespace wasmrtc::bindings
