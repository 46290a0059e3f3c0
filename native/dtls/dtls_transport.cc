#include "dtls/dtls_transport.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/time.h>

#include <algorithm>
#include <cstring>

#include "crypto/digest.h"
#include "dtls/datagram_bio.h"
#include "dtls/dtls_record.h"
#include "dtls/ssl_context_cache.h"

namespace wasmrtc::dtls {
namespace {

constexpr size_t kMinMtu = 256;
constexpr size_t kMaxMtu = 65507;            // largest UDP payload over IPv4
constexpr size_t kReadBufferSize = 16384;    // 2^14: the largest plaintext of one record
constexpr unsigned int kRecordSizeLimitExtension = 28;  // RFC 8449 (IANA TLS ExtensionType)
constexpr size_t kMaxHeldRecords = 64;       // data held while waiting for the fingerprints
constexpr unsigned char kAlpnWebrtc[] = {6, 'w', 'e', 'b', 'r', 't', 'c'};

// OpenSSL's error queue is per thread, shared by every transport (and everything else using
// OpenSSL) on it. SSL_get_error() misreads a WANT_READ as a failure if an older error is still
// queued, so each entry point makes sure it starts empty, and every failure path drains what it
// caused (openssl_failure(), fail()), so none leaves its own errors behind.
//
// The setup and teardown entry points clear it outright before and after. The per-packet ones
// (handle_receive, send) only look, and clear when something is there: clearing walks all of
// ERR's slots, which showed at ~1 % of a data channel transfer in wasm, while after a successful
// SSL_read / SSL_write (or one that wants more input) the queue is empty anyway.
struct ErrorQueueScope {
  ErrorQueueScope() { ERR_clear_error(); }
  ~ErrorQueueScope() { ERR_clear_error(); }
  ErrorQueueScope(const ErrorQueueScope&) = delete;
  ErrorQueueScope& operator=(const ErrorQueueScope&) = delete;
};

void ensure_error_queue_empty() {
  if (ERR_peek_error() != 0) ERR_clear_error();
}

const char* openssl_cipher_name(CipherSuite suite) {
  switch (suite) {
    case CipherSuite::kEcdheEcdsaChacha20Poly1305: return "ECDHE-ECDSA-CHACHA20-POLY1305";
    case CipherSuite::kEcdheEcdsaAes128Gcm: return "ECDHE-ECDSA-AES128-GCM-SHA256";
    case CipherSuite::kEcdheEcdsaAes256Gcm: return "ECDHE-ECDSA-AES256-GCM-SHA384";
  }
  return "";
}

// RFC 8122 §5: use the fingerprints of the strongest hash the peer offered.
int hash_strength(crypto::HashAlgorithm a) {
  switch (a) {
    case crypto::HashAlgorithm::kSha1: return 1;
    case crypto::HashAlgorithm::kSha224: return 2;
    case crypto::HashAlgorithm::kSha256: return 3;
    case crypto::HashAlgorithm::kSha384: return 4;
    case crypto::HashAlgorithm::kSha512: return 5;
  }
  return 0;
}

Bytes certificate_der(X509* x509) {
  if (x509 == nullptr) return {};
  int length = i2d_X509(x509, nullptr);
  if (length <= 0) return {};
  Bytes der(static_cast<size_t>(length));
  uint8_t* p = der.data();
  if (i2d_X509(x509, &p) != length) return {};
  return der;
}

// Server side of ALPN (RFC 7301 §3.2): pick "webrtc" if offered; otherwise carry on without ALPN,
// which RFC 8833 §4 tolerates for interoperability with endpoints that predate it.
int select_alpn(SSL*, const unsigned char** out, unsigned char* out_length, const unsigned char* in,
                unsigned int in_length, void*) {
  unsigned int i = 0;
  while (i < in_length) {
    unsigned int length = in[i];
    if (length == 0 || length > in_length - i - 1) break;  // malformed list: ignore it
    if (length == sizeof kAlpnWebrtc - 1 && std::memcmp(in + i + 1, kAlpnWebrtc + 1, length) == 0) {
      *out = in + i + 1;
      *out_length = static_cast<unsigned char>(length);
      return SSL_TLSEXT_ERR_OK;
    }
    i += 1 + length;
  }
  return SSL_TLSEXT_ERR_NOACK;
}

}  // namespace

std::string_view cipher_suite_name(CipherSuite suite) {
  switch (suite) {
    case CipherSuite::kEcdheEcdsaChacha20Poly1305: return "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
    case CipherSuite::kEcdheEcdsaAes128Gcm: return "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    case CipherSuite::kEcdheEcdsaAes256Gcm: return "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
  }
  return "";
}

std::string_view dtls_state_name(DtlsState state) {
  switch (state) {
    case DtlsState::kNew: return "new";
    case DtlsState::kConnecting: return "connecting";
    case DtlsState::kConnected: return "connected";
    case DtlsState::kClosed: return "closed";
    case DtlsState::kFailed: return "failed";
  }
  return "";
}

Result<std::unique_ptr<DtlsTransport>> DtlsTransport::create(const crypto::Certificate& certificate,
                                                             DtlsConfig config) {
  if (config.mtu < kMinMtu || config.mtu > kMaxMtu) {
    return make_error(ErrorCode::kInvalidArgument, "DTLS MTU must be between 256 and 65507 bytes");
  }
  if (config.cipher_suites.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "no DTLS cipher suite configured");
  }
  if (config.initial_retransmit_timeout.count() <= 0 ||
      config.max_retransmit_timeout < config.initial_retransmit_timeout ||
      config.max_retransmit_timeout > std::chrono::seconds(3600)) {
    return make_error(ErrorCode::kInvalidArgument, "DTLS retransmission timeouts out of range");
  }
  auto bio = DatagramBio::create();
  if (!bio) return make_error(ErrorCode::kOperationFailed, "cannot allocate the DTLS BIO");
  std::unique_ptr<DtlsTransport> transport(new DtlsTransport(std::move(config), std::move(bio)));
  auto ok = transport->init(certificate);
  if (!ok.ok()) return ok.error();
  return transport;
}

