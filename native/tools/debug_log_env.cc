#include "tools/debug_log_env.h"

#include <cstdio>
#include <cstdlib>

#include "common/log.h"

namespace wasmrtc::tools {

void install_debug_log_from_env() {
  const char* spec = std::getenv("WASMRTC_DEBUG");
  if (!spec || !*spec) return;
  auto selection = log::parse_layers(spec);
  for (const auto& name : selection.unknown) {
    std::fprintf(stderr, "[wasmrtc] WASMRTC_DEBUG: '%s' is not a layer (ice, stun, turn, dtls, sctp, datachannel, sdp, peer, all)\n",
                 name.c_str());
  }
  log::set_sink(
      [](log::Layer layer, std::string_view message) {
        const auto name = log::layer_name(layer);
        std::fprintf(stderr, "[wasmrtc %.*s] %.*s\n", static_cast<int>(name.size()), name.data(),
                     static_cast<int>(message.size()), message.data());
      },
      selection.mask);
}

}  // namespace wasmrtc::tools
