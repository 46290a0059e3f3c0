// The check list of one data stream (RFC 8445 §6.1.2): pairs ordered by priority, duplicates pruned
// (§6.1.2.4), a size limit (§6.1.2.5), the frozen/waiting initial states (§6.1.2.6), the triggered
// check queue (§6.1.4.1) and the choice of the next ordinary check (§6.1.4.2). Single component:
// WebRTC multiplexes RTP, RTCP and data on one (BUNDLE + rtcp-mux), so there is no frozen
// component ordering to do.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "ice/candidate_pair.h"

namespace wasmrtc::ice {

class CheckList {
 public:
  explicit CheckList(size_t max_pairs = 100) : max_pairs_(max_pairs) {}

  // Adds (local, base, remote) unless a pair with the same base and remote address exists; then
  // the existing pair is returned (kept if it has the higher priority, else its local candidate
  // is replaced, §6.1.2.4). New pairs start Waiting if no other pair has their foundation, else
  // Frozen. Returns nullptr if the pair was dropped by the size limit.
  CandidatePair* add(const Candidate& local, const SocketAddress& base, const Candidate& remote,
                     IceRole role);

  CandidatePair* find(uint64_t id);
  CandidatePair* find(const SocketAddress& base, const SocketAddress& remote);

  // §6.1.4.2: the highest-priority Waiting pair; if none, the highest-priority Frozen pair whose
  // foundation is not Waiting or In-Progress elsewhere (it is moved to Waiting). nullptr if none.
  CandidatePair* next_ordinary(IceRole role);
  // §7.2.5.3.3: a success unfreezes the pairs with the same foundation.
  void unfreeze_foundation(const std::string& foundation);

  void push_triggered(uint64_t id);
  std::optional<uint64_t> pop_triggered();

  // True while a check may still be sent: triggered queue non-empty or any pair Frozen/Waiting/
  // In-Progress.
  bool checks_pending() const;
  // True when next_ordinary() or pop_triggered() would return a pair now (so a paced check is due).
  bool has_work() const;
  bool empty() const { return pairs_.empty(); }
  bool all_failed() const;

  // The highest-priority Succeeded pair, the highest-priority nominated one.
  CandidatePair* best_valid(IceRole role);
  CandidatePair* best_nominated(IceRole role);

  std::vector<CandidatePair>& pairs() { return pairs_; }
  const std::vector<CandidatePair>& pairs() const { return pairs_; }
  void clear();
  uint64_t dropped_over_limit() const { return dropped_over_limit_; }

 private:
  bool foundation_active(const std::string& foundation, uint64_t except_id) const;

  size_t max_pairs_;
  uint64_t next_id_ = 1;
  std::vector<CandidatePair> pairs_;
  std::deque<uint64_t> triggered_;
  uint64_t dropped_over_limit_ = 0;
};

}  // namespace wasmrtc::ice
