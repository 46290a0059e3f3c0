#include "dtls/dtls_transport.h"

#include <gtest/gtest.h>
#include <openssl/err.h>

#include <functional>
#include <string>

#include "crypto/certificate.h"
#include "dtls/demux.h"
#include "dtls/dtls_record.h"

namespace wasmrtc::dtls {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kNowUnixMs = 1'790'000'000'000;  // certificates' fixed "now"
constexpr int64_t kThirtyDays = 30LL * 86'400'000;

const crypto::Certificate& certificate(int which) {
  static const crypto::Certificate a = crypto::Certificate::generate_ecdsa_p256(kNowUnixMs, kNowUnixMs + kThirtyDays).value();
  static const crypto::Certificate z = crypto::Certificate::generate_ecdsa_p256(kNowUnixMs, kNowUnixMs + kThirtyDays).value();
  static const crypto::Certificate mallory =
      crypto::Certificate::generate_ecdsa_p256(kNowUnixMs, kNowUnixMs + kThirtyDays).value();
  return which == 0 ? a : which == 1 ? z : mallory;
}
const crypto::Certificate& cert_a() { return certificate(0); }
const crypto::Certificate& cert_z() { return certificate(1); }
const crypto::Certificate& cert_mallory() { return certificate(2); }

template <typename T>
const T* find_event(const std::vector<DtlsEvent>& events) {
  for (const auto& e : events) {
    if (const T* t = std::get_if<T>(&e)) return t;
  }
  return nullptr;
}

Bytes received_data(const std::vector<DtlsEvent>& events) {
  Bytes all;
  for (const auto& e : events) {
    if (const auto* d = std::get_if<DtlsData>(&e)) all.insert(all.end(), d->data.begin(), d->data.end());
  }
  return all;
}

// Two transports, "A" (the client unless a test says otherwise) and "Z", joined by an in-memory
// network with a virtual clock. `drop` sees each datagram before delivery: (sender is A, index of
// the datagram among that sender's datagrams, bytes) and returns true to lose it.
class Pair {
 public:
  Pair(DtlsConfig a_config, DtlsConfig z_config, const crypto::Certificate& a_certificate = cert_a(),
       const crypto::Certificate& z_certificate = cert_z()) {
    auto a = DtlsTransport::create(a_certificate, std::move(a_config));
    auto z = DtlsTransport::create(z_certificate, std::move(z_config));
    EXPECT_TRUE(a.ok()) << (a.ok() ? "" : a.error().message);
    EXPECT_TRUE(z.ok()) << (z.ok() ? "" : z.error().message);
    a_ = std::move(a).value();
    z_ = std::move(z).value();
  }

  static DtlsConfig config(Role role, const crypto::Certificate& peer) {
    DtlsConfig c;
    c.role = role;
    c.remote_fingerprints = {peer.fingerprint()};
    return c;
  }
  // A is the client and Z the server, each knowing the other's fingerprint.
  static Pair standard() { return Pair(config(Role::kClient, cert_z()), config(Role::kServer, cert_a())); }

  DtlsTransport& a() { return *a_; }
  DtlsTransport& z() { return *z_; }
  std::vector<DtlsEvent>& a_events() { return a_events_; }
  std::vector<DtlsEvent>& z_events() { return z_events_; }

  void start() {
    a_->start(now_);
    z_->start(now_);
  }

  // Delivers datagrams both ways until neither side has anything to send.
  void exchange() {
    for (int round = 0; round < 1000; ++round) {
      bool moved = false;
      moved |= deliver(*a_, *z_, true);
      moved |= deliver(*z_, *a_, false);
      drain_events();
      if (!moved) return;
    }
    ADD_FAILURE() << "the transports never went quiet";
  }

  // exchange(), then advance the virtual clock to the earliest timer, until `done` or `limit`.
  bool run_until(const std::function<bool()>& done, Duration limit = 600s) {
    const Timestamp end = now_ + limit;
    exchange();
    for (int steps = 0; !done(); ++steps) {
      if (steps == 10'000) {
        ADD_FAILURE() << "timers fire without progress";
        return false;
      }
      Timestamp next = std::min(a_->next_timeout(), z_->next_timeout());
      if (next.is_infinite() || next > end) return false;
      now_ = std::max(now_, next);
      a_->handle_timeout(now_);
      z_->handle_timeout(now_);
      exchange();
    }
    return true;
  }

  bool connect() {
    start();
    return run_until([&] { return both(DtlsState::kConnected); });
  }
  bool both(DtlsState s) const { return a_->state() == s && z_->state() == s; }
  bool settled() const {
    auto done = [](DtlsState s) { return s != DtlsState::kNew && s != DtlsState::kConnecting; };
    return done(a_->state()) && done(z_->state());
  }

  Timestamp now() const { return now_; }
  void set_now(Timestamp t) { now_ = t; }

  std::function<bool(bool from_a, int index, const Bytes&)> drop;
  size_t mtu_limit = 1200;
  int a_sent = 0, z_sent = 0, a_dropped = 0, z_dropped = 0;