DtlsTransport::DtlsTransport(DtlsConfig config, std::unique_ptr<DatagramBio> bio)
    : config_(std::move(config)), bio_(std::move(bio)) {}

DtlsTransport::~DtlsTransport() {
  SSL_free(ssl_);  // frees the BIO, whose method bio_ still holds
  SSL_CTX_free(ctx_);
}

Result<bool> DtlsTransport::init(const crypto::Certificate& certificate) {
  ErrorQueueScope errors;
  // OpenSSL 3 initialises itself on first use (once per process, thread-safe); asking explicitly
  // makes a failure visible here rather than as a confusing later error.
  if (OPENSSL_init_ssl(0, nullptr) != 1) return make_error(ErrorCode::kOperationFailed, "OpenSSL init failed");
  std::string ciphers;
  for (CipherSuite suite : config_.cipher_suites) {
    if (!ciphers.empty()) ciphers += ':';
    ciphers += openssl_cipher_name(suite);
  }
  std::string profiles;
#ifndef OPENSSL_NO_SRTP
  // RFC 8827 §6.5: AEAD_AES_128_GCM (RFC 7714) preferred, AES_CM_128_HMAC_SHA1_80 mandatory.
  for (SrtpProfile profile : config_.srtp_profiles) {
    if (!profiles.empty()) profiles += ':';
    profiles += profile == SrtpProfile::kAeadAes128Gcm ? "SRTP_AEAD_AES_128_GCM" : "SRTP_AES128_CM_SHA1_80";
  }
#endif
  const bool alpn_server = config_.role == Role::kServer;
  // The context is shared by every transport with the same settings (ssl_context_cache.h): no
  // session cache, and callbacks that find their transport through the SSL's app data.
  const std::string key = ciphers + '|' + profiles + (alpn_server ? "|alpn-server" : "|") +
                          (config_.record_size_limit ? "|rsl" : "|");
  auto ctx = acquire_ssl_context(key, [&](SSL_CTX* ctx) -> Result<bool> {
    SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION);
    SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_QUERY_MTU | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET |
                                 SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    if (SSL_CTX_set_cipher_list(ctx, ciphers.c_str()) != 1) {
      return make_error(ErrorCode::kOperationFailed, openssl_failure("SSL_CTX_set_cipher_list"));
    }
    if (SSL_CTX_set1_groups_list(ctx, "X25519:P-256:P-384") != 1) {
      return make_error(ErrorCode::kOperationFailed, openssl_failure("SSL_CTX_set1_groups_list"));
    }
    // Ask for (server) and insist on (both) the peer's certificate; the callback trusts it by its
    // fingerprint alone, as there is no CA: WebRTC certificates are self-signed.
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, &DtlsTransport::verify_callback);
#ifndef OPENSSL_NO_SRTP
    // (This OpenSSL call returns 0 on success.)
    if (!profiles.empty() && SSL_CTX_set_tlsext_use_srtp(ctx, profiles.c_str()) != 0) {
      return make_error(ErrorCode::kOperationFailed, openssl_failure("SSL_CTX_set_tlsext_use_srtp"));
    }
#endif
    if (alpn_server) SSL_CTX_set_alpn_select_cb(ctx, &select_alpn, nullptr);
    // OpenSSL 3.0 does not know RFC 8449, so it is a custom extension: in the ClientHello, and in
    // the ServerHello only when the client sent it (OpenSSL's rule for custom extensions).
    if (config_.record_size_limit &&
        SSL_CTX_add_custom_ext(ctx, kRecordSizeLimitExtension, SSL_EXT_CLIENT_HELLO | SSL_EXT_TLS1_2_SERVER_HELLO,
                               &DtlsTransport::add_record_size_limit, nullptr, nullptr,
                               &DtlsTransport::parse_record_size_limit, nullptr) != 1) {
      return make_error(ErrorCode::kOperationFailed, openssl_failure("SSL_CTX_add_custom_ext(record_size_limit)"));
    }
    return true;
  });
  if (!ctx.ok()) return ctx.error();
  ctx_ = ctx.value();

  ssl_ = SSL_new(ctx_);
  if (ssl_ == nullptr) return make_error(ErrorCode::kOperationFailed, openssl_failure("SSL_new"));
  SSL_set_app_data(ssl_, this);
  if (certificate.x509() == nullptr || certificate.private_key() == nullptr ||
      SSL_use_certificate(ssl_, certificate.x509()) != 1 || SSL_use_PrivateKey(ssl_, certificate.private_key()) != 1 ||
      SSL_check_private_key(ssl_) != 1) {
    return make_error(ErrorCode::kInvalidArgument, openssl_failure("the DTLS certificate is unusable"));
  }
  BIO* bio = bio_->release_bio();
  SSL_set_bio(ssl_, bio, bio);
  if (SSL_set_mtu(ssl_, static_cast<long>(config_.mtu)) <= 0) {
    return make_error(ErrorCode::kInvalidArgument, openssl_failure("SSL_set_mtu"));
  }
  DTLS_set_timer_cb(ssl_, &DtlsTransport::timer_callback);
  SSL_set_info_callback(ssl_, &DtlsTransport::info_callback);
  // This OpenSSL call also returns 0 on success.
  if (config_.role == Role::kClient && config_.offer_alpn &&
      SSL_set_alpn_protos(ssl_, kAlpnWebrtc, sizeof kAlpnWebrtc) != 0) {
    return make_error(ErrorCode::kOperationFailed, openssl_failure("SSL_set_alpn_protos"));
  }
  if (config_.role == Role::kClient) {
    SSL_set_connect_state(ssl_);
  } else {
    SSL_set_accept_state(ssl_);
  }
  ERR_clear_error();
  return true;
}

