// A DTLS 1.2 endpoint (RFC 6347) for WebRTC (RFC 8827 §6.5, RFC 8842), sans-IO, on OpenSSL 3.0.
//
// Drain contract (as str0m's): after start(), handle_receive(), handle_timeout(), send() or close(),
// call poll_transmit() until it returns nullopt and send each datagram, call poll_event() until it
// returns nullopt, then arm a timer for next_timeout(). Nothing here reads a clock, opens a socket
// or calls back into the caller.
//
// What it negotiates: DTLS 1.2 only; ECDHE-ECDSA with ChaCha20-Poly1305, AES-128-GCM or
// AES-256-GCM (ChaCha20 first by default: about 2.7x faster than software AES-GCM in wasm; as the
// server our order wins, as the client the peer's may); use_srtp with AEAD_AES_128_GCM and
// AES_CM_128_HMAC_SHA1_80 (RFC 5764, RFC 7714) and the SRTP keys exported from the handshake; ALPN
// "webrtc" (RFC 8833), offered as client and accepted as server, with peers that send no ALPN
// still accepted. No renegotiation, no session tickets.
//
// Authentication (RFC 8122, RFC 5763 §5): the peer's certificate is self-signed and trusted only if
// it hashes to one of the a=fingerprint values from the remote SDP. The fingerprints may arrive
// after the peer starts its handshake (set_remote_fingerprints): the handshake then completes but
// the transport stays "connecting", holding received data, until they arrive and match.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "common/time.h"
#include "crypto/certificate.h"
#include "crypto/fingerprint.h"
#include "dtls/dtls_role.h"
#include "dtls/srtp_keying.h"

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct x509_store_ctx_st X509_STORE_CTX;

namespace wasmrtc::dtls {

class DatagramBio;

enum class CipherSuite : uint16_t {  // IANA TLS cipher suite values
  kEcdheEcdsaChacha20Poly1305 = 0xCCA9,
  kEcdheEcdsaAes128Gcm = 0xC02B,
  kEcdheEcdsaAes256Gcm = 0xC02C,
};
// IANA description, as W3C RTCTransportStats.dtlsCipher reports it,
// e.g. "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256".
std::string_view cipher_suite_name(CipherSuite suite);

struct DtlsConfig {
  Role role = Role::kClient;
  // The peer's a=fingerprint values; may be empty now and given later (set_remote_fingerprints).
  std::vector<crypto::Fingerprint> remote_fingerprints;
  // Largest datagram sent (the UDP payload): handshake messages are fragmented to fit and
  // send() cuts application data into records that fit. At least 256.
  size_t mtu = 1200;
  // Handshake retransmission (RFC 6347 §4.2.4.1): the first timeout, doubled on each expiry up to
  // the maximum. OpenSSL gives up (the transport fails) after 12 expiries of one flight.
  Duration initial_retransmit_timeout = std::chrono::seconds(1);
  Duration max_retransmit_timeout = std::chrono::seconds(60);
  // Offered / accepted in this order of preference; not empty.
  std::vector<CipherSuite> cipher_suites = {CipherSuite::kEcdheEcdsaChacha20Poly1305,
                                            CipherSuite::kEcdheEcdsaAes128Gcm,
                                            CipherSuite::kEcdheEcdsaAes256Gcm};
  // use_srtp (RFC 5764) profiles in order of preference; empty: no use_srtp extension.
  std::vector<SrtpProfile> srtp_profiles = {SrtpProfile::kAeadAes128Gcm, SrtpProfile::kAes128CmSha1_80};
  bool offer_alpn = true;  // ALPN "webrtc" as client (RFC 8833 §3)
  // RFC 8449 record_size_limit: tell the peer the largest record plaintext we take (2^14, all of
  // DTLS 1.2's). Only a peer that says the same of itself is sent packets larger than the
  // handshake's MTU (SCTP path MTU discovery, send_packet()): Chromium drops the whole connection
  // when a DTLS datagram of more than 2 048 bytes reaches it, and says nothing of a limit.
  bool record_size_limit = true;
};

// RTCDtlsTransportState.
enum class DtlsState { kNew, kConnecting, kConnected, kClosed, kFailed };
std::string_view dtls_state_name(DtlsState state);

// Handshake done and the peer authenticated.
struct DtlsConnected {
  CipherSuite cipher_suite = CipherSuite::kEcdheEcdsaAes128Gcm;
  std::string cipher_suite_name;       // IANA name of the negotiated suite
  std::string alpn;                    // "webrtc", or empty if the peer did not negotiate ALPN
  std::optional<SrtpKeyingMaterial> srtp;  // nullopt if the peer did not negotiate use_srtp
  Bytes remote_certificate_der;        // RTCDtlsTransport.getRemoteCertificates()
};
// One application data record (the payload of one send() up to max_application_payload()).
struct DtlsData {
  Bytes data;
};
// close_notify received (by_peer) or close() called.
struct DtlsClosed {
  bool by_peer = false;
};
struct DtlsFailed {
  std::string reason;
};
using DtlsEvent = std::variant<DtlsConnected, DtlsData, DtlsClosed, DtlsFailed>;

struct DtlsStats {
  uint64_t datagrams_received = 0;           // handed to handle_receive
  uint64_t bytes_received = 0;
  uint64_t datagrams_sent = 0;               // returned by poll_transmit
  uint64_t bytes_sent = 0;
  uint64_t malformed_datagrams_dropped = 0;  // not a sequence of DTLS records (dtls_record.h)
  uint64_t datagrams_ignored = 0;            // before start() or after closed/failed
  uint64_t retransmissions = 0;              // handshake flights resent on timeout
  uint64_t application_records_sent = 0;
  uint64_t application_records_received = 0;
  uint64_t unverified_records_dropped = 0;   // data beyond the hold limit before fingerprints arrived
};

class DtlsTransport {
 public:
  // Fails (kInvalidArgument) for an MTU below 256, an empty cipher list or an unusable
  // certificate, and (kOperationFailed) if OpenSSL cannot allocate.
  static Result<std::unique_ptr<DtlsTransport>> create(const crypto::Certificate& certificate, DtlsConfig config);
  ~DtlsTransport();
  DtlsTransport(const DtlsTransport&) = delete;
  DtlsTransport& operator=(const DtlsTransport&) = delete;

