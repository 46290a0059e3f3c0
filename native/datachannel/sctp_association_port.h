// SctpPort over a real sctp::SctpAssociation (which the caller owns and drives).
#pragma once

#include "datachannel/sctp_port.h"
#include "sctp/sctp_association.h"

namespace wasmrtc::datachannel {

class SctpAssociationPort final : public SctpPort {
 public:
  explicit SctpAssociationPort(sctp::SctpAssociation& association) : association_(association) {}

  sctp::SendStatus send(Timestamp now, uint16_t stream_id, uint32_t ppid, ByteView message,
                        const sctp::SendOptions& options) override;
  void reset_streams(Timestamp now, std::span<const uint16_t> stream_ids) override;
  size_t buffered_amount(uint16_t stream_id) const override;
  void set_buffered_amount_low_threshold(uint16_t stream_id, size_t bytes) override;
  size_t max_message_size() const override;
  uint16_t max_channels() const override;

 private:
  sctp::SctpAssociation& association_;
};

}  // namespace wasmrtc::datachannel
