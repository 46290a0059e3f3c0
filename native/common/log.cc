#include "common/log.h"

#include <cstdio>

namespace wasmrtc::log {

namespace detail {
std::atomic<uint32_t> enabled_mask{0};
}  // namespace detail

namespace {
constexpr std::string_view kNames[] = {"ice", "stun", "turn", "dtls", "sctp", "datachannel", "sdp", "peer"};
static_assert(std::size(kNames) == static_cast<size_t>(Layer::kCount));

Sink& sink() {
  static Sink s;  // a function-local static: no order-of-initialisation surprises
  return s;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

std::string_view layer_name(Layer layer) {
  auto i = static_cast<size_t>(layer);
  return i < std::size(kNames) ? kNames[i] : "?";
}

LayerSelection parse_layers(std::string_view spec) {
  LayerSelection out;
  size_t i = 0;
  while (i < spec.size()) {
    size_t j = i;
    while (j < spec.size() && spec[j] != ',' && spec[j] != ' ' && spec[j] != ';') ++j;
    std::string name;
    for (char c : spec.substr(i, j - i)) name.push_back(lower(c));
    i = j + 1;
    if (name.empty()) continue;
    if (name == "all" || name == "*" || name == "1" || name == "true") {
      out.mask = (1u << static_cast<unsigned>(Layer::kCount)) - 1;
      continue;
    }
    bool found = false;
    for (size_t k = 0; k < std::size(kNames); ++k) {
      if (name == kNames[k]) { out.mask |= 1u << k; found = true; }
    }
    if (!found) out.unknown.push_back(std::move(name));
  }
  return out;
}

void set_sink(Sink s, uint32_t mask) {
  sink() = std::move(s);
  detail::enabled_mask.store(sink() ? mask : 0, std::memory_order_relaxed);
}

void detail::write(Layer layer, std::string_view message) {
  if (auto& s = sink()) s(layer, message);
}

Line& Line::operator<<(double d) {
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%.6g", d);
  if (n > 0) text_.append(buf, static_cast<size_t>(n));
  return *this;
}

}  // namespace wasmrtc::log
