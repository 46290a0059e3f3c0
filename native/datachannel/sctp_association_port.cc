#include "datachannel/sctp_association_port.h"

#include <algorithm>

namespace wasmrtc::datachannel {

sctp::SendStatus SctpAssociationPort::send(Timestamp now, uint16_t stream_id, uint32_t ppid,
                                           ByteView message, const sctp::SendOptions& options) {
  return association_.send(now, stream_id, ppid, message, options);
}

void SctpAssociationPort::reset_streams(Timestamp now, std::span<const uint16_t> stream_ids) {
  association_.reset_streams(now, stream_ids);
}

size_t SctpAssociationPort::buffered_amount(uint16_t stream_id) const {
  return association_.buffered_amount(stream_id);
}

void SctpAssociationPort::set_buffered_amount_low_threshold(uint16_t stream_id, size_t bytes) {
  association_.set_buffered_amount_low_threshold(stream_id, bytes);
}

size_t SctpAssociationPort::max_message_size() const { return association_.max_message_size(); }

uint16_t SctpAssociationPort::max_channels() const {
  return std::min(association_.outbound_streams(), association_.inbound_streams());
}

}  // namespace wasmrtc::datachannel
