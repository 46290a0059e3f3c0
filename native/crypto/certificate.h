// A DTLS identity with RTCCertificate semantics: an ECDSA P-256 key and a self-signed X.509
// certificate that stops being valid at `expires` (W3C webrtc-pc §4.9). Time comes from the caller;
// the key and serial number come from OpenSSL's DRBG.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/bytes.h"
#include "common/result.h"
#include "crypto/fingerprint.h"

typedef struct x509_st X509;
typedef struct evp_pkey_st EVP_PKEY;

namespace wasmrtc::crypto {

class Certificate {
 public:
  // Self-signed ECDSA P-256 / SHA-256. The certificate is valid from one day before `now_unix_ms`
  // (peers' clocks drift) until `expires_unix_ms`, which must be later than `now_unix_ms`.
  static Result<Certificate> generate_ecdsa_p256(int64_t now_unix_ms, int64_t expires_unix_ms);

  // Loads a certificate and its private key from PEM (what pem() and private_key_pem() write).
  // Fails if the key does not belong to the certificate.
  static Result<Certificate> from_pem(std::string_view certificate_pem, std::string_view private_key_pem);

  Certificate(Certificate&&) noexcept;
  Certificate& operator=(Certificate&&) noexcept;
  ~Certificate();

  const Bytes& der() const { return der_; }
  std::string pem() const;
  std::string private_key_pem() const;
  // notAfter in milliseconds since the Unix epoch: RTCCertificate.expires.
  int64_t expires_unix_ms() const { return expires_unix_ms_; }
  // SHA-256 (what every SDP this stack writes carries) is computed once, at construction.
  Fingerprint fingerprint(HashAlgorithm algorithm = HashAlgorithm::kSha256) const;

  // For the DTLS layer (SSL_use_certificate / SSL_use_PrivateKey); owned by this object.
  X509* x509() const { return x509_.get(); }
  EVP_PKEY* private_key() const { return key_.get(); }

 private:
  struct X509Free { void operator()(X509* x) const; };
  struct KeyFree { void operator()(EVP_PKEY* k) const; };
  Certificate(std::unique_ptr<X509, X509Free> x509, std::unique_ptr<EVP_PKEY, KeyFree> key);

  std::unique_ptr<X509, X509Free> x509_;
  std::unique_ptr<EVP_PKEY, KeyFree> key_;
  Bytes der_;
  Fingerprint sha256_;
  int64_t expires_unix_ms_ = 0;
};

}  // namespace wasmrtc::crypto
