#include "sctp/tx/path_mtu_search.h"

namespace wasmrtc::sctp {

namespace {
size_t round_down_4(size_t n) { return n & ~size_t{3}; }
}  // namespace

PathMtuSearch::PathMtuSearch(size_t base, Duration probe_timeout, int max_probes)
    : base_(base),
      probe_timeout_(probe_timeout),
      max_probes_(max_probes < 1 ? 1 : max_probes),
      plpmtu_(base),
      ceiling_(base),
      failed_(base + 4) {}

void PathMtuSearch::start(Timestamp now, size_t ceiling) {
  plpmtu_ = base_;
  ceiling_ = round_down_4(ceiling);
  probed_size_ = 0;
  probe_due_ = false;
  timer_ = Timestamp::infinite();
  if (ceiling_ <= base_) {
    ceiling_ = base_;
    state_ = State::kDisabled;
    return;
  }
  search_from(now, ceiling_ + 4);
}

void PathMtuSearch::search_from(Timestamp now, size_t failed_above) {
  failed_ = failed_above;
  next_probe_or_complete(now);
}

void PathMtuSearch::next_probe_or_complete(Timestamp now) {
  probed_size_ = 0;
  probe_count_ = 0;
  probe_due_ = false;
  const size_t largest_possible = failed_ - 4;
  if (largest_possible < plpmtu_ + kSearchStep) {
    state_ = State::kSearchComplete;
    // Below the ceiling the path may grow later (a route change): look again after a while.
    timer_ = plpmtu_ < ceiling_ ? now + kRaiseInterval : Timestamp::infinite();
    return;
  }
  state_ = State::kSearching;
  // No failure known: the ceiling, which the path's link class usually carries. Otherwise halfway.
  probed_size_ = failed_ > ceiling_ ? ceiling_ : round_down_4((plpmtu_ + failed_) / 2);
  probe_due_ = true;
  timer_ = Timestamp::infinite();  // armed when the probe leaves
}

std::optional<size_t> PathMtuSearch::take_probe(Timestamp now) {
  if (state_ != State::kSearching || !probe_due_) return std::nullopt;
  probe_due_ = false;
  ++probe_count_;
  ++probes_sent_;
  timer_ = now + probe_timeout_;
  return probed_size_;
}

bool PathMtuSearch::on_probe_acked(Timestamp now, size_t size) {
  // Only the size being probed counts: an ack that comes after its search step was given up, or
  // after a black hole restarted the search, says nothing about the path as it is now.
  if (state_ != State::kSearching || size != probed_size_) return false;
  ++probes_acked_;
  plpmtu_ = size;
  next_probe_or_complete(now);
  return true;
}

bool PathMtuSearch::on_black_hole(Timestamp now) {
  if (state_ == State::kDisabled || plpmtu_ == base_) return false;
  ++black_holes_;
  // The size that stopped getting through bounds the new search (RFC 8899 §5.2: back to BASE,
  // then search again).
  const size_t failed = plpmtu_;
  plpmtu_ = base_;
  search_from(now, failed);
  return true;
}

void PathMtuSearch::handle_timeout(Timestamp now) {
  if (timer_.is_infinite() || now < timer_) return;
  timer_ = Timestamp::infinite();
  if (state_ == State::kSearching && probed_size_ != 0) {
    if (probe_count_ >= max_probes_) {
      failed_ = probed_size_;  // MAX_PROBES unanswered: this size does not get through
      next_probe_or_complete(now);
    } else {
      probe_due_ = true;
    }
  } else if (state_ == State::kSearchComplete) {
    search_from(now, ceiling_ + 4);  // the raise timer: try the larger sizes again
  }
}

Timestamp PathMtuSearch::next_timeout() const { return timer_; }

}  // namespace wasmrtc::sctp
