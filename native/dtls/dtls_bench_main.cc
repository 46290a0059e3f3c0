// dtls-bench: handshake time and application data throughput of DtlsTransport per cipher suite,
// natively (the wasm numbers come from the same code under Node). Two transports in memory; the
// time is the process's, so this is the one place in the layer that reads a clock.
#include <chrono>
#include <cstdio>
#include <memory>

#include "crypto/certificate.h"
#include "dtls/dtls_transport.h"

namespace {

using namespace wasmrtc;
using namespace wasmrtc::dtls;
using Clock = std::chrono::steady_clock;

constexpr int64_t kNowUnixMs = 1'790'000'000'000;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void pump(DtlsTransport& a, DtlsTransport& z, Timestamp now, uint64_t* bytes_at_z = nullptr) {
  for (bool moved = true; moved;) {
    moved = false;
    while (auto d = a.poll_transmit()) { z.handle_receive(now, *d); moved = true; }
    while (auto d = z.poll_transmit()) { a.handle_receive(now, *d); moved = true; }
    while (a.poll_event()) {}
    while (auto e = z.poll_event()) {
      if (bytes_at_z) {
        if (auto* data = std::get_if<DtlsData>(&*e)) *bytes_at_z += data->data.size();
      }
    }
  }
}

}  // namespace

int main() {
  auto ca = crypto::Certificate::generate_ecdsa_p256(kNowUnixMs, kNowUnixMs + 86'400'000);
  auto cz = crypto::Certificate::generate_ecdsa_p256(kNowUnixMs, kNowUnixMs + 86'400'000);
  if (!ca.ok() || !cz.ok()) return 1;
  std::printf("%-48s %12s %12s %14s\n", "cipher suite", "create (ms)", "handshake (ms)", "MB/s (enc+dec)");
  for (CipherSuite suite : {CipherSuite::kEcdheEcdsaChacha20Poly1305, CipherSuite::kEcdheEcdsaAes128Gcm,
                            CipherSuite::kEcdheEcdsaAes256Gcm}) {
    constexpr int kHandshakes = 20;
    double create_s = 0, handshake_s = 0;
    std::unique_ptr<DtlsTransport> a, z;
    for (int i = 0; i < kHandshakes; ++i) {
      DtlsConfig ac, zc;
      ac.role = Role::kClient;
      ac.remote_fingerprints = {cz->fingerprint()};
      ac.cipher_suites = {suite};
      zc.role = Role::kServer;
      zc.remote_fingerprints = {ca->fingerprint()};
      zc.cipher_suites = {suite};
      auto t0 = Clock::now();
      a = std::move(DtlsTransport::create(ca.value(), ac)).value();
      z = std::move(DtlsTransport::create(cz.value(), zc)).value();
      create_s += seconds_since(t0);
      auto t1 = Clock::now();
      a->start(Timestamp());
      z->start(Timestamp());
      pump(*a, *z, Timestamp());
      handshake_s += seconds_since(t1);
      if (a->state() != DtlsState::kConnected) {
        std::printf("handshake failed\n");
        return 1;
      }
    }
    const Bytes payload(a->max_application_payload(), 0x42);
    constexpr uint64_t kTotal = 64ull << 20;
    uint64_t received = 0;
    auto t2 = Clock::now();
    for (uint64_t sent = 0; sent < kTotal; sent += payload.size()) {
      (void)a->send(payload);
      pump(*a, *z, Timestamp(), &received);
    }
    const double mbps = static_cast<double>(received) / (1 << 20) / seconds_since(t2);
    std::printf("%-48s %12.2f %12.2f %14.1f\n", std::string(cipher_suite_name(suite)).c_str(),
                create_s * 1000 / kHandshakes / 2, handshake_s * 1000 / kHandshakes, mbps);
  }
  return 0;
}
