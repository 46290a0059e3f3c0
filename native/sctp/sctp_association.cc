#include "sctp/sctp_association.h"

#include "sctp/socket/association.h"

namespace wasmrtc::sctp {

SctpAssociation::SctpAssociation(SctpOptions options, RandomSource& random)
    : impl_(std::make_unique<Association>(options, random)) {}
SctpAssociation::~SctpAssociation() = default;

void SctpAssociation::connect(Timestamp now) { impl_->connect(now); }
void SctpAssociation::handle_receive(Timestamp now, ByteView packet) { impl_->handle_receive(now, packet); }
void SctpAssociation::handle_receive_deferred(Timestamp now, ByteView packet) { impl_->handle_receive(now, packet, false); }
void SctpAssociation::flush_received(Timestamp now) { impl_->flush_received(now); }
void SctpAssociation::handle_timeout(Timestamp now) { impl_->handle_timeout(now); }
Timestamp SctpAssociation::next_timeout() const { return impl_->next_timeout(); }
std::optional<Bytes> SctpAssociation::poll_transmit() { return impl_->poll_transmit(); }
std::optional<SctpEvent> SctpAssociation::poll_event() { return impl_->poll_event(); }
SendStatus SctpAssociation::send(Timestamp now, uint16_t stream_id, uint32_t ppid, ByteView message,
                                 const SendOptions& options) {
  return impl_->send(now, stream_id, ppid, message, options);
}
void SctpAssociation::reset_streams(Timestamp now, std::span<const uint16_t> outgoing_stream_ids) {
  impl_->reset_streams(now, outgoing_stream_ids);
}
size_t SctpAssociation::buffered_amount(uint16_t stream_id) const { return impl_->buffered_amount(stream_id); }
size_t SctpAssociation::buffered_amount_low_threshold(uint16_t stream_id) const {
  return impl_->buffered_amount_low_threshold(stream_id);
}
void SctpAssociation::set_buffered_amount_low_threshold(uint16_t stream_id, size_t bytes) {
  impl_->set_buffered_amount_low_threshold(stream_id, bytes);
}
void SctpAssociation::shutdown(Timestamp now) { impl_->shutdown(now); }
void SctpAssociation::abort(Timestamp now, std::string_view reason) { impl_->abort(now, reason); }
SctpState SctpAssociation::state() const { return impl_->state(); }
const SctpStats& SctpAssociation::stats() const { return impl_->stats(); }
size_t SctpAssociation::max_message_size() const { return impl_->max_message_size(); }
void SctpAssociation::set_remote_max_message_size(size_t bytes) { impl_->set_remote_max_message_size(bytes); }
uint16_t SctpAssociation::outbound_streams() const { return impl_->outbound_streams(); }
uint16_t SctpAssociation::inbound_streams() const { return impl_->inbound_streams(); }
bool SctpAssociation::zero_checksum_negotiated() const { return impl_->zero_checksum_negotiated(); }
void SctpAssociation::set_path_mtu_ceiling(Timestamp now, size_t bytes) { impl_->set_path_mtu_ceiling(now, bytes); }
size_t SctpAssociation::path_mtu() const { return impl_->path_mtu(); }

}  // namespace wasmrtc::sctp
