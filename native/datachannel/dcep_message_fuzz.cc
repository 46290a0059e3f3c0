// libFuzzer target for the DCEP parser: any input must parse or fail cleanly, and whatever parses as
// an OPEN must serialize back to the bytes it came from (minus tolerated trailing bytes).
#include <algorithm>
#include <cstdlib>

#include "datachannel/dcep_message.h"

using namespace wasmrtc;
using namespace wasmrtc::datachannel;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView input(data, size);
  auto parsed = parse_dcep_message(input);
  if (!parsed.ok()) {
    if (parsed.error().message.empty()) std::abort();
    return 0;
  }
  if (const auto* open = std::get_if<DcepOpen>(&parsed.value())) {
    auto wire = serialize_dcep_open(*open);
    if (!wire.ok()) std::abort();
    const Bytes& out = wire.value();
    if (out.size() > size || !std::equal(out.begin(), out.end(), input.begin())) std::abort();
  } else if (size == 0 || input[0] != 0x02) {
    std::abort();
  }
  return 0;
}
