// WASMRTC_DEBUG=ice,dtls,... for the native programs: the core's logs of those layers go to stderr
// as "[wasmrtc <layer>] <message>", the same variable and format the JS package uses.
#pragma once

namespace wasmrtc::tools {

// Reads WASMRTC_DEBUG and installs a stderr sink for the layers it names (nothing when unset or
// empty); warns on stderr about names that are not layers.
void install_debug_log_from_env();

}  // namespace wasmrtc::tools
