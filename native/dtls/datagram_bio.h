// The OpenSSL BIO under a DtlsTransport: datagrams in and out of memory, never a socket.
//
// Why not BIO_s_mem: a memory BIO is a byte stream, so the datagram boundaries OpenSSL's DTLS
// writes (one flush = one datagram, sized to the MTU) would be lost; and OpenSSL 3.0 has no
// datagram memory BIO (BIO_s_dgram_mem is 3.2+). This BIO keeps each write as one datagram and
// hands one received datagram to each read.
//
// It also makes OpenSSL's retransmission timer follow the caller's clock. OpenSSL 3.0 arms its DTLS
// timer from gettimeofday() and checks expiry against it in every read (d1_lib.c,
// rec_layer_d1.c), so with a virtual clock it would never fire (or fire at wall-clock moments the
// caller did not choose). Each time OpenSSL arms or stops the timer it passes a pointer to its
// deadline to the BIO (BIO_CTRL_DGRAM_SET_NEXT_TIMEOUT); this BIO moves an armed deadline to the
// far future, so OpenSSL never fires on its own, and when the caller's clock reaches the deadline
// the transport calls force_timer_expiry() (deadline in the past) and then DTLSv1_handle_timeout.
// The transport checks with DTLSv1_get_timeout that this took effect and falls back to OpenSSL's
// own clock if a future OpenSSL passes a copy instead (see DtlsTransport::update_timer).
#pragma once

#include <deque>
#include <memory>

#include "common/bytes.h"

typedef struct bio_st BIO;
typedef struct bio_method_st BIO_METHOD;
struct timeval;

namespace wasmrtc::dtls {

class DatagramBio {
 public:
  // nullptr if OpenSSL cannot allocate the method or the BIO.
  static std::unique_ptr<DatagramBio> create();
  // Frees the BIO_METHOD; the BIO itself belongs to the SSL it was given to (SSL_set_bio), which
  // must be freed before this object.
  ~DatagramBio();
  DatagramBio(const DatagramBio&) = delete;
  DatagramBio& operator=(const DatagramBio&) = delete;

  // The BIO with one reference, for SSL_set_bio(ssl, bio, bio); call once.
  BIO* release_bio();

  // The next read returns exactly this datagram; the view must stay valid until the SSL call
  // that reads it returns. Reads with no datagram pending say "retry" (SSL_ERROR_WANT_READ).
  void set_input(ByteView datagram) { input_ = datagram; input_pending_ = true; }
  void clear_input() { input_pending_ = false; input_ = {}; }

  // Datagrams OpenSSL wrote, oldest first.
  std::deque<Bytes>& output() { return output_; }

  // Timer state as OpenSSL last reported it.
  bool timer_running() const { return timer_running_; }
  // True (and reset) if OpenSSL armed or stopped its timer since the last call.
  bool take_timer_changed() {
    bool changed = timer_changed_;
    timer_changed_ = false;
    return changed;
  }
  // Puts OpenSSL's deadline in the past so the next DTLSv1_handle_timeout retransmits. False if
  // no timer is running.
  bool force_timer_expiry();

 private:
  DatagramBio() = default;
  static int on_write(BIO* bio, const char* data, int length);
  static int on_read(BIO* bio, char* data, int length);
  static long on_ctrl(BIO* bio, int command, long number, void* pointer);
  void on_timer_update(struct timeval* deadline);

  BIO_METHOD* method_ = nullptr;
  BIO* bio_ = nullptr;
  ByteView input_;
  bool input_pending_ = false;
  std::deque<Bytes> output_;
  struct timeval* deadline_ = nullptr;  // OpenSSL's own field (SSL's d1->next_timeout)
  bool timer_running_ = false;
  bool timer_changed_ = false;
};

}  // namespace wasmrtc::dtls
