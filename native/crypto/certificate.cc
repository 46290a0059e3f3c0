#include "crypto/certificate.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <ctime>

namespace wasmrtc::crypto {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;

// Days since 1970-01-01 for a proleptic Gregorian date, and back (Howard Hinnant's algorithms).
// Used instead of time_t/gmtime because time_t is 32 bits on some targets and gmtime is not pure.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

// Sets an ASN1_TIME (UTCTime before 2050, GeneralizedTime after, as RFC 5280 asks) from ms.
bool set_time(ASN1_TIME* t, int64_t unix_ms) {
  int64_t secs = unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t rem = secs - days * 86400;
  int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  if (y < 1950 || y > 9999) return false;
  char text[32];
  std::snprintf(text, sizeof text, "%04d%02u%02u%02d%02d%02dZ", static_cast<int>(y), m, d,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60));
  // ASN1_TIME_set_string_X509 takes GeneralizedTime text and stores UTCTime where RFC 5280 wants it.
  return ASN1_TIME_set_string_X509(t, text) == 1;
}

bool time_to_ms(const ASN1_TIME* t, int64_t& unix_ms) {
  struct tm tm {};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return false;
  int64_t days = days_from_civil(tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1),
                                 static_cast<unsigned>(tm.tm_mday));
  unix_ms = ((days * 24 + tm.tm_hour) * 60 + tm.tm_min) * 60'000 + tm.tm_sec * 1000;
  return true;
}

Error openssl_error(const char* what) { return make_error(ErrorCode::kOperationFailed, what); }

Bytes to_der(X509* x509) {
  int len = i2d_X509(x509, nullptr);
  if (len <= 0) return {};
  Bytes der(static_cast<size_t>(len));
  uint8_t* p = der.data();
  i2d_X509(x509, &p);
  return der;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

}  // namespace

void Certificate::X509Free::operator()(X509* x) const { X509_free(x); }
void Certificate::KeyFree::operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }

Certificate::Certificate(std::unique_ptr<X509, X509Free> x509, std::unique_ptr<EVP_PKEY, KeyFree> key)
    : x509_(std::move(x509)),
      key_(std::move(key)),
      der_(to_der(x509_.get())),
      sha256_(compute_fingerprint(HashAlgorithm::kSha256, der_)) {
  time_to_ms(X509_get0_notAfter(x509_.get()), expires_unix_ms_);
}

Certificate::Certificate(Certificate&&) noexcept = default;
Certificate& Certificate::operator=(Certificate&&) noexcept = default;
Certificate::~Certificate() = default;

Result<Certificate> Certificate::generate_ecdsa_p256(int64_t now_unix_ms, int64_t expires_unix_ms) {
  if (expires_unix_ms <= now_unix_ms)
    return make_error(ErrorCode::kInvalidArgument, "certificate expiry must be after the current time");

  std::unique_ptr<EVP_PKEY, KeyFree> key(EVP_EC_gen("P-256"));
  if (!key) return openssl_error("ECDSA P-256 key generation failed");
  std::unique_ptr<X509, X509Free> x509(X509_new());
  if (!x509) return openssl_error("X509_new failed");

  // A random 63-bit positive serial: RFC 5280 wants it unique per issuer, and every cert is its own issuer.
  BIGNUM* serial = BN_new();
  bool ok = serial && BN_rand(serial, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
            BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x509.get())) != nullptr;
  BN_free(serial);
  if (!ok) return openssl_error("certificate serial number generation failed");

  X509_NAME* name = X509_get_subject_name(x509.get());
  ok = X509_set_version(x509.get(), X509_VERSION_3) == 1 &&
       X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                  reinterpret_cast<const unsigned char*>("wasmrtc"), -1, -1, 0) == 1 &&
       X509_set_issuer_name(x509.get(), name) == 1 &&
       set_time(X509_getm_notBefore(x509.get()), now_unix_ms - kMsPerDay) &&
       set_time(X509_getm_notAfter(x509.get()), expires_unix_ms) &&
       X509_set_pubkey(x509.get(), key.get()) == 1 &&
       X509_sign(x509.get(), key.get(), EVP_sha256()) > 0;
  if (!ok) return openssl_error("building the self-signed certificate failed");

  Certificate cert(std::move(x509), std::move(key));
  // Keep the caller's millisecond precision; the certificate itself stores whole seconds.
  cert.expires_unix_ms_ = expires_unix_ms;
  return cert;
}

Result<Certificate> Certificate::from_pem(std::string_view certificate_pem, std::string_view private_key_pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> cert_bio(
      BIO_new_mem_buf(certificate_pem.data(), static_cast<int>(certificate_pem.size())), BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> key_bio(
      BIO_new_mem_buf(private_key_pem.data(), static_cast<int>(private_key_pem.size())), BIO_free);
  if (!cert_bio || !key_bio) return openssl_error("BIO allocation failed");
  std::unique_ptr<X509, X509Free> x509(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  if (!x509) return make_error(ErrorCode::kInvalidArgument, "not a PEM certificate");
  std::unique_ptr<EVP_PKEY, KeyFree> key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
  if (!key) return make_error(ErrorCode::kInvalidArgument, "not a PEM private key");
  if (X509_check_private_key(x509.get(), key.get()) != 1)
    return make_error(ErrorCode::kInvalidArgument, "the private key does not match the certificate");
  return Certificate(std::move(x509), std::move(key));
}

std::string Certificate::pem() const {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_X509(bio.get(), x509_.get()) != 1) return {};
  return bio_text(bio.get());
}

std::string Certificate::private_key_pem() const {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return {};
  return bio_text(bio.get());
}

Fingerprint Certificate::fingerprint(HashAlgorithm algorithm) const {
  if (algorithm == HashAlgorithm::kSha256) return sha256_;
  return compute_fingerprint(algorithm, der_);
}

}  // namespace wasmrtc::crypto
