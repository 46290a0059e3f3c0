// The client side retransmission schedule of a STUN request (RFC 8489 §6.2.1 for UDP, §6.2.2 for
// reliable transports), sans-IO: the owner sends the request at creation, then asks
// next_timeout() and calls handle_timeout(now), which says whether to resend or give up.
#pragma once

#include "common/time.h"

namespace wasmrtc::stun {

struct StunRetransmitOptions {
  Duration rto = Duration(500'000);  // initial RTO (RFC 8489 §6.2.1 recommends 500 ms)
  int rc = 7;                        // total transmissions over UDP (Rc)
  int rm = 16;                       // wait Rm * RTO after the last one before giving up
  bool reliable = false;             // TCP/TLS/WebSocket: send once, time out after reliable_timeout
  Duration reliable_timeout = Duration(39'500'000);  // Ti (RFC 8489 §6.2.2)
};

class StunTransaction {
 public:
  enum class Action { kNone, kRetransmit, kTimedOut };

  // The first transmission happens at `now` (the caller sends it).
  StunTransaction(Timestamp now, StunRetransmitOptions options = {});

  // When handle_timeout() has something to do; infinite() once finished.
  Timestamp next_timeout() const { return deadline_; }
  // kRetransmit: send the request again now. kTimedOut: the transaction failed (reported once).
  Action handle_timeout(Timestamp now);
  // A response arrived: stop the timers.
  void complete() { finished_ = true; deadline_ = Timestamp::infinite(); }

  bool finished() const { return finished_; }
  int transmissions() const { return transmissions_; }

 private:
  StunRetransmitOptions options_;
  Timestamp deadline_;
  Duration current_rto_;
  int transmissions_ = 1;
  bool finished_ = false;
};

}  // namespace wasmrtc::stun
