// The core's logs (native/common/log.h) for the JS layer: js/src/debug_log.js installs a JS
// function as the sink for the layers WASMRTC_DEBUG (or setDebugLog()) names.
#include <emscripten/bind.h>

#include <string>

#include "common/log.h"

namespace wasmrtc::bindings {
namespace {

using emscripten::val;

// setLogSink("ice,dtls", (layer, message) => ...) → the names that are not layers (an array).
// An empty spec, or a sink that is not a function, makes the core silent again.
val set_log_sink(const std::string& spec, val sink) {
  auto selection = log::parse_layers(spec);
  val unknown = val::array();
  for (const auto& name : selection.unknown) unknown.call<void>("push", name);
  if (selection.mask == 0 || sink.typeOf().as<std::string>() != "function") {
    log::set_sink(nullptr, 0);
    return unknown;
  }
  log::set_sink(
      [sink](log::Layer layer, std::string_view message) {
        sink(std::string(log::layer_name(layer)), std::string(message));
      },
      selection.mask);
  return unknown;
}

}  // namespace

EMSCRIPTEN_BINDINGS(wasmrtc_log) { emscripten::function("setLogSink", &set_log_sink); }

}  // namespace wasmrtc::bindings
