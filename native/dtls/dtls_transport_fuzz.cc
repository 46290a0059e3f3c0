// libFuzzer target for the DTLS record layer and handshake: random datagrams are fed to a client
// and a server in the middle of a real handshake (and after it). Failing is allowed, crashing,
// leaking or reading out of bounds is not.
//
// fuzz-smoke-runs: 5000  (one input costs a handshake; 100k runs took ~9 min)
//
// Input: a sequence of [selector][length][bytes] items. The selector's low bit picks the victim
// (client or server), the next bit whether the real handshake moves a step first, the next bit
// whether the virtual clock jumps to the next timeout, the next bit whether the bytes are wrapped
// in a DTLS record header (type and epoch from the high bits).
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "crypto/certificate.h"
#include "dtls/dtls_transport.h"

namespace {

using namespace wasmrtc;
using namespace wasmrtc::dtls;

constexpr int64_t kNowUnixMs = 1'790'000'000'000;

const crypto::Certificate& certificate(bool client) {
  static const crypto::Certificate c = crypto::Certificate::generate_ecdsa_p256(kNowUnixMs, kNowUnixMs + 86'400'000).value();
  static const crypto::Certificate s = crypto::Certificate::generate_ecdsa_p256(kNowUnixMs, kNowUnixMs + 86'400'000).value();
  return client ? c : s;
}

void drain(DtlsTransport& from, DtlsTransport& to, Timestamp now) {
  while (auto d = from.poll_transmit()) to.handle_receive(now, *d);
  while (from.poll_event()) {
  }
}

}  // namespace

// A client/server pair kept across inputs: creating two OpenSSL contexts per input costs tens of
// milliseconds under the sanitizers, which would make the smoke run take an hour. The pair is
// rebuilt when it has failed or closed and every 1024 inputs, so inputs also meet fresh handshakes.
struct Pair {
  std::unique_ptr<DtlsTransport> client, server;
  Timestamp now = Timestamp::from_millis(1000);
  int uses = 0;

  void reset() {
    DtlsConfig client_config;
    client_config.role = Role::kClient;
    client_config.remote_fingerprints = {certificate(false).fingerprint()};
    DtlsConfig server_config;
    server_config.role = Role::kServer;
    server_config.remote_fingerprints = {certificate(true).fingerprint()};
    auto c = DtlsTransport::create(certificate(true), client_config);
    auto s = DtlsTransport::create(certificate(false), server_config);
    if (!c.ok() || !s.ok()) std::abort();
    client = std::move(c).value();
    server = std::move(s).value();
    client->start(now);
    server->start(now);
    uses = 0;
  }
  bool settled(const DtlsTransport& t) const {
    return t.state() == DtlsState::kFailed || t.state() == DtlsState::kClosed;
  }
};

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Pair pair;
  if (!pair.client || pair.settled(*pair.client) || pair.settled(*pair.server) || ++pair.uses > 1024) pair.reset();
  DtlsTransport& c = *pair.client;
  DtlsTransport& s = *pair.server;
  Timestamp& now = pair.now;

  size_t offset = 0;
  while (offset + 2 <= size) {
    const uint8_t selector = data[offset];
    size_t length = data[offset + 1];
    offset += 2;
    if (length > size - offset) length = size - offset;
    DtlsTransport& victim = (selector & 1) ? c : s;
    if (selector & 2) {  // one step of the real handshake first
      drain(c, s, now);
      drain(s, c, now);
    }
    if (selector & 4) {
      Timestamp next = std::min(c.next_timeout(), s.next_timeout());
      if (!next.is_infinite()) now = std::max(now, next);
      c.handle_timeout(now);
      s.handle_timeout(now);
    }
    if (selector & 8) {
      // A fabricated record header around the bytes, so they get past the framing check.
      wasmrtc::Bytes record = {static_cast<uint8_t>(20 + (selector >> 4) % 4), 0xFE, 0xFD, 0, static_cast<uint8_t>(selector >> 6),
                               0, 0, 0, 0, 0, static_cast<uint8_t>(offset), static_cast<uint8_t>(length >> 8),
                               static_cast<uint8_t>(length)};
      record.insert(record.end(), data + offset, data + offset + length);
      victim.handle_receive(now, record);
    } else {
      victim.handle_receive(now, wasmrtc::ByteView(data + offset, length));
    }
    offset += length;
    if (victim.state() == DtlsState::kConnected) (void)victim.send(wasmrtc::ByteView(data, offset));
  }
  drain(c, s, now);
  drain(s, c, now);
  return 0;
}
