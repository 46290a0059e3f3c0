// libFuzzer target for the data channel manager: a byte string becomes a script of API calls and
// association events (DCEP and user messages with arbitrary payloads, resets, aborts). Whatever the
// order, nothing may crash, and a closed channel must never be reported open again.
#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <set>

#include "datachannel/data_channel_manager.h"
#include "datachannel/fake_sctp_port.h"
#include "datachannel/ppid.h"

using namespace wasmrtc;
using namespace wasmrtc::datachannel;

namespace {

class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  Bytes take(size_t n) {
    n = std::min(n, size_ - std::min(pos_, size_));
    Bytes out(data_ + pos_, data_ + pos_ + n);
    pos_ += n;
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static constexpr uint32_t kPpids[] = {50, 51, 52, 53, 54, 56, 57, 0, 99};
  testing::FakeSctpPort port;
  port.max_message = 64;
  port.channels = 16;
  DataChannelManager manager(port);
  Reader in(data, size);
  std::set<DataChannelId> closed;
  const Timestamp now = Timestamp::from_millis(1);
  // A bounded script keeps each run fast enough for the smoke run in `npm test`.
  for (int ops = 0; ops < 256 && !in.done(); ++ops) {
    const uint8_t op = in.byte();
    const uint16_t sid = in.byte() % 20;
    switch (op % 10) {
      case 0:
        manager.set_dtls_role(now, sid % 2 ? DtlsRole::kServer : DtlsRole::kClient);
        break;
      case 1:
        manager.handle_sctp_event(now, {sctp::SctpEvent::Type::kConnected});
        break;
      case 2: {
        const uint8_t flags = in.byte();
        DataChannelParameters p;
        p.label = "l";
        p.negotiated = flags & 1;
        p.ordered = flags & 2;
        if (flags & 4) p.max_retransmits = flags;
        if (flags & 8) p.max_packet_life_time = flags;
        if (flags & 16) p.id = sid;
        (void)manager.create_channel(now, p);
        break;
      }
      case 3: {
        Bytes message = in.take(in.byte() % 80);
        (void)manager.send(now, sid, message, op & 0x10);
        break;
      }
      case 4:
        manager.close(now, sid);
        break;
      case 5: {
        sctp::SctpEvent e{sctp::SctpEvent::Type::kMessage};
        e.stream_id = sid;
        e.ppid = kPpids[in.byte() % std::size(kPpids)];
        e.data = in.take(in.byte() % 65);  // the association delivers at most its max
        manager.handle_sctp_event(now, e);
        break;
      }
      case 6:
      case 7: {
        sctp::SctpEvent e{op % 10 == 6 ? sctp::SctpEvent::Type::kStreamsReset
                                       : sctp::SctpEvent::Type::kStreamResetDone};
        e.stream_ids = {sid};
        manager.handle_sctp_event(now, e);
        break;
      }
      case 8: {
        sctp::SctpEvent e{sctp::SctpEvent::Type::kBufferedAmountLow};
        e.stream_id = sid;
        manager.handle_sctp_event(now, e);
        break;
      }
      case 9:
        if (op & 0x80) {
          manager.handle_sctp_event(now, {op & 0x40 ? sctp::SctpEvent::Type::kClosed
                                                    : sctp::SctpEvent::Type::kAborted});
        }
        break;
    }
    while (auto e = manager.poll_event()) {
      if (const auto* c = std::get_if<ChannelClosed>(&*e)) {
        if (!closed.insert(c->channel).second) std::abort();  // closed twice
        if (manager.state(c->channel) != DataChannelState::kClosed) std::abort();
      } else if (const auto* o = std::get_if<ChannelOpen>(&*e)) {
        if (closed.count(o->channel)) std::abort();  // open after closed
      } else if (const auto* m = std::get_if<ChannelMessage>(&*e)) {
        if (m->data.size() > port.max_message) std::abort();
      }
    }
  }
  return 0;
}
