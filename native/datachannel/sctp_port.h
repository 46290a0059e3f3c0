// The slice of an SCTP association the data channel manager uses. SctpAssociation is a concrete
// class, so the manager talks to it through this interface: production code wraps the real
// association in SctpAssociationPort (sctp_association_port.h); unit tests pass a fake.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/bytes.h"
#include "common/time.h"
#include "sctp/sctp_association.h"

namespace wasmrtc::datachannel {

class SctpPort {
 public:
  virtual ~SctpPort() = default;

  virtual sctp::SendStatus send(Timestamp now, uint16_t stream_id, uint32_t ppid, ByteView message,
                                const sctp::SendOptions& options) = 0;
  // RFC 6525 outgoing stream reset; completion arrives as SctpEvent kStreamResetDone.
  virtual void reset_streams(Timestamp now, std::span<const uint16_t> stream_ids) = 0;
  virtual size_t buffered_amount(uint16_t stream_id) const = 0;
  virtual void set_buffered_amount_low_threshold(uint16_t stream_id, size_t bytes) = 0;
  virtual size_t max_message_size() const = 0;
  // W3C [[MaxChannels]]: min(negotiated outbound, inbound streams); read once connected.
  virtual uint16_t max_channels() const = 0;
};

}  // namespace wasmrtc::datachannel