void DtlsTransport::start(Timestamp now) {
  ErrorQueueScope errors;
  now_ = now;
  if (state_ != DtlsState::kNew) return;
  state_ = DtlsState::kConnecting;
  advance();
}

void DtlsTransport::handle_receive(Timestamp now, ByteView datagram) {
  ensure_error_queue_empty();
  now_ = now;
  ++stats_.datagrams_received;
  stats_.bytes_received += datagram.size();
  if (state_ != DtlsState::kConnecting && state_ != DtlsState::kConnected) {
    ++stats_.datagrams_ignored;
    return;
  }
  if (!parse_records(datagram).has_value()) {
    ++stats_.malformed_datagrams_dropped;
    return;
  }
  bio_->set_input(datagram);
  advance();
  bio_->clear_input();  // the view dies with this call
}

void DtlsTransport::handle_timeout(Timestamp now) {
  ErrorQueueScope errors;
  now_ = now;
  if (state_ != DtlsState::kConnecting || now < deadline_) return;
  if (clock_controlled_ && !bio_->force_timer_expiry()) {
    deadline_ = Timestamp::infinite();
    return;
  }
  ERR_clear_error();
  const int result = DTLSv1_handle_timeout(ssl_);
  if (result < 0) {
    fail(verify_failure_.empty() ? openssl_failure("DTLS handshake timed out") : verify_failure_);
    return;
  }
  update_timer();
  // Never leave a deadline in the past behind (the driver would spin on it).
  if (deadline_ <= now_) recompute_deadline();
}

