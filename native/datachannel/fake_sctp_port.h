// Test double for SctpPort: records what the manager asked of the association.
#pragma once

#include <map>
#include <vector>

#include "datachannel/sctp_port.h"

namespace wasmrtc::datachannel::testing {

struct SentMessage {
  uint16_t stream_id;
  uint32_t ppid;
  Bytes data;
  sctp::SendOptions options;
};

class FakeSctpPort final : public SctpPort {
 public:
  sctp::SendStatus send(Timestamp, uint16_t stream_id, uint32_t ppid, ByteView message,
                        const sctp::SendOptions& options) override {
    if (next_status != sctp::SendStatus::kOk) return next_status;
    sent.push_back({stream_id, ppid, Bytes(message.begin(), message.end()), options});
    buffered[stream_id] += message.size();
    return sctp::SendStatus::kOk;
  }
  void reset_streams(Timestamp, std::span<const uint16_t> ids) override {
    reset_requests.insert(reset_requests.end(), ids.begin(), ids.end());
  }
  size_t buffered_amount(uint16_t stream_id) const override {
    auto it = buffered.find(stream_id);
    return it == buffered.end() ? 0 : it->second;
  }
  void set_buffered_amount_low_threshold(uint16_t stream_id, size_t bytes) override {
    thresholds[stream_id] = bytes;
  }
  size_t max_message_size() const override { return max_message; }
  uint16_t max_channels() const override { return channels; }

  std::vector<SentMessage> sent;
  std::vector<uint16_t> reset_requests;
  std::map<uint16_t, size_t> buffered;
  std::map<uint16_t, size_t> thresholds;
  size_t max_message = 256 * 1024;
  uint16_t channels = 1024;
  sctp::SendStatus next_status = sctp::SendStatus::kOk;
};

}  // namespace wasmrtc::datachannel::testing
