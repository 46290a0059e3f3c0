// What a client connection (TURN over TCP, WebSocket, or an HTTP request on the same port) needs
// from the server that owns it, and what the server needs from a connection. Keeps the sessions
// free of RelayServer's internals.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/bytes.h"
#include "common/socket_address.h"
#include "relay/allocation.h"
#include "relay/relay_counters.h"
#include "relay/relay_log.h"

namespace boost::asio::ssl {
class context;
}

namespace wasmrtc::relay {

struct StreamLimits {
  Duration handshake_timeout = std::chrono::seconds(10);  // first bytes, HTTP header, WS handshake
  Duration idle_timeout = std::chrono::seconds(60);       // no message and no allocation
  Duration allocated_idle_timeout = std::chrono::seconds(3660);  // no message while allocated
  size_t max_http_header = 8192;
  size_t max_ws_message = 4 + 65535;  // one ChannelData with the largest payload
  size_t max_send_queue = 1 << 20;    // bytes queued toward one client before dropping
  uint16_t max_channel = 0x4FFF;      // TURN over TCP framing; 0x7FFF with rfc5766_channels
};

class ClientConnection {
 public:
  virtual ~ClientConnection() = default;
  // Queues one TURN message (already padded for streams); drops and returns false when the bounded
  // queue is full.
  virtual bool send(Bytes bytes) = 0;
  // Closes at once (shutdown, or the server giving up on the client).
  virtual void close() = 0;
};

class ConnectionHost {
 public:
  virtual ~ConnectionHost() = default;
  // A new TURN transport (TCP or WebSocket) is up: returns its transport id.
  virtual uint64_t attach(std::shared_ptr<ClientConnection> connection, ClientProtocol protocol) = 0;
  // One whole TURN message from the client on transport `id`.
  virtual void deliver(uint64_t id, ClientProtocol protocol, const SocketAddress& client, ByteView bytes) = 0;
  // The transport went away (its allocation goes with it).
  virtual void detach(uint64_t id) = 0;
  // The connection (any kind) closed: for the per-IP connection limit.
  virtual void connection_closed(const IpAddress& ip) = 0;
  virtual bool has_allocation(uint64_t id, ClientProtocol protocol, const SocketAddress& client) const = 0;
  virtual std::string metrics_text() const = 0;
  virtual const StreamLimits& limits() const = 0;
  virtual TransportCounters& transport_counters() = 0;
  virtual void count_drop(DropReason reason) = 0;
  virtual bool origin_allowed(std::string_view origin) const = 0;
  virtual Logger& logger() = 0;
  // The TLS server context when a certificate is configured, else nullptr.
  virtual boost::asio::ssl::context* tls_context() = 0;
};

// Sessions outlive the server by the handlers still queued on the loop; they reach it through this
// handle, which the server clears when it goes away (the session then only closes its socket).
struct HostRef {
  ConnectionHost* host = nullptr;
};
using HostHandle = std::shared_ptr<HostRef>;

}  // namespace wasmrtc::relay