Timestamp DtlsTransport::next_timeout() const {
  return state_ == DtlsState::kConnecting ? deadline_ : Timestamp::infinite();
}

void DtlsTransport::set_remote_fingerprints(Timestamp now, std::vector<crypto::Fingerprint> fingerprints) {
  ErrorQueueScope errors;
  now_ = now;
  config_.remote_fingerprints = std::move(fingerprints);
  if (!awaiting_fingerprints_ || state_ != DtlsState::kConnecting || config_.remote_fingerprints.empty()) return;
  awaiting_fingerprints_ = false;
  if (!matches_fingerprints(remote_der_)) {
    // The handshake is over, so no bad_certificate alert can be sent any more: close politely.
    ERR_clear_error();
    SSL_shutdown(ssl_);
    fail("the remote certificate does not match the a=fingerprint of the remote description");
    return;
  }
  deliver_connected();
}

Result<size_t> DtlsTransport::send(ByteView data) {
  ensure_error_queue_empty();
  if (state_ != DtlsState::kConnected) {
    return make_error(ErrorCode::kInvalidState, "DTLS transport is " + std::string(dtls_state_name(state_)));
  }
  const size_t chunk = max_application_payload();
  if (chunk == 0) return make_error(ErrorCode::kOperationFailed, "the DTLS MTU leaves no room for data");
  for (size_t offset = 0; offset < data.size(); offset += chunk) {
    const size_t length = std::min(chunk, data.size() - offset);
    const int written = SSL_write(ssl_, data.data() + offset, static_cast<int>(length));
    if (written <= 0 || static_cast<size_t>(written) != length) {
      fail(openssl_failure("SSL_write failed"));
      return make_error(ErrorCode::kOperationFailed, "DTLS send failed");
    }
    ++stats_.application_records_sent;
  }
  return data.size();
}

Result<size_t> DtlsTransport::send_packet(ByteView packet) {
  if (packet.size() > kReadBufferSize) {
    return make_error(ErrorCode::kInvalidArgument, "a packet larger than one DTLS record (16384 bytes)");
  }
  if (peer_record_size_limit_ && packet.size() > *peer_record_size_limit_) {
    return make_error(ErrorCode::kInvalidArgument, "a packet larger than the peer's record_size_limit");
  }
  ensure_error_queue_empty();
  if (state_ != DtlsState::kConnected) {
    return make_error(ErrorCode::kInvalidState, "DTLS transport is " + std::string(dtls_state_name(state_)));
  }
  if (packet.empty()) return size_t{0};
  const int written = SSL_write(ssl_, packet.data(), static_cast<int>(packet.size()));
  if (written <= 0 || static_cast<size_t>(written) != packet.size()) {
    fail(openssl_failure("SSL_write failed"));
    return make_error(ErrorCode::kOperationFailed, "DTLS send failed");
  }
  ++stats_.application_records_sent;
  return packet.size();
}

