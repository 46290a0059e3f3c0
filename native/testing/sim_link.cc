#include "testing/sim_link.h"

#include <algorithm>

namespace wasmrtc::testing {

double SimLink::uniform() { return static_cast<double>(random_.next_u64() >> 11) * (1.0 / 9007199254740992.0); }

void SimLink::send(Timestamp now, Bytes packet) {
  ++stats_.sent;
  if (config_.strict_mtu && packet.size() > config_.strict_mtu) ++stats_.mtu_violations;
  if (blackout_) {
    ++stats_.blackout_drops;
    return;
  }
  if (config_.loss > 0 && uniform() < config_.loss) {
    ++stats_.lost;
    return;
  }
  Timestamp departure = now;
  if (config_.bandwidth_bps) {
    // Serialization on a FIFO bottleneck: the packet leaves once those ahead of it have.
    if (config_.queue_limit_bytes && link_free_at_ > now) {
      double backlog_bytes = static_cast<double>((link_free_at_ - now).count()) * config_.bandwidth_bps / 8e6;
      if (backlog_bytes > static_cast<double>(config_.queue_limit_bytes)) {
        ++stats_.queue_drops;
        return;
      }
    }
    int64_t tx_us = static_cast<int64_t>(packet.size() * 8 * 1000000 / config_.bandwidth_bps);
    link_free_at_ = std::max(link_free_at_, now) + Duration(tx_us);
    departure = link_free_at_;
  }
  Timestamp arrival = departure + config_.latency;
  if (config_.jitter.count() > 0) arrival = arrival + Duration(static_cast<int64_t>(uniform() * static_cast<double>(config_.jitter.count())));
  if (config_.reorder > 0 && uniform() < config_.reorder) arrival = arrival + config_.reorder_delay;
  if (config_.duplicate > 0 && uniform() < config_.duplicate) {
    ++stats_.duplicated;
    enqueue(arrival + Duration(static_cast<int64_t>(uniform() * 2000)), packet);
  }
  enqueue(arrival, std::move(packet));
}

void SimLink::enqueue(Timestamp arrival, Bytes packet) {
  queue_.push(InFlight{arrival, order_++, std::move(packet)});
}

std::optional<Bytes> SimLink::receive(Timestamp now) {
  if (queue_.empty() || queue_.top().arrival > now) return std::nullopt;
  // priority_queue::top is const; the packet is moved out just before pop() discards it.
  Bytes packet = std::move(const_cast<InFlight&>(queue_.top()).packet);
  queue_.pop();
  ++stats_.delivered;
  stats_.bytes_delivered += packet.size();
  return packet;
}

Timestamp SimLink::next_delivery() const { return queue_.empty() ? Timestamp::infinite() : queue_.top().arrival; }

SimLinkPair::SimLinkPair(SimEndpoint& a, SimEndpoint& z, LinkConfig a_to_z, LinkConfig z_to_a, uint64_t seed,
                       Timestamp start)
    : a_(a), z_(z), a_to_z_(a_to_z, seed * 2 + 1), z_to_a_(z_to_a, seed * 2 + 2), now_(start) {}

bool SimLinkPair::pump() {
  bool any = false;
  auto drain = [&](SimEndpoint& from, SimLink& link, bool from_a) {
    while (auto packet = from.poll_transmit()) {
      any = true;
      if (on_send && !on_send(from_a, *packet)) continue;
      link.send(now_, std::move(*packet));
    }
  };
  drain(a_, a_to_z_, true);
  drain(z_, z_to_a_, false);
  while (auto p = a_to_z_.receive(now_)) {
    any = true;
    z_.handle_receive(now_, *p);
  }
  while (auto p = z_to_a_.receive(now_)) {
    any = true;
    a_.handle_receive(now_, *p);
  }
  if (a_.next_timeout() <= now_) {
    any = true;
    a_.handle_timeout(now_);
  }
  if (z_.next_timeout() <= now_) {
    any = true;
    z_.handle_timeout(now_);
  }
  return any;
}

bool SimLinkPair::step(Timestamp limit) {
  if (pump()) return true;
  Timestamp next = std::min({a_to_z_.next_delivery(), z_to_a_.next_delivery(), a_.next_timeout(), z_.next_timeout()});
  if (next.is_infinite() || next > limit) return false;
  now_ = std::max(now_, next);
  return true;
}

bool SimLinkPair::run_until(const std::function<bool()>& done, Duration max) {
  Timestamp limit = now_ + max;
  for (;;) {
    if (done()) return true;
    if (!step(limit)) {
      if (done()) return true;
      now_ = std::max(now_, limit);
      return false;
    }
  }
}

void SimLinkPair::run_for(Duration duration) {
  Timestamp limit = now_ + duration;
  while (step(limit)) {
  }
  now_ = std::max(now_, limit);
}

}  // namespace wasmrtc::testing