  // Begins the handshake: the client sends its ClientHello, the server waits for one.
  void start(Timestamp now);
  // One received datagram (which may hold several records). Datagrams that are not DTLS record
  // sequences are dropped and counted, never fatal.
  void handle_receive(Timestamp now, ByteView datagram);
  // Retransmits the last flight if next_timeout() has passed.
  void handle_timeout(Timestamp now);
  // When handle_timeout wants to be called; Timestamp::infinite() if no timer runs.
  Timestamp next_timeout() const;

  // The peer's fingerprints, if they were not known at create(). Verifies a certificate already
  // received; a mismatch fails the transport.
  void set_remote_fingerprints(Timestamp now, std::vector<crypto::Fingerprint> fingerprints);

  // Application data, once connected: cut into records of at most max_application_payload()
  // bytes, each its own datagram. Returns the number of bytes accepted (all of them) or
  // kInvalidState before connected / after closed or failed.
  Result<size_t> send(ByteView data);
  // The largest payload that travels as one record in one datagram of at most `mtu` bytes under
  // the negotiated cipher; 0 before connected.
  size_t max_application_payload() const;
  // One packet of a layer that finds its own path MTU (SCTP, RFC 8261 §5 with RFC 8899) as one
  // record, whatever `mtu` says (which bounds the handshake's flights): up to 16 384 bytes, the
  // largest record plaintext. kInvalidArgument above that; kInvalidState as send().
  Result<size_t> send_packet(ByteView packet);
  // The largest send_packet() payload whose datagram stays within `datagram_bytes` under the
  // negotiated cipher (record header, explicit nonce and tag taken off); 0 before connected.
  size_t payload_for_datagram(size_t datagram_bytes) const;
  // The largest record plaintext the peer said it takes (RFC 8449), if it said; set during the
  // handshake. send_packet() never exceeds it.
  std::optional<size_t> peer_record_size_limit() const { return peer_record_size_limit_; }

  // Sends close_notify (if the handshake completed) and becomes closed.
  void close(Timestamp now);

  std::optional<Bytes> poll_transmit();
  std::optional<DtlsEvent> poll_event();

  DtlsState state() const { return state_; }
  Role role() const { return config_.role; }
  const DtlsStats& stats() const { return stats_; }

 private:
  DtlsTransport(DtlsConfig config, std::unique_ptr<DatagramBio> bio);
  Result<bool> init(const crypto::Certificate& certificate);

  void advance();                  // drive the handshake, then read application data
  void on_handshake_complete();
  void read_application_data();
  void deliver_connected();
  void update_timer();        // after each OpenSSL call: follow what it did to its timer
  void recompute_deadline();
  void fail(std::string reason);
  std::string openssl_failure(const char* what);
  // Whether `der` matches the fingerprints (of the strongest algorithm offered, RFC 8122 §5).
  bool matches_fingerprints(ByteView der) const;

  static int verify_callback(int preverify_ok, X509_STORE_CTX* store);
  static unsigned int timer_callback(SSL* ssl, unsigned int previous_us);
  static void info_callback(const SSL* ssl, int where, int value);
  static int add_record_size_limit(SSL* ssl, unsigned int type, unsigned int context, const unsigned char** out,
                                   size_t* out_length, X509* x, size_t chain_index, int* alert, void* arg);
  static int parse_record_size_limit(SSL* ssl, unsigned int type, unsigned int context, const unsigned char* in,
                                     size_t in_length, X509* x, size_t chain_index, int* alert, void* arg);

  DtlsConfig config_;
  std::unique_ptr<DatagramBio> bio_;  // outlives ssl_ (the BIO's method lives here)
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;

  DtlsState state_ = DtlsState::kNew;
  Timestamp now_;
  bool handshake_done_ = false;
  bool awaiting_fingerprints_ = false;  // handshake done, peer not yet authenticated
  Bytes remote_der_;                    // the peer's certificate as the handshake presented it
  std::string verify_failure_;          // why the verify callback rejected the peer
  std::string peer_alert_;              // the last alert the peer sent, for failure reasons
  std::optional<size_t> peer_record_size_limit_;

  std::optional<DtlsConnected> connected_;
  Bytes read_buffer_;             // one record's plaintext, reused for every read
  std::deque<Bytes> held_data_;  // received before authentication, delivered after
  std::deque<DtlsEvent> events_;

  Duration retransmit_interval_{0};
  Timestamp deadline_ = Timestamp::infinite();
  bool clock_controlled_ = true;  // OpenSSL's timer follows ours (see datagram_bio.h)

  DtlsStats stats_;
};

}  // namespace wasmrtc::dtls
