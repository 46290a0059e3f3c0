#include "stun/stun_transaction.h"

namespace wasmrtc::stun {

StunTransaction::StunTransaction(Timestamp now, StunRetransmitOptions options)
    : options_(options), current_rto_(options.rto) {
  if (options_.reliable || options_.rc <= 1) {
    deadline_ = now + (options_.reliable ? options_.reliable_timeout : options_.rto * options_.rm);
  } else {
    deadline_ = now + current_rto_;
  }
}

StunTransaction::Action StunTransaction::handle_timeout(Timestamp now) {
  if (finished_ || now < deadline_) return Action::kNone;
  if (options_.reliable || transmissions_ >= options_.rc) {
    finished_ = true;
    deadline_ = Timestamp::infinite();
    return Action::kTimedOut;
  }
  ++transmissions_;
  current_rto_ *= 2;
  // After the last transmission, wait Rm * (initial) RTO (RFC 8489 §6.2.1: 39.5 s in all).
  deadline_ = now + (transmissions_ >= options_.rc ? options_.rto * options_.rm : current_rto_);
  return Action::kRetransmit;
}

}  // namespace wasmrtc::stun