size_t DtlsTransport::payload_for_datagram(size_t datagram_bytes) const {
  if (state_ != DtlsState::kConnected) return 0;
  // What the configured MTU loses to the record layer is what any datagram loses (AEAD ciphers:
  // a fixed header, nonce and tag, no block padding).
  const size_t overhead = config_.mtu - std::min<size_t>(DTLS_get_data_mtu(ssl_), config_.mtu);
  const size_t limit = std::min(kReadBufferSize, peer_record_size_limit_.value_or(kReadBufferSize));
  return datagram_bytes > overhead ? std::min(datagram_bytes - overhead, limit) : 0;
}

int DtlsTransport::add_record_size_limit(SSL*, unsigned int, unsigned int, const unsigned char** out,
                                         size_t* out_length, X509*, size_t, int*, void*) {
  // RFC 8449 §4: for TLS 1.2 (and so DTLS 1.2) the value is at most 2^14, which says every size
  // the protocol allows.
  static const unsigned char kLimit[2] = {static_cast<unsigned char>(kReadBufferSize >> 8),
                                          static_cast<unsigned char>(kReadBufferSize & 0xff)};
  *out = kLimit;
  *out_length = sizeof kLimit;
  return 1;
}

int DtlsTransport::parse_record_size_limit(SSL* ssl, unsigned int, unsigned int, const unsigned char* in,
                                           size_t in_length, X509*, size_t, int* alert, void*) {
  auto* self = static_cast<DtlsTransport*>(SSL_get_app_data(ssl));
  // RFC 8449 §4: exactly a uint16, and below 64 is illegal_parameter.
  if (in_length != 2 || (in[0] << 8 | in[1]) < 64) {
    *alert = SSL_AD_ILLEGAL_PARAMETER;
    return 0;
  }
  if (self) self->peer_record_size_limit_ = static_cast<size_t>(in[0] << 8 | in[1]);
  return 1;
}

size_t DtlsTransport::max_application_payload() const {
  if (state_ != DtlsState::kConnected) return 0;
  // Record header, explicit nonce (AES-GCM) and tag subtracted from the MTU for the current cipher.
  return std::min(DTLS_get_data_mtu(ssl_), kReadBufferSize);
}

void DtlsTransport::close(Timestamp now) {
  ErrorQueueScope errors;
  now_ = now;
  if (state_ == DtlsState::kClosed || state_ == DtlsState::kFailed) return;
  if (handshake_done_) {
    ERR_clear_error();
    SSL_shutdown(ssl_);  // writes close_notify (RFC 5246 §7.2.1); we do not wait for the peer's
    ERR_clear_error();
  }
  state_ = DtlsState::kClosed;
  deadline_ = Timestamp::infinite();
  held_data_.clear();
  events_.push_back(DtlsClosed{false});
}

std::optional<Bytes> DtlsTransport::poll_transmit() {
  auto& out = bio_->output();
  if (out.empty()) return std::nullopt;
  Bytes datagram = std::move(out.front());
  out.pop_front();
  ++stats_.datagrams_sent;
  stats_.bytes_sent += datagram.size();
  return datagram;
}

std::optional<DtlsEvent> DtlsTransport::poll_event() {
  if (events_.empty()) return std::nullopt;
  DtlsEvent event = std::move(events_.front());
  events_.pop_front();
  return event;
}

void DtlsTransport::advance() {
  if (!handshake_done_) {
    ERR_clear_error();
    const int result = SSL_do_handshake(ssl_);
    if (result == 1) {
      handshake_done_ = true;
      update_timer();
      on_handshake_complete();
    } else {
      const int error = SSL_get_error(ssl_, result);
      if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
        fail(verify_failure_.empty() ? openssl_failure("DTLS handshake failed") : verify_failure_);
        return;
      }
      update_timer();
      return;
    }
  }
  if (state_ == DtlsState::kConnecting || state_ == DtlsState::kConnected) read_application_data();
  update_timer();
}

