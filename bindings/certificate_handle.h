// The JS-side handle of a certificate (RTCCertificate's, and the spares of
// js/src/certificate_spares.js): copyable so Embind can hand it to JS, which deletes it. Copies
// share one crypto::Certificate, so a connection made with one (PeerConnectionHandle.create's
// `certificate` option) holds the same key and X509 objects, with no PEM written or parsed.
#pragma once

#include <emscripten/val.h>

#include <memory>
#include <string>

#include "crypto/certificate.h"
#include "crypto/fingerprint.h"

namespace wasmrtc::bindings {

class CertificateHandle {
 public:
  explicit CertificateHandle(crypto::Certificate certificate)
      : certificate_(std::make_shared<crypto::Certificate>(std::move(certificate))) {}

  double expires() const { return static_cast<double>(certificate_->expires_unix_ms()); }
  emscripten::val der() const;
  std::string pem() const { return certificate_->pem(); }
  std::string private_key_pem() const { return certificate_->private_key_pem(); }
  // {algorithm, value} for one of sha-1/224/256/384/512, or null for an unknown name.
  emscripten::val fingerprint(const std::string& algorithm) const;

  static emscripten::val fingerprint_to_js(const crypto::Fingerprint& fp);

  const std::shared_ptr<crypto::Certificate>& shared() const { return certificate_; }

 private:
  std::shared_ptr<crypto::Certificate> certificate_;
};

}  // namespace wasmrtc::bindings
