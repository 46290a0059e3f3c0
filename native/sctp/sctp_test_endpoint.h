// Test helper (used only by *_test.cc): an SctpAssociation as a SimEndpoint that drains its
// events into a list after every input, as a driver would.
#pragma once

#include <vector>

#include "sctp/sctp_association.h"
#include "testing/sim_link.h"

namespace wasmrtc::sctp {

// Seeded pseudo-random message bytes, so a receiver can check every byte of what arrived.
inline Bytes pattern(size_t size, uint32_t seed) {
  Bytes b(size);
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < size; ++i) {
    x = x * 1103515245u + 12345u;
    b[i] = static_cast<uint8_t>(x >> 16);
  }
  return b;
}

class SctpTestEndpoint final : public testing::SimEndpoint {
 public:
  SctpTestEndpoint(SctpOptions options, uint64_t seed) : random_(seed), association_(options, random_) {}

  void handle_receive(Timestamp now, ByteView packet) override {
    association_.handle_receive(now, packet);
    drain();
  }
  void handle_timeout(Timestamp now) override {
    association_.handle_timeout(now);
    drain();
  }
  Timestamp next_timeout() const override { return association_.next_timeout(); }
  std::optional<Bytes> poll_transmit() override { return association_.poll_transmit(); }

  void drain() {
    while (auto e = association_.poll_event()) {
      if (e->type == SctpEvent::Type::kMessage) {
        messages.push_back(std::move(*e));
      } else {
        events.push_back(std::move(*e));
      }
    }
  }
  size_t count(SctpEvent::Type type) const {
    size_t n = 0;
    for (const SctpEvent& e : events) n += e.type == type;
    return n;
  }
  bool connected() const { return count(SctpEvent::Type::kConnected) > 0; }

  SctpAssociation* operator->() { return &association_; }
  SctpAssociation& association() { return association_; }

  std::vector<SctpEvent> events;    // everything but messages
  std::vector<SctpEvent> messages;  // kMessage

 private:
  SeededRandom random_;
  SctpAssociation association_;
};

}  // namespace wasmrtc::sctp
