#include "ice/check_list.h"

#include <algorithm>

namespace wasmrtc::ice {

CandidatePair* CheckList::add(const Candidate& local, const SocketAddress& base,
                              const Candidate& remote, IceRole role) {
  if (CandidatePair* existing = find(base, remote.address)) {
    CandidatePair candidate{0, local, base, remote};
    if (candidate.priority(role) > existing->priority(role)) {
      existing->local = local;
      existing->remote = remote;
    }
    return existing;
  }
  CandidatePair pair{next_id_++, local, base, remote};
  if (pairs_.size() >= max_pairs_) {
    // §6.1.2.5: keep the highest-priority pairs; drop the lowest not yet checked.
    auto lowest = pairs_.end();
    for (auto it = pairs_.begin(); it != pairs_.end(); ++it) {
      if (it->state != PairState::kFrozen && it->state != PairState::kWaiting) continue;
      if (lowest == pairs_.end() || it->priority(role) < lowest->priority(role)) lowest = it;
    }
    if (lowest == pairs_.end() || lowest->priority(role) >= pair.priority(role)) {
      ++dropped_over_limit_;
      return nullptr;
    }
    uint64_t dropped = lowest->id;
    pairs_.erase(lowest);
    triggered_.erase(std::remove(triggered_.begin(), triggered_.end(), dropped), triggered_.end());
    ++dropped_over_limit_;
  }
  pair.state = foundation_active(pair.foundation(), 0) ? PairState::kFrozen : PairState::kWaiting;
  pairs_.push_back(std::move(pair));
  return &pairs_.back();
}

bool CheckList::foundation_active(const std::string& foundation, uint64_t except_id) const {
  for (const auto& p : pairs_)
    if (p.id != except_id && p.foundation() == foundation &&
        (p.state == PairState::kWaiting || p.state == PairState::kInProgress))
      return true;
  return false;
}

CandidatePair* CheckList::find(uint64_t id) {
  for (auto& p : pairs_)
    if (p.id == id) return &p;
  return nullptr;
}

CandidatePair* CheckList::find(const SocketAddress& base, const SocketAddress& remote) {
  for (auto& p : pairs_)
    if (p.base == base && p.remote.address == remote) return &p;
  return nullptr;
}

CandidatePair* CheckList::next_ordinary(IceRole role) {
  CandidatePair* best = nullptr;
  for (auto& p : pairs_)
    if (p.state == PairState::kWaiting && (!best || p.priority(role) > best->priority(role))) best = &p;
  if (best) return best;
  for (auto& p : pairs_)
    if (p.state == PairState::kFrozen && !foundation_active(p.foundation(), p.id) &&
        (!best || p.priority(role) > best->priority(role)))
      best = &p;
  if (best) best->state = PairState::kWaiting;
  return best;
}

void CheckList::unfreeze_foundation(const std::string& foundation) {
  for (auto& p : pairs_)
    if (p.state == PairState::kFrozen && p.foundation() == foundation) p.state = PairState::kWaiting;
}

void CheckList::push_triggered(uint64_t id) {
  if (std::find(triggered_.begin(), triggered_.end(), id) == triggered_.end()) triggered_.push_back(id);
}

std::optional<uint64_t> CheckList::pop_triggered() {
  while (!triggered_.empty()) {
    uint64_t id = triggered_.front();
    triggered_.pop_front();
    if (find(id)) return id;
  }
  return std::nullopt;
}

bool CheckList::checks_pending() const {
  if (!triggered_.empty()) return true;
  for (const auto& p : pairs_)
    if (p.state == PairState::kFrozen || p.state == PairState::kWaiting ||
        p.state == PairState::kInProgress)
      return true;
  return false;
}

bool CheckList::has_work() const {
  if (!triggered_.empty()) return true;
  for (const auto& p : pairs_) {
    if (p.state == PairState::kWaiting) return true;
    if (p.state == PairState::kFrozen && !foundation_active(p.foundation(), p.id)) return true;
  }
  return false;
}

bool CheckList::all_failed() const {
  if (pairs_.empty()) return false;
  for (const auto& p : pairs_)
    if (p.state != PairState::kFailed) return false;
  return true;
}

CandidatePair* CheckList::best_valid(IceRole role) {
  CandidatePair* best = nullptr;
  for (auto& p : pairs_)
    if (p.valid && (!best || p.priority(role) > best->priority(role))) best = &p;
  return best;
}

CandidatePair* CheckList::best_nominated(IceRole role) {
  CandidatePair* best = nullptr;
  for (auto& p : pairs_)
    if (p.nominated && p.valid &&
        (!best || p.priority(role) > best->priority(role)))
      best = &p;
  return best;
}

void CheckList::clear() {
  pairs_.clear();
  triggered_.clear();
}

}  // namespace wasmrtc::ice
