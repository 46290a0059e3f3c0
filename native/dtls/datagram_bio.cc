#include "dtls/datagram_bio.h"

#include <openssl/bio.h>
#include <sys/time.h>

#include <cstring>
#include <limits>

namespace wasmrtc::dtls {

std::unique_ptr<DatagramBio> DatagramBio::create() {
  std::unique_ptr<DatagramBio> self(new DatagramBio());
  // One method per transport: no process-wide registration, nothing shared between transports.
  self->method_ = BIO_meth_new(BIO_TYPE_SOURCE_SINK, "wasmrtc datagram");
  if (self->method_ == nullptr) return nullptr;
  if (BIO_meth_set_write(self->method_, &DatagramBio::on_write) != 1 ||
      BIO_meth_set_read(self->method_, &DatagramBio::on_read) != 1 ||
      BIO_meth_set_ctrl(self->method_, &DatagramBio::on_ctrl) != 1 ||
      BIO_meth_set_create(self->method_, [](BIO* b) { BIO_set_init(b, 1); return 1; }) != 1) {
    return nullptr;
  }
  self->bio_ = BIO_new(self->method_);
  if (self->bio_ == nullptr) return nullptr;
  BIO_set_data(self->bio_, self.get());
  return self;
}

DatagramBio::~DatagramBio() {
  if (bio_ != nullptr) BIO_free(bio_);  // never handed to an SSL
  BIO_meth_free(method_);
}

BIO* DatagramBio::release_bio() {
  BIO* b = bio_;
  bio_ = nullptr;
  return b;
}

int DatagramBio::on_write(BIO* bio, const char* data, int length) {
  auto* self = static_cast<DatagramBio*>(BIO_get_data(bio));
  BIO_clear_retry_flags(bio);
  if (length <= 0) return 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(data);
  self->output_.emplace_back(bytes, bytes + length);
  return length;
}

int DatagramBio::on_read(BIO* bio, char* data, int length) {
  auto* self = static_cast<DatagramBio*>(BIO_get_data(bio));
  BIO_clear_retry_flags(bio);
  if (!self->input_pending_) {
    BIO_set_retry_read(bio);
    return -1;
  }
  // One datagram per read, as a UDP socket would: a datagram larger than OpenSSL's buffer is
  // truncated, and OpenSSL then drops the partial record.
  size_t n = self->input_.size();
  if (length >= 0 && n > static_cast<size_t>(length)) n = static_cast<size_t>(length);
  if (n > 0) std::memcpy(data, self->input_.data(), n);
  self->clear_input();
  return static_cast<int>(n);
}

long DatagramBio::on_ctrl(BIO* bio, int command, long number, void* pointer) {
  auto* self = static_cast<DatagramBio*>(BIO_get_data(bio));
  switch (command) {
    case BIO_CTRL_FLUSH:
      return 1;  // every write is already a complete datagram
    case BIO_CTRL_PENDING:
      return self->input_pending_ ? static_cast<long>(self->input_.size()) : 0;
    case BIO_CTRL_WPENDING:
      return 0;  // OpenSSL subtracts this from the MTU when packing a datagram; nothing waits here
    case BIO_CTRL_DGRAM_SET_NEXT_TIMEOUT:
      self->on_timer_update(static_cast<struct timeval*>(pointer));
      return 1;
    case BIO_CTRL_DGRAM_GET_MTU_OVERHEAD:
      return 0;  // the configured MTU is already the UDP payload size
    default:
      (void)number;
      return 0;  // no MTU queries (SSL_OP_NO_QUERY_MTU), not SCTP, no peer address
  }
}

void DatagramBio::on_timer_update(struct timeval* deadline) {
  timer_changed_ = true;
  if (deadline == nullptr || (deadline->tv_sec == 0 && deadline->tv_usec == 0)) {
    timer_running_ = false;  // dtls1_stop_timer
    return;
  }
  timer_running_ = true;
  deadline_ = deadline;
  // Far enough that OpenSSL's wall clock never reaches it (a day short of time_t's maximum, which
  // is still in 2038 if time_t is 32 bits), near enough that its arithmetic cannot overflow.
  deadline->tv_sec = std::numeric_limits<decltype(deadline->tv_sec)>::max() - 86400;
  deadline->tv_usec = 0;
}

bool DatagramBio::force_timer_expiry() {
  if (!timer_running_ || deadline_ == nullptr) return false;
  // {0, 0} would mean "no timer"; one microsecond after the epoch is long past.
  deadline_->tv_sec = 0;
  deadline_->tv_usec = 1;
  return true;
}

}  // namespace wasmrtc::dtls