 private:
  bool deliver(DtlsTransport& from, DtlsTransport& to, bool from_a) {
    bool moved = false;
    while (auto datagram = from.poll_transmit()) {
      moved = true;
      // Strict MTU: nothing either side sends may exceed it.
      EXPECT_LE(datagram->size(), mtu_limit);
      EXPECT_EQ(classify(*datagram), PacketKind::kDtls);
      EXPECT_TRUE(parse_records(*datagram).has_value());
      int index = from_a ? a_sent++ : z_sent++;
      if (drop && drop(from_a, index, *datagram)) {
        (from_a ? a_dropped : z_dropped)++;
        continue;
      }
      to.handle_receive(now_, *datagram);
    }
    return moved;
  }
  void drain_events() {
    while (auto e = a_->poll_event()) a_events_.push_back(std::move(*e));
    while (auto e = z_->poll_event()) z_events_.push_back(std::move(*e));
  }

  std::unique_ptr<DtlsTransport> a_, z_;
  std::vector<DtlsEvent> a_events_, z_events_;
  Timestamp now_ = Timestamp::from_millis(5'000);
};

TEST(DtlsTransport, HandshakeConnectsBothSidesWithMatchingParameters) {
  Pair p = Pair::standard();
  ASSERT_TRUE(p.connect());
  const auto* a = find_event<DtlsConnected>(p.a_events());
  const auto* z = find_event<DtlsConnected>(p.z_events());
  ASSERT_TRUE(a && z);
  EXPECT_EQ(a->cipher_suite, z->cipher_suite);
  EXPECT_EQ(a->cipher_suite_name, z->cipher_suite_name);
  EXPECT_EQ(a->alpn, "webrtc");
  EXPECT_EQ(z->alpn, "webrtc");
  // Each side saw the other's certificate.
  EXPECT_EQ(a->remote_certificate_der, cert_z().der());
  EXPECT_EQ(z->remote_certificate_der, cert_a().der());
  EXPECT_EQ(p.a().role(), Role::kClient);
  EXPECT_EQ(p.z().role(), Role::kServer);
  // Nothing was lost, so nothing was retransmitted and no virtual time had to pass.
  EXPECT_EQ(p.a().stats().retransmissions, 0u);
  EXPECT_EQ(p.z().stats().retransmissions, 0u);
  EXPECT_EQ(p.now(), Timestamp::from_millis(5'000));
  // Connected: no timer left.
  EXPECT_TRUE(p.a().next_timeout().is_infinite());
  EXPECT_TRUE(p.z().next_timeout().is_infinite());
  EXPECT_EQ(p.a().stats().malformed_datagrams_dropped, 0u);
}

// Roles from SDP: the offerer says actpass, the answerer active (RFC 8842 §5.3), so the answerer
// is the client. Run it with either certificate on either side.
TEST(DtlsTransport, HandshakeWorksInBothRolesAsResolvedFromSetup) {
  for (bool offerer_is_a : {true, false}) {
    SetupAttribute offer = SetupAttribute::kActpass;
    SetupAttribute answer = answer_setup(offer).value();
    Role a_role = resolve_role(offerer_is_a ? offer : answer, offerer_is_a ? answer : offer).value();
    Role z_role = resolve_role(offerer_is_a ? answer : offer, offerer_is_a ? offer : answer).value();
    ASSERT_NE(a_role, z_role);
    Pair p(Pair::config(a_role, cert_z()), Pair::config(z_role, cert_a()));
    ASSERT_TRUE(p.connect()) << "offerer is " << (offerer_is_a ? "A" : "Z");
    EXPECT_EQ(p.a().role(), offerer_is_a ? Role::kServer : Role::kClient);
    ASSERT_NE(find_event<DtlsConnected>(p.a_events()), nullptr);
    ASSERT_NE(find_event<DtlsConnected>(p.z_events()), nullptr);
  }
}

TEST(DtlsTransport, ClientArmsTheInitialRetransmitTimerFromTheCallersClock) {
  Pair p = Pair::standard();
  p.a().start(p.now());
  EXPECT_EQ(p.a().next_timeout(), p.now() + 1s);  // RFC 6347 §4.2.4.1 default
  // The server waits for a ClientHello without a timer.
  p.z().start(p.now());
  EXPECT_TRUE(p.z().next_timeout().is_infinite());
  // The ClientHello is one datagram; an early call does not resend it.
  ASSERT_TRUE(p.a().poll_transmit().has_value());
  p.a().handle_timeout(p.now() + 999ms);
  EXPECT_FALSE(p.a().poll_transmit().has_value());
  EXPECT_EQ(p.a().next_timeout(), p.now() + 1s);
}

// dtls-retransmit: every datagram from the client is lost; it resends its ClientHello at 1, 3, 7,
// 15 ... seconds of virtual time (doubling), never earlier, and OpenSSL's wall clock has no say.
TEST(DtlsTransport, RetransmitsOnTheVirtualClockWithExponentialBackoff) {
  DtlsConfig a_config = Pair::config(Role::kClient, cert_z());
  a_config.max_retransmit_timeout = 8s;
  Pair p(a_config, Pair::config(Role::kServer, cert_a()));
  p.a().start(p.now());
  Bytes first = p.a().poll_transmit().value();
  EXPECT_FALSE(p.a().poll_transmit().has_value());
  Timestamp t = p.now();
  const Duration expected[] = {1s, 2s, 4s, 8s, 8s};
  for (Duration gap : expected) {
    ASSERT_EQ(p.a().next_timeout(), t + gap);
    p.a().handle_timeout(t + gap - 1ms);
    EXPECT_FALSE(p.a().poll_transmit().has_value()) << "retransmitted early";
    t = t + gap;
    p.a().handle_timeout(t);
    auto again = p.a().poll_transmit();
    ASSERT_TRUE(again.has_value()) << "no retransmission at the deadline";
    // The same ClientHello, in a new record (sequence number) of epoch 0.
    auto records = parse_records(*again);
    ASSERT_TRUE(records && records->size() == 1);
    EXPECT_EQ((*records)[0].type, ContentType::kHandshake);
    EXPECT_EQ(again->size(), first.size());
    EXPECT_NE(*again, first);
  }
  EXPECT_EQ(p.a().stats().retransmissions, 5u);
}

TEST(DtlsTransport, GivesUpAfterTooManyRetransmissions) {
  Pair p = Pair::standard();
  p.drop = [](bool from_a, int, const Bytes&) { return from_a; };  // a black hole
  p.start();
  EXPECT_FALSE(p.run_until([&] { return p.a().state() == DtlsState::kFailed; }, 10s));
  ASSERT_TRUE(p.run_until([&] { return p.a().state() == DtlsState::kFailed; }, 3600s));
  const auto* failed = find_event<DtlsFailed>(p.a_events());
  ASSERT_NE(failed, nullptr);
  EXPECT_NE(failed->reason.find("timed out"), std::string::npos) << failed->reason;
  EXPECT_GE(p.a().stats().retransmissions, 12u);
  EXPECT_TRUE(p.a().next_timeout().is_infinite());
  EXPECT_EQ(p.z().state(), DtlsState::kConnecting);
}

// Loss of the first flights: the ClientHello and then the server's first flight are dropped; the
// timers recover and the handshake completes after the expected virtual time.
TEST(DtlsTransport, HandshakeRecoversWhenTheFirstFlightsAreLost) {
  Pair p = Pair::standard();
  int server_first_flight = -1;
  p.drop = [&](bool from_a, int index, const Bytes&) {
    if (from_a) return index == 0;  // the first ClientHello
    if (server_first_flight < 0) server_first_flight = index;
    return index == 0;  // the first datagram of the server's first flight
  };
  const Timestamp start = p.now();
  ASSERT_TRUE(p.connect());
  EXPECT_GE(p.a_dropped, 1);
  EXPECT_GE(p.z_dropped, 1);
  EXPECT_GE(p.a().stats().retransmissions + p.z().stats().retransmissions, 2u);
  // One client timeout (1 s) plus one more for the server flight (1 s) at least.
  EXPECT_GE(p.now() - start, Duration(2s));
  EXPECT_LE(p.now() - start, Duration(4s));
  ASSERT_NE(find_event<DtlsConnected>(p.a_events()), nullptr);
}

// The server's last flight (ChangeCipherSpec + Finished) is lost: the server is done and has no
// timer, so the client's timer resends its last flight and the server answers it again.
TEST(DtlsTransport, HandshakeRecoversWhenTheServersLastFlightIsLost) {
  Pair p = Pair::standard();
  bool dropped_final = false;
  p.drop = [&](bool from_a, int, const Bytes& datagram) {
    if (from_a || dropped_final) return false;
    auto records = parse_records(datagram);
    for (const auto& r : *records) {
      if (r.type == ContentType::kChangeCipherSpec) {
        dropped_final = true;
        return true;
      }
    }
    return false;
  };
  p.start();
  p.exchange();
  EXPECT_TRUE(dropped_final);
  EXPECT_EQ(p.z().state(), DtlsState::kConnected);
  EXPECT_EQ(p.a().state(), DtlsState::kConnecting);
  ASSERT_TRUE(p.run_until([&] { return p.both(DtlsState::kConnected); }));
  EXPECT_GE(p.a().stats().retransmissions, 1u);
}

// Loss on both paths at random (seeded): the handshake still completes, in both roles.
TEST(DtlsTransport, HandshakeCompletesUnderHeavyRandomLoss) {
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    Pair p = Pair::standard();
    uint64_t state = seed * 0x9E3779B97F4A7C15ULL;
    p.drop = [&](bool, int, const Bytes&) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      return state % 100 < 40;  // 40% loss
    };
    p.start();
    ASSERT_TRUE(p.run_until([&] { return p.both(DtlsState::kConnected); }, 3600s)) << "seed " << seed;
  }
}

// Fingerprint mismatch: a substituted certificate is rejected by the side that checks it, with a
// clear reason, and the other side learns of it through the alert. Both directions.
TEST(DtlsTransport, ClientRejectsASubstitutedServerCertificate) {
  Pair p(Pair::config(Role::kClient, cert_mallory()), Pair::config(Role::kServer, cert_a()));
  p.start();
  ASSERT_TRUE(p.run_until([&] { return p.settled(); }));
  EXPECT_EQ(p.a().state(), DtlsState::kFailed);
  EXPECT_EQ(p.z().state(), DtlsState::kFailed);
  const auto* a = find_event<DtlsFailed>(p.a_events());
  const auto* z = find_event<DtlsFailed>(p.z_events());
  ASSERT_TRUE(a && z);
  EXPECT_NE(a->reason.find("does not match the a=fingerprint"), std::string::npos) << a->reason;
  EXPECT_NE(z->reason.find("bad certificate"), std::string::npos) << z->reason;
  EXPECT_EQ(find_event<DtlsConnected>(p.a_events()), nullptr);
  EXPECT_EQ(find_event<DtlsConnected>(p.z_events()), nullptr);
}

TEST(DtlsTransport, ServerRejectsASubstitutedClientCertificate) {
  Pair p(Pair::config(Role::kClient, cert_z()), Pair::config(Role::kServer, cert_mallory()));
  p.start();
  ASSERT_TRUE(p.run_until([&] { return p.settled(); }));
  EXPECT_EQ(p.z().state(), DtlsState::kFailed);
  EXPECT_EQ(p.a().state(), DtlsState::kFailed);
  const auto* z = find_event<DtlsFailed>(p.z_events());
  const auto* a = find_event<DtlsFailed>(p.a_events());
  ASSERT_TRUE(a && z);
  EXPECT_NE(z->reason.find("does not match the a=fingerprint"), std::string::npos) << z->reason;
  EXPECT_NE(a->reason.find("bad certificate"), std::string::npos) << a->reason;
  EXPECT_EQ(find_event<DtlsConnected>(p.a_events()), nullptr);
}

// RFC 8122 §5: with several fingerprints, those of the strongest hash decide.
TEST(DtlsTransport, AcceptsAnyHashAndUsesTheStrongestOffered) {
  for (auto algorithm : {crypto::HashAlgorithm::kSha1, crypto::HashAlgorithm::kSha256,
                         crypto::HashAlgorithm::kSha384, crypto::HashAlgorithm::kSha512}) {
    DtlsConfig a_config = Pair::config(Role::kClient, cert_z());
    a_config.remote_fingerprints = {cert_z().fingerprint(algorithm)};
    Pair p(a_config, Pair::config(Role::kServer, cert_a()));
    ASSERT_TRUE(p.connect()) << crypto::hash_name(algorithm);
  }
  // A right sha-1 does not save a wrong sha-256.
  DtlsConfig a_config = Pair::config(Role::kClient, cert_z());
  a_config.remote_fingerprints = {cert_z().fingerprint(crypto::HashAlgorithm::kSha1),
                                  cert_mallory().fingerprint(crypto::HashAlgorithm::kSha256)};
  Pair p(a_config, Pair::config(Role::kServer, cert_a()));
  p.start();
  ASSERT_TRUE(p.run_until([&] { return p.settled(); }));
  EXPECT_EQ(p.a().state(), DtlsState::kFailed);
  // Two sha-256 values, one right: accepted.
  DtlsConfig b_config = Pair::config(Role::kClient, cert_z());
  b_config.remote_fingerprints = {cert_mallory().fingerprint(), cert_z().fingerprint()};
  Pair q(b_config, Pair::config(Role::kServer, cert_a()));
  EXPECT_TRUE(q.connect());
}

// The answer (with Z's fingerprint) can arrive after Z's handshake started: A completes the
// handshake, holds what Z sends, and connects once the fingerprint is set and matches.
TEST(DtlsTransport, FingerprintsGivenAfterTheHandshakeReleaseHeldData) {
  DtlsConfig a_config = Pair::config(Role::kServer, cert_z());
  a_config.remote_fingerprints.clear();
  Pair p(a_config, Pair::config(Role::kClient, cert_a()));
  p.start();
  ASSERT_TRUE(p.run_until([&] { return p.z().state() == DtlsState::kConnected; }));
  EXPECT_EQ(p.a().state(), DtlsState::kConnecting);  // authenticated by nobody yet
  EXPECT_EQ(find_event<DtlsConnected>(p.a_events()), nullptr);
  ASSERT_TRUE(p.z().send(as_bytes("early")).ok());
  EXPECT_FALSE(p.a().send(as_bytes("not yet")).ok());
  p.exchange();
  EXPECT_TRUE(p.a_events().empty());
  p.a().set_remote_fingerprints(p.now(), {cert_z().fingerprint()});
  p.exchange();
  EXPECT_EQ(p.a().state(), DtlsState::kConnected);
  ASSERT_EQ(p.a_events().size(), 2u);
  EXPECT_TRUE(std::holds_alternative<DtlsConnected>(p.a_events()[0]));
  EXPECT_EQ(received_data(p.a_events()), Bytes(as_bytes("early").begin(), as_bytes("early").end()));
}

TEST(DtlsTransport, LateFingerprintThatDoesNotMatchFails) {
  DtlsConfig a_config = Pair::config(Role::kServer, cert_z());
  a_config.remote_fingerprints.clear();
  Pair p(a_config, Pair::config(Role::kClient, cert_a()));
  p.start();
  ASSERT_TRUE(p.run_until([&] { return p.z().state() == DtlsState::kConnected; }));
  ASSERT_TRUE(p.z().send(as_bytes("secret for the wrong peer")).ok());
  p.exchange();
  p.a().set_remote_fingerprints(p.now(), {cert_mallory().fingerprint()});
  p.exchange();
  EXPECT_EQ(p.a().state(), DtlsState::kFailed);
  EXPECT_EQ(received_data(p.a_events()), Bytes());  // the held data is never delivered
  const auto* failed = find_event<DtlsFailed>(p.a_events());
  ASSERT_NE(failed, nullptr);
  EXPECT_NE(failed->reason.find("does not match"), std::string::npos);
  // A's close_notify tells Z.
  EXPECT_EQ(p.z().state(), DtlsState::kClosed);
}

TEST(DtlsTransport, SrtpKeyingMaterialIsIdenticalOnBothSidesWithHalvesSwapped) {
  Pair p = Pair::standard();
  ASSERT_TRUE(p.connect());
  const auto* a = find_event<DtlsConnected>(p.a_events());
  const auto* z = find_event<DtlsConnected>(p.z_events());
  ASSERT_TRUE(a && z && a->srtp && z->srtp);
  EXPECT_EQ(a->srtp->profile, SrtpProfile::kAeadAes128Gcm);  // first in our offer
  EXPECT_EQ(*a->srtp, *z->srtp);
  EXPECT_EQ(a->srtp->client_key.size(), 16u);
  EXPECT_EQ(a->srtp->client_salt.size(), 12u);
  EXPECT_NE(a->srtp->client_key, a->srtp->server_key);
  // What the client sends with, the server receives with, and the reverse.
  EXPECT_EQ(a->srtp->local_key(Role::kClient), z->srtp->remote_key(Role::kServer));
  EXPECT_EQ(a->srtp->local_salt(Role::kClient), z->srtp->remote_salt(Role::kServer));
  EXPECT_EQ(a->srtp->remote_key(Role::kClient), z->srtp->local_key(Role::kServer));
  // Every handshake derives fresh keys.
  Pair q = Pair::standard();
  ASSERT_TRUE(q.connect());
  EXPECT_NE(find_event<DtlsConnected>(q.a_events())->srtp->client_key, a->srtp->client_key);
}

TEST(DtlsTransport, AesCmProfileIsNegotiatedWhenThePeerOffersOnlyIt) {
  DtlsConfig a_config = Pair::config(Role::kClient, cert_z());
  a_config.srtp_profiles = {SrtpProfile::kAes128CmSha1_80};
  Pair p(a_config, Pair::config(Role::kServer, cert_a()));
  ASSERT_TRUE(p.connect());
  const auto* a = find_event<DtlsConnected>(p.a_events());
  const auto* z = find_event<DtlsConnected>(p.z_events());
  ASSERT_TRUE(a->srtp && z->srtp);
  EXPECT_EQ(a->srtp->profile, SrtpProfile::kAes128CmSha1_80);
  EXPECT_EQ(*a->srtp, *z->srtp);
  EXPECT_EQ(a->srtp->server_salt.size(), 14u);
}

TEST(DtlsTransport, WithoutUseSrtpThereIsNoKeyingMaterial) {
  DtlsConfig a_config = Pair::config(Role::kClient, cert_z());
  a_config.srtp_profiles.clear();
  Pair p(a_config, Pair::config(Role::kServer, cert_a()));
  ASSERT_TRUE(p.connect());
  EXPECT_FALSE(find_event<DtlsConnected>(p.a_events())->srtp.has_value());
  EXPECT_FALSE(find_event<DtlsConnected>(p.z_events())->srtp.has_value());
}

TEST(DtlsTransport, PeerWithoutAlpnIsAccepted) {
  DtlsConfig a_config = Pair::config(Role::kClient, cert_z());
  a_config.offer_alpn = false;
  Pair p(a_config, Pair::config(Role::kServer, cert_a()));
  ASSERT_TRUE(p.connect());
  EXPECT_EQ(find_event<DtlsConnected>(p.a_events())->alpn, "");
  EXPECT_EQ(find_event<DtlsConnected>(p.z_events())->alpn, "");
}

TEST(DtlsTransport, ChaCha20IsNegotiatedWhenBothOfferIt) {
  Pair p = Pair::standard();
  ASSERT_TRUE(p.connect());
  const auto* a = find_event<DtlsConnected>(p.a_events());
  EXPECT_EQ(a->cipher_suite, CipherSuite::kEcdheEcdsaChacha20Poly1305);
  EXPECT_EQ(a->cipher_suite_name, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
  // Even when the client prefers AES-GCM (as Chrome does on machines with AES instructions), our
  // server's order wins.
  DtlsConfig a_config = Pair::config(Role::kClient, cert_z());
  a_config.cipher_suites = {CipherSuite::kEcdheEcdsaAes128Gcm, CipherSuite::kEcdheEcdsaChacha20Poly1305};
  Pair q(a_config, Pair::config(Role::kServer, cert_a()));
  ASSERT_TRUE(q.connect());
  EXPECT_EQ(find_event<DtlsConnected>(q.z_events())->cipher_suite, CipherSuite::kEcdheEcdsaChacha20Poly1305);
}

TEST(DtlsTransport, AesGcmIsNegotiatedWhenThePeerLacksChaCha20) {
  for (CipherSuite only : {CipherSuite::kEcdheEcdsaAes128Gcm, CipherSuite::kEcdheEcdsaAes256Gcm}) {
    DtlsConfig a_config = Pair::config(Role::kClient, cert_z());
    a_config.cipher_suites = {only};
    Pair p(a_config, Pair::config(Role::kServer, cert_a()));
    ASSERT_TRUE(p.connect());
    EXPECT_EQ(find_event<DtlsConnected>(p.a_events())->cipher_suite, only);
    EXPECT_EQ(find_event<DtlsConnected>(p.z_events())->cipher_suite_name, cipher_suite_name(only));
    // Data flows under every suite.
    ASSERT_TRUE(p.a().send(as_bytes("hello")).ok());
    p.exchange();
    EXPECT_EQ(received_data(p.z_events()).size(), 5u);
  }
  // No common suite: both fail cleanly.
  DtlsConfig a_config = Pair::config(Role::kClient, cert_z());
  a_config.cipher_suites = {CipherSuite::kEcdheEcdsaAes256Gcm};
  DtlsConfig z_config = Pair::config(Role::kServer, cert_a());
  z_config.cipher_suites = {CipherSuite::kEcdheEcdsaChacha20Poly1305};
  Pair p(a_config, z_config);
  p.start();
  ASSERT_TRUE(p.run_until([&] { return p.settled(); }));
  EXPECT_EQ(p.a().state(), DtlsState::kFailed);
  EXPECT_EQ(p.z().state(), DtlsState::kFailed);
}

TEST(DtlsTransport, ApplicationDataRoundTripKeepsRecordBoundaries) {
  Pair p = Pair::standard();
  ASSERT_TRUE(p.connect());
  ASSERT_TRUE(p.a().send(as_bytes("ping")).ok());
  ASSERT_TRUE(p.a().send(as_bytes("second")).ok());
  p.exchange();
  ASSERT_TRUE(p.z().send(as_bytes("pong")).ok());
  p.exchange();
  std::vector<std::string> at_z, at_a;
  for (const auto& e : p.z_events()) {
    if (auto* d = std::get_if<DtlsData>(&e)) at_z.emplace_back(d->data.begin(), d->data.end());
  }
  for (const auto& e : p.a_events()) {
    if (auto* d = std::get_if<DtlsData>(&e)) at_a.emplace_back(d->data.begin(), d->data.end());
  }
  EXPECT_EQ(at_z, (std::vector<std::string>{"ping", "second"}));
  EXPECT_EQ(at_a, (std::vector<std::string>{"pong"}));
  EXPECT_EQ(p.a().stats().application_records_sent, 2u);
  EXPECT_EQ(p.z().stats().application_records_received, 2u);
  // Empty sends are no-ops.
  EXPECT_EQ(p.a().send({}).value(), 0u);
}

TEST(DtlsTransport, SendBeforeConnectedIsAnInvalidStateError) {
  Pair p = Pair::standard();
  auto r = p.a().send(as_bytes("too early"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidState);
  EXPECT_EQ(p.a().max_application_payload(), 0u);
}

// A 16 KB payload crosses in records that each fit the MTU (SCTP above keeps its packets within
// max_application_payload(), so for it one send is one record).
TEST(DtlsTransport, SixteenKilobytePayloadIsCutIntoRecordsThatFitTheMtu) {
  Pair p = Pair::standard();
  ASSERT_TRUE(p.connect());
  const size_t max_payload = p.a().max_application_payload();
  EXPECT_GT(max_payload, 1100u);
  EXPECT_LT(max_payload, 1200u);
  Bytes payload(16384);
  for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(i * 7 + (i >> 8));
  ASSERT_EQ(p.a().send(payload).value(), payload.size());
  p.exchange();  // checks every datagram against the MTU
  EXPECT_EQ(received_data(p.z_events()), payload);
  EXPECT_EQ(p.z().stats().application_records_received, (payload.size() + max_payload - 1) / max_payload);
  // A payload of exactly max_application_payload() is one datagram of at most the MTU.
  const uint64_t before = p.a().stats().datagrams_sent;
  ASSERT_TRUE(p.a().send(Bytes(max_payload, 0x5A)).ok());
  auto datagram = p.a().poll_transmit();
  ASSERT_TRUE(datagram.has_value());
  EXPECT_LE(datagram->size(), 1200u);
  EXPECT_GE(datagram->size(), 1190u);
  EXPECT_EQ(p.a().stats().datagrams_sent, before + 1);
}

// SCTP finds its own path MTU (RFC 8261 §5, RFC 8899): each of its packets is one record, up to
// the 16 KiB record limit, whatever MTU the handshake was given.
TEST(DtlsTransport, SendPacketIsOneRecordUpToTheRecordLimitWhateverTheMtu) {
  Pair p = Pair::standard();
  ASSERT_TRUE(p.connect());
  EXPECT_EQ(p.a().payload_for_datagram(1200), p.a().max_application_payload());
  EXPECT_EQ(p.a().payload_for_datagram(65507), 16384u);
  const size_t overhead = 1200 - p.a().max_application_payload();
  EXPECT_EQ(p.a().payload_for_datagram(1472), 1472 - overhead);
  EXPECT_EQ(p.a().payload_for_datagram(overhead), 0u);
  Bytes packet(16384);
  for (size_t i = 0; i < packet.size(); ++i) packet[i] = static_cast<uint8_t>(i * 13 + (i >> 9));
  std::vector<size_t> sizes;
  p.drop = [&](bool from_a, int, const Bytes& datagram) {
    if (from_a) sizes.push_back(datagram.size());
    return false;
  };
  p.mtu_limit = 16384 + overhead;
  ASSERT_EQ(p.a().send_packet(packet).value(), packet.size());
  p.exchange();
  EXPECT_EQ(sizes, std::vector<size_t>{16384 + overhead});
  EXPECT_EQ(received_data(p.z_events()), packet);
  EXPECT_EQ(p.z().stats().application_records_received, 1u);
  auto too_big = p.a().send_packet(Bytes(16385, 1));
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(p.a().state(), DtlsState::kConnected);  // refused, not failed
}

// RFC 8449: both sides say they take records of 2^14 bytes; a side that does not offer the
// extension gets none back and sees none (OpenSSL answers a custom extension only when offered).
TEST(DtlsTransport, RecordSizeLimitIsExchangedOnlyWhenBothSidesSpeakIt) {
  Pair both = Pair::standard();
  ASSERT_TRUE(both.connect());
  EXPECT_EQ(both.a().peer_record_size_limit(), std::optional<size_t>(16384));
  EXPECT_EQ(both.z().peer_record_size_limit(), std::optional<size_t>(16384));
  for (bool client_speaks : {false, true}) {
    DtlsConfig a_config = Pair::config(Role::kClient, cert_z());
    DtlsConfig z_config = Pair::config(Role::kServer, cert_a());
    (client_speaks ? z_config : a_config).record_size_limit = false;
    Pair p(a_config, z_config);
    ASSERT_TRUE(p.connect());
    EXPECT_FALSE(p.a().peer_record_size_limit().has_value()) << client_speaks;
    EXPECT_FALSE(p.z().peer_record_size_limit().has_value()) << client_speaks;
    // Without a limit from the peer nothing changes for send_packet() itself.
    EXPECT_EQ(p.a().payload_for_datagram(65507), 16384u);
  }
}

TEST(DtlsTransport, SmallMtuFragmentsTheHandshake) {
  DtlsConfig a_config = Pair::config(Role::kClient, cert_z());
  DtlsConfig z_config = Pair::config(Role::kServer, cert_a());
  a_config.mtu = z_config.mtu = 300;
  Pair p(a_config, z_config);
  p.mtu_limit = 300;
  ASSERT_TRUE(p.connect());
  EXPECT_GT(p.z().stats().datagrams_sent, 3u);  // the certificate alone is bigger than 300 bytes
  ASSERT_TRUE(p.z().send(Bytes(1000, 1)).ok());
  p.exchange();
  EXPECT_EQ(received_data(p.a_events()), Bytes(1000, 1));
}

TEST(DtlsTransport, CloseNotifyClosesThePeer) {
  Pair p = Pair::standard();
  ASSERT_TRUE(p.connect());
  p.a().close(p.now());
  EXPECT_EQ(p.a().state(), DtlsState::kClosed);
  p.exchange();
  EXPECT_EQ(p.z().state(), DtlsState::kClosed);
  const auto* a = find_event<DtlsClosed>(p.a_events());
  const auto* z = find_event<DtlsClosed>(p.z_events());
  ASSERT_TRUE(a && z);
  EXPECT_FALSE(a->by_peer);
  EXPECT_TRUE(z->by_peer);
  EXPECT_FALSE(p.a().send(as_bytes("after close")).ok());
  EXPECT_FALSE(p.z().send(as_bytes("after close")).ok());
  EXPECT_TRUE(p.a().next_timeout().is_infinite());
  // Closing twice is harmless; what arrives later is ignored.
  p.a().close(p.now());
  EXPECT_EQ(p.a().stats().datagrams_ignored, 1u);  // Z's answering close_notify
}

TEST(DtlsTransport, CloseDuringTheHandshakeStopsTheTimers) {
  Pair p = Pair::standard();
  p.a().start(p.now());
  EXPECT_FALSE(p.a().next_timeout().is_infinite());
  p.a().close(p.now());
  EXPECT_EQ(p.a().state(), DtlsState::kClosed);
  EXPECT_TRUE(p.a().next_timeout().is_infinite());
}

TEST(DtlsTransport, GarbageDatagramsAreDroppedAndCountedWithoutFailing) {
  Pair p = Pair::standard();
  p.start();
  // Mid-handshake: not DTLS at all, a truncated record, a record with a bad version.
  const Bytes not_dtls = {0x00, 0x01, 0x00, 0x00};
  const Bytes truncated = {22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 40, 1, 2, 3};
  const Bytes bad_version = {22, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
  for (const Bytes* g : {&not_dtls, &truncated, &bad_version}) {
    p.a().handle_receive(p.now(), *g);
    p.z().handle_receive(p.now(), *g);
  }
  EXPECT_EQ(p.a().stats().malformed_datagrams_dropped, 3u);
  EXPECT_EQ(p.z().stats().malformed_datagrams_dropped, 3u);
  ASSERT_TRUE(p.run_until([&] { return p.both(DtlsState::kConnected); }));
  // Connected: a well-framed application data record whose authentication fails is dropped by
  // the record layer (RFC 6347 §4.1.2.7) and the connection carries on.
  Bytes forged = {23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 40};
  forged.resize(forged.size() + 40, 0xEE);
  p.z().handle_receive(p.now(), forged);
  EXPECT_EQ(p.z().state(), DtlsState::kConnected);
  EXPECT_TRUE(p.z_events().size() == 1u);  // only Connected
  ASSERT_TRUE(p.a().send(as_bytes("still fine")).ok());
  p.exchange();
  EXPECT_EQ(received_data(p.z_events()).size(), 10u);
}

// The per-packet paths do not clear OpenSSL's error queue around every SSL_read / SSL_write; a
// forged record next to a genuine one in the same datagram, in either order, and an error another
// OpenSSL user left on this thread must still not be taken for a failure of the connection.
TEST(DtlsTransport, ForgedRecordsAndStaleErrorsDoNotFailTheConnection) {
  Pair p = Pair::standard();
  ASSERT_TRUE(p.connect());
  Bytes forged = {23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 40};
  forged.resize(forged.size() + 40, 0xEE);
  auto genuine = [&](std::string_view text) {
    EXPECT_TRUE(p.a().send(as_bytes(text)).ok());
    return p.a().poll_transmit().value();
  };
  Bytes first = forged;
  Bytes g1 = genuine("one");
  first.insert(first.end(), g1.begin(), g1.end());
  p.z().handle_receive(p.now(), first);
  Bytes second = genuine("two");
  second.insert(second.end(), forged.begin(), forged.end());
  p.z().handle_receive(p.now(), second);
  ERR_raise(ERR_LIB_USER, ERR_R_INTERNAL_ERROR);  // someone else's error, left behind
  p.z().handle_receive(p.now(), genuine("three"));
  EXPECT_EQ(ERR_peek_error(), 0u);
  ERR_raise(ERR_LIB_USER, ERR_R_INTERNAL_ERROR);
  ASSERT_TRUE(p.z().send(as_bytes("back")).ok());
  p.exchange();
  EXPECT_EQ(p.z().state(), DtlsState::kConnected);
  EXPECT_EQ(p.a().state(), DtlsState::kConnected);
  EXPECT_EQ(received_data(p.z_events()), Bytes(as_bytes("onetwothree").begin(), as_bytes("onetwothree").end()));
  EXPECT_EQ(received_data(p.a_events()).size(), 4u);
}

TEST(DtlsTransport, DatagramsBeforeStartAreIgnored) {
  Pair p = Pair::standard();
  p.a().start(p.now());
  Bytes hello = p.a().poll_transmit().value();
  p.z().handle_receive(p.now(), hello);
  EXPECT_EQ(p.z().stats().datagrams_ignored, 1u);
  EXPECT_FALSE(p.z().poll_transmit().has_value());
  p.z().start(p.now());
  p.z().handle_receive(p.now(), hello);
  EXPECT_TRUE(p.z().poll_transmit().has_value());  // the server's first flight
}

// Two handshakes interleaved on one thread, one failing with OpenSSL errors: nothing of one
// (error queue, callbacks, configuration) leaks into the other.
TEST(DtlsTransport, TransportsAreIndependent) {
  Pair good = Pair::standard();
  Pair bad(Pair::config(Role::kClient, cert_mallory()), Pair::config(Role::kServer, cert_a()));
  good.a().start(good.now());
  bad.a().start(bad.now());
  good.z().start(good.now());
  bad.z().start(bad.now());
  for (int i = 0; i < 10; ++i) {
    bad.exchange();
    good.exchange();
  }
  EXPECT_TRUE(good.both(DtlsState::kConnected));
  EXPECT_EQ(bad.a().state(), DtlsState::kFailed);
  ASSERT_TRUE(good.a().send(as_bytes("ok")).ok());
  good.exchange();
  EXPECT_EQ(received_data(good.z_events()).size(), 2u);
}

// Transports with the same settings share one SSL_CTX (ssl_context_cache.h); the certificate is
// each connection's own, so two clients and two servers with different certificates, alive at once,
// each present theirs.
TEST(DtlsTransport, TransportsWithOneConfigurationEachPresentTheirOwnCertificate) {
  Pair first = Pair::standard();
  Pair second(Pair::config(Role::kClient, cert_a()), Pair::config(Role::kServer, cert_mallory()), cert_mallory(),
              cert_a());
  ASSERT_TRUE(first.connect());
  ASSERT_TRUE(second.connect());
  const auto* first_client = find_event<DtlsConnected>(first.a_events());
  const auto* first_server = find_event<DtlsConnected>(first.z_events());
  const auto* second_client = find_event<DtlsConnected>(second.a_events());
  const auto* second_server = find_event<DtlsConnected>(second.z_events());
  ASSERT_TRUE(first_client && first_server && second_client && second_server);
  EXPECT_EQ(first_client->remote_certificate_der, cert_z().der());
  EXPECT_EQ(first_server->remote_certificate_der, cert_a().der());
  EXPECT_EQ(second_client->remote_certificate_der, cert_a().der());
  EXPECT_EQ(second_server->remote_certificate_der, cert_mallory().der());
}

TEST(DtlsTransport, RejectsBadConfiguration) {
  DtlsConfig small = Pair::config(Role::kClient, cert_z());
  small.mtu = 100;
  auto r = DtlsTransport::create(cert_a(), small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  DtlsConfig no_ciphers = Pair::config(Role::kClient, cert_z());
  no_ciphers.cipher_suites.clear();
  EXPECT_FALSE(DtlsTransport::create(cert_a(), no_ciphers).ok());
  DtlsConfig bad_timers = Pair::config(Role::kClient, cert_z());
  bad_timers.max_retransmit_timeout = 1ms;
  EXPECT_FALSE(DtlsTransport::create(cert_a(), bad_timers).ok());
}

TEST(DtlsTransport, StateNames) {
  EXPECT_EQ(dtls_state_name(DtlsState::kNew), "new");
  EXPECT_EQ(dtls_state_name(DtlsState::kConnecting), "connecting");
  EXPECT_EQ(dtls_state_name(DtlsState::kConnected), "connected");
  EXPECT_EQ(dtls_state_name(DtlsState::kClosed), "closed");
  EXPECT_EQ(dtls_state_name(DtlsState::kFailed), "failed");
}

}  // namespace
}  // namespace wasmrtc::dtls
