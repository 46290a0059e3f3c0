// The data channel manager's SctpPort before the association exists. RTCPeerConnection lets the
// user create channels before any negotiation, but the association can only be built once the
// SDP (ports, max-message-size) and DTLS (the MTU left for SCTP) are known, so the manager talks
// to this forwarder, which answers "not connected yet" until attach().
#pragma once

#include <algorithm>

#include "sctp/sctp_association.h"
#include "datachannel/sctp_port.h"

namespace wasmrtc::peer {

class LazySctpPort final : public datachannel::SctpPort {
 public:
  // `max_message_size` is what the manager checks sends against before the association exists
  // (nothing can be sent then anyway; W3C maxMessageSize is the local value until negotiated).
  explicit LazySctpPort(size_t max_message_size) : local_max_message_size_(max_message_size) {}

  void attach(sctp::SctpAssociation* association) { association_ = association; }

  sctp::SendStatus send(Timestamp now, uint16_t stream_id, uint32_t ppid, ByteView message,
                        const sctp::SendOptions& options) override {
    if (!association_) return sctp::SendStatus::kNotConnected;
    return association_->send(now, stream_id, ppid, message, options);
  }
  void reset_streams(Timestamp now, std::span<const uint16_t> stream_ids) override {
    if (association_) association_->reset_streams(now, stream_ids);
  }
  size_t buffered_amount(uint16_t stream_id) const override {
    return association_ ? association_->buffered_amount(stream_id) : 0;
  }
  void set_buffered_amount_low_threshold(uint16_t stream_id, size_t bytes) override {
    if (association_) association_->set_buffered_amount_low_threshold(stream_id, bytes);
  }
  size_t max_message_size() const override {
    return association_ ? association_->max_message_size() : local_max_message_size_;
  }
  uint16_t max_channels() const override {
    if (!association_) return 65535;
    return std::min(association_->outbound_streams(), association_->inbound_streams());
  }

 private:
  size_t local_max_message_size_;
  sctp::SctpAssociation* association_ = nullptr;
};

}  // namespace wasmrtc::peer