void DtlsTransport::on_handshake_complete() {
  DtlsConnected c;
  const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl_);
  const uint16_t cipher_id = cipher != nullptr ? SSL_CIPHER_get_protocol_id(cipher) : 0;
  bool known = false;
  for (CipherSuite suite : config_.cipher_suites) {
    if (static_cast<uint16_t>(suite) == cipher_id) {
      c.cipher_suite = suite;
      known = true;
    }
  }
  if (!known) {
    fail("the peer negotiated an unexpected cipher suite");
    return;
  }
  c.cipher_suite_name = std::string(cipher_suite_name(c.cipher_suite));

  const unsigned char* alpn = nullptr;
  unsigned int alpn_length = 0;
  SSL_get0_alpn_selected(ssl_, &alpn, &alpn_length);
  if (alpn != nullptr) c.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_length);

#ifndef OPENSSL_NO_SRTP
  if (const SRTP_PROTECTION_PROFILE* profile = SSL_get_selected_srtp_profile(ssl_)) {
    auto srtp_profile = srtp_profile_from_id(static_cast<uint16_t>(profile->id));
    if (!srtp_profile) {
      fail("the peer negotiated an unexpected SRTP profile");
      return;
    }
    // RFC 5764 §4.2: keying material from the TLS exporter (RFC 5705), no context.
    Bytes exported(srtp_keying_material_length(*srtp_profile));
    if (SSL_export_keying_material(ssl_, exported.data(), exported.size(), kSrtpExporterLabel.data(),
                                   kSrtpExporterLabel.size(), nullptr, 0, 0) != 1) {
      fail(openssl_failure("SRTP keying material export failed"));
      return;
    }
    c.srtp = split_srtp_keying_material(*srtp_profile, exported);
  }
#endif

  // The verify callback checked this certificate already (when the fingerprints were known); look
  // again at what the handshake ended with, so nothing depends on the callback having run.
  remote_der_ = certificate_der(SSL_get0_peer_certificate(ssl_));
  if (remote_der_.empty()) {
    fail("the peer sent no certificate");
    return;
  }
  c.remote_certificate_der = remote_der_;
  connected_ = std::move(c);
  if (config_.remote_fingerprints.empty()) {
    awaiting_fingerprints_ = true;  // set_remote_fingerprints() finishes the job
    return;
  }
  if (!matches_fingerprints(remote_der_)) {
    SSL_shutdown(ssl_);
    fail("the remote certificate does not match the a=fingerprint of the remote description");
    return;
  }
  deliver_connected();
}

void DtlsTransport::deliver_connected() {
  state_ = DtlsState::kConnected;
  events_.push_back(std::move(*connected_));
  connected_.reset();
  for (Bytes& data : held_data_) events_.push_back(DtlsData{std::move(data)});
  held_data_.clear();
}

void DtlsTransport::read_application_data() {
  if (read_buffer_.size() != kReadBufferSize) read_buffer_.resize(kReadBufferSize);
  Bytes& buffer = read_buffer_;
  while (state_ == DtlsState::kConnecting || state_ == DtlsState::kConnected) {
    const int n = SSL_read(ssl_, buffer.data(), static_cast<int>(buffer.size()));
    if (n > 0) {
      ++stats_.application_records_received;
      Bytes data(buffer.begin(), buffer.begin() + n);
      if (state_ == DtlsState::kConnected) {
        events_.push_back(DtlsData{std::move(data)});
      } else if (held_data_.size() < kMaxHeldRecords) {
        held_data_.push_back(std::move(data));
      } else {
        ++stats_.unverified_records_dropped;
      }
      continue;
    }
    const int error = SSL_get_error(ssl_, n);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return;
    if (error == SSL_ERROR_ZERO_RETURN) {
      // close_notify: answer it (RFC 5246 §7.2.1) and close.
      ERR_clear_error();
      SSL_shutdown(ssl_);
      ERR_clear_error();
      state_ = DtlsState::kClosed;
      deadline_ = Timestamp::infinite();
      held_data_.clear();
      events_.push_back(DtlsClosed{true});
      return;
    }
    fail(openssl_failure("DTLS read failed"));
    return;
  }
}

void DtlsTransport::update_timer() {
  if (bio_->take_timer_changed() || !clock_controlled_) recompute_deadline();
}

