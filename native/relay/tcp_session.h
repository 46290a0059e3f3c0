// TURN over TCP or TLS (RFC 8656 §3.1): the stream is cut into STUN and ChannelData messages by
// stun::StunStreamFramer, each handed to the core; replies are written in order from a bounded
// queue. A stream that loses sync is closed (it cannot be resynchronised). Without traffic the
// connection closes after the idle timeout (long while it holds an allocation, short otherwise).
#pragma once

#include <array>
#include <deque>
#include <memory>

#include "relay/connection_host.h"
#include "relay/stream_types.h"
#include "stun/stun_stream_framer.h"

namespace wasmrtc::relay {

template <class Stream>
class TcpSession final : public ClientConnection, public std::enable_shared_from_this<TcpSession<Stream>> {
 public:
  // `initial` holds the bytes already read while telling TURN from HTTP.
  TcpSession(HostHandle host, Stream stream, const SocketAddress& client, Bytes initial);
  ~TcpSession() override;
  void start();
  bool send(Bytes bytes) override;
  void close() override;

 private:
  ConnectionHost* host() const { return host_->host; }
  void consume(ByteView bytes);
  void read();
  void write();

  HostHandle host_;
  StreamLimits limits_;
  Stream stream_;
  SocketAddress client_;
  Bytes initial_;
  uint64_t id_ = 0;
  stun::StunStreamFramer framer_;
  std::array<uint8_t, 16384> read_buffer_{};
  std::deque<Bytes> queue_;
  size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closed_ = false;
};

extern template class TcpSession<PlainStream>;
extern template class TcpSession<TlsStream>;

}  // namespace wasmrtc::relay
