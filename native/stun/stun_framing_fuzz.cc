// libFuzzer target: ChannelData decode and the TURN stream framer over arbitrary chunkings.
#include <algorithm>
#include <cstdlib>

#include "stun/channel_data.h"
#include "stun/stun_message.h"
#include "stun/stun_stream_framer.h"

using namespace wasmrtc;
using namespace wasmrtc::stun;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView input(data, size);
  if (auto cd = decode_channel_data(input)) {
    if (!is_valid_channel(cd->channel)) std::abort();
    Bytes again = encode_channel_data(cd->channel, cd->data, true);
    auto cd2 = decode_channel_data(again);
    if (!cd2 || cd2->channel != cd->channel || !std::equal(cd2->data.begin(), cd2->data.end(), cd->data.begin(), cd->data.end()))
      std::abort();
  }
  // The first byte picks a chunk size; every frame the framer yields must be a whole message.
  if (size == 0) return 0;
  size_t chunk = 1 + data[0] % 17;
  StunStreamFramer framer;
  size_t yielded = 0;
  for (size_t i = 1; i < size; i += chunk) {
    framer.push(input.subspan(i, std::min(chunk, size - i)));
    while (auto frame = framer.next()) {
      yielded += frame->size();
      if (frame->size() < 4) std::abort();
      if ((*frame)[0] & 0x40) {
        if (frame->size() % 4 != 0 || !decode_channel_data(*frame)) std::abort();
      } else {
        StunParseError e{};
        // Length and cookie are the framer's business; attributes may still be malformed.
        if (!StunMessage::decode(*frame, &e) && (e == StunParseError::kBadLength || e == StunParseError::kBadMagicCookie ||
                                                 e == StunParseError::kTooShort))
          std::abort();
      }
    }
  }
  if (!framer.failed() && yielded + framer.buffered() != size - 1) std::abort();
  return 0;
}