void DtlsTransport::recompute_deadline() {
  struct timeval left {};
  if (!bio_->timer_running() || DTLSv1_get_timeout(ssl_, &left) != 1) {
    deadline_ = Timestamp::infinite();
    return;
  }
  // If the BIO moved OpenSSL's deadline out of reach, OpenSSL's timer follows ours; if it did not
  // (an OpenSSL that hands the BIO a copy), follow OpenSSL's wall-clock timer instead.
  clock_controlled_ = left.tv_sec > 365L * 86400;
  if (clock_controlled_) {
    deadline_ = now_ + retransmit_interval_;
  } else {
    const auto wait = Duration(static_cast<int64_t>(left.tv_sec) * 1'000'000 + left.tv_usec);
    deadline_ = now_ + std::max(wait, Duration(1000));
  }
}

void DtlsTransport::fail(std::string reason) {
  if (state_ == DtlsState::kFailed || state_ == DtlsState::kClosed) return;
  state_ = DtlsState::kFailed;
  deadline_ = Timestamp::infinite();
  held_data_.clear();
  ERR_clear_error();
  events_.push_back(DtlsFailed{std::move(reason)});
}

std::string DtlsTransport::openssl_failure(const char* what) {
  std::string reason = what;
  if (!peer_alert_.empty()) reason += ": the peer sent the fatal alert \"" + peer_alert_ + "\"";
  // The first queued error names the cause; the rest is context. Drain them all, so nothing is
  // left for the next transport to misread on this thread.
  unsigned long code = ERR_get_error();
  if (code != 0) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    reason += std::string(" (") + text + ")";
  }
  ERR_clear_error();
  return reason;
}

bool DtlsTransport::matches_fingerprints(ByteView der) const {
  if (der.empty()) return false;
  int strongest = 0;
  for (const auto& f : config_.remote_fingerprints) strongest = std::max(strongest, hash_strength(f.algorithm));
  bool match = false;
  for (const auto& f : config_.remote_fingerprints) {
    if (hash_strength(f.algorithm) != strongest) continue;
    // verify_fingerprint compares in constant time; keep looking so timing does not say which.
    match = crypto::verify_fingerprint(f, der) || match;
  }
  return match;
}

int DtlsTransport::verify_callback(int preverify_ok, X509_STORE_CTX* store) {
  (void)preverify_ok;  // chain, issuer and validity errors are expected for self-signed certificates
  SSL* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  if (ssl == nullptr) return 0;
  auto* self = static_cast<DtlsTransport*>(SSL_get_app_data(ssl));
  if (self == nullptr) return 0;
  // Only the end-entity certificate carries the identity the fingerprint names.
  Bytes der = certificate_der(X509_STORE_CTX_get0_cert(store));
  if (der.empty()) {
    self->verify_failure_ = "the remote certificate cannot be encoded";
    return 0;
  }
  if (self->config_.remote_fingerprints.empty()) return 1;  // checked when they arrive
  if (!self->matches_fingerprints(der)) {
    self->verify_failure_ = "the remote certificate does not match the a=fingerprint of the remote description";
    X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
    return 0;  // OpenSSL aborts the handshake with a bad_certificate alert
  }
  return 1;
}

unsigned int DtlsTransport::timer_callback(SSL* ssl, unsigned int previous_us) {
  auto* self = static_cast<DtlsTransport*>(SSL_get_app_data(ssl));
  if (previous_us == 0) {
    self->retransmit_interval_ = self->config_.initial_retransmit_timeout;  // a new flight
  } else {
    // The timer expired: OpenSSL resends the flight next. Back off (RFC 6347 §4.2.4.1).
    ++self->stats_.retransmissions;
    self->retransmit_interval_ = std::min(self->retransmit_interval_ * 2, self->config_.max_retransmit_timeout);
  }
  return static_cast<unsigned int>(self->retransmit_interval_.count());
}

void DtlsTransport::info_callback(const SSL* ssl, int where, int value) {
  if ((where & SSL_CB_READ_ALERT) != SSL_CB_READ_ALERT) return;
  auto* self = static_cast<DtlsTransport*>(SSL_get_app_data(ssl));
  if (self == nullptr) return;
  self->peer_alert_ = SSL_alert_desc_string_long(value);
}

}  // namespace wasmrtc::dtls
