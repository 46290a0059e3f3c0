// The core's logs, by layer. Logging is an output of the sans-IO core like its transmits: the core
// never writes to a file or a console; the driver installs a sink (stderr in the native tools,
// console or a user callback in JS, WASMRTC_DEBUG=ice,dtls,... in both) and picks the layers.
// Silent by default: with a layer off, WASMRTC_LOG(kIce) << ... costs one load and a branch and
// formats nothing. Deliberately no <iostream>/<sstream>: they would add ~100 KiB to the wasm.
//
// The sink is process-wide (one per wasm instance): set it before the core runs, from the thread
// that runs it. The core itself is single-threaded; the enabled mask is atomic only so that a
// native driver on another thread may read it safely.
#pragma once

#include <atomic>
#include <charconv>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace wasmrtc::log {

enum class Layer : uint8_t { kIce, kStun, kTurn, kDtls, kSctp, kDataChannel, kSdp, kPeer, kCount };

std::string_view layer_name(Layer layer);

// "ice,dtls" → those layers; "all" or "*" → every layer; "" → none. Names are case-insensitive and
// may be separated by commas, spaces or semicolons; names that are not layers are returned in
// `unknown` so that a driver can warn about a typo instead of staying silent.
struct LayerSelection {
  uint32_t mask = 0;
  std::vector<std::string> unknown;
};
LayerSelection parse_layers(std::string_view spec);

using Sink = std::function<void(Layer layer, std::string_view message)>;

// Installs the sink and the layers it receives; an empty sink or a zero mask makes the core silent.
void set_sink(Sink sink, uint32_t mask);

namespace detail {
extern std::atomic<uint32_t> enabled_mask;
void write(Layer layer, std::string_view message);
}  // namespace detail

inline bool enabled(Layer layer) {
  return (detail::enabled_mask.load(std::memory_order_relaxed) >> static_cast<unsigned>(layer)) & 1u;
}

// One log line, built with << and handed to the sink when the statement ends.
class Line {
 public:
  explicit Line(Layer layer) : layer_(layer) {}
  Line(const Line&) = delete;
  Line& operator=(const Line&) = delete;
  ~Line() { detail::write(layer_, text_); }

  Line& operator<<(std::string_view s) { text_.append(s); return *this; }
  Line& operator<<(const char* s) { text_.append(s ? s : "(null)"); return *this; }
  Line& operator<<(const std::string& s) { text_.append(s); return *this; }
  Line& operator<<(char c) { text_.push_back(c); return *this; }
  Line& operator<<(bool b) { text_.append(b ? "true" : "false"); return *this; }
  Line& operator<<(double d);
  template <typename T, typename = std::enable_if_t<std::is_integral_v<T>>>
  Line& operator<<(T value) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    text_.append(buf, end);
    return *this;
  }

 private:
  Layer layer_;
  std::string text_;
};

}  // namespace wasmrtc::log

// WASMRTC_LOG(kIce) << "pair " << id << " failed";  (the Layer enumerator, without its scope)
#define WASMRTC_LOG(layer)                                                  \
  if (!::wasmrtc::log::enabled(::wasmrtc::log::Layer::layer)) {            \
  } else                                                                    \
    ::wasmrtc::log::Line(::wasmrtc::log::Layer::layer)
