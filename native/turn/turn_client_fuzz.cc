// libFuzzer target: a TurnClient fed arbitrary "server" messages. The input is a sequence of
// records [control byte][16-bit length][bytes]; control bits patch in the transaction id of the
// client's last request (so responses match), fire timers, and make API calls, so the fuzzer can
// walk the allocation, permission, channel and close paths.
#include <cstdlib>

#include "stun/stun_message.h"
#include "turn/turn_client.h"

using namespace wasmrtc;
using namespace wasmrtc::turn;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SeededRandom random(1);
  TurnClientOptions options;
  options.username = "alice";
  options.password = "secret";
  options.stream = size > 0 && (data[0] & 1);
  TurnClient client(options, random);
  Timestamp now = Timestamp::from_millis(1);
  client.allocate(now);
  const SocketAddress peer = *SocketAddress::parse("192.0.2.7:4000");
  std::optional<stun::TransactionId> last_request;
  size_t pos = size > 0 ? 1 : 0;
  while (pos + 3 <= size) {
    uint8_t control = data[pos];
    size_t length = std::min<size_t>(size_t{data[pos + 1]} << 8 | data[pos + 2], size - pos - 3);
    Bytes message(data + pos + 3, data + pos + 3 + length);
    pos += 3 + length;
    while (auto out = client.poll_transmit()) {
      auto m = stun::StunMessage::decode(*out);
      if (m && m->message_class() == stun::StunClass::kRequest) last_request = m->transaction_id();
    }
    if ((control & 1) && message.size() >= 20 && last_request)
      std::copy(last_request->begin(), last_request->end(), message.begin() + 8);
    if (control & 2) {
      Timestamp next = client.next_timeout();
      if (!next.is_infinite() && next > now) now = next;
      client.handle_timeout(now);
    }
    if (control & 4) client.create_permission(now, peer.ip());
    if (control & 8) client.bind_channel(now, peer);
    if (control & 16) client.send(now, peer, message);
    if (control == 0xFF) client.close(now);
    client.handle_receive(now, message);
    while (auto e = client.poll_event()) {
      if (e->kind == TurnEvent::Kind::kAllocated && !client.relayed_address()) std::abort();
    }
    if (client.state() == TurnState::kAllocated && !client.relayed_address()) std::abort();
    if (client.next_timeout() < now && client.next_timeout() != Timestamp::infinite()) {
      // A deadline in the past must be serviced by the next handle_timeout, not linger forever.
      client.handle_timeout(now);
      if (client.next_timeout() < now) std::abort();
    }
  }
  return 0;
}
