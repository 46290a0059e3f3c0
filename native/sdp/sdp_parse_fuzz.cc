// libFuzzer target: the SDP parser and the typed attribute parsers. Invariants: never crashes; a
// description that parses serializes to text that parses to the same model (and serializes to the
// same text again); every attribute value that a typed parser accepts formats to text that parses
// to the same value (checked as a fixed point of format(parse(.)), since the structs have no ==).
// Seeds: a few small real offers and answers from tests/fixtures/sdp in
// tests/fuzz/corpus/sdp_parse_fuzz (the 4-6 KB audio/video ones made each run several times slower).
// fuzz-smoke-runs: 60000  (each input is a whole description; 100k runs took ~22 s on a busy 2-core box)
#include <cstdlib>
#include <string>
#include <string_view>

#include "sdp/session_description.h"
#include "sdp/webrtc_attributes.h"

namespace {

using namespace wasmrtc::sdp;

template <typename Parse, typename Format>
void check_fixed_point(std::string_view value, Parse parse, Format format) {
  auto first = parse(value);
  if (!first) return;
  std::string text = format(*first);
  auto second = parse(text);
  if (!second) std::abort();  // format() wrote something its own parser refuses
  if (format(*second) != text) std::abort();
}

void check_typed(std::string_view value) {
  check_fixed_point(value, parse_group, format_group);
  check_fixed_point(value, parse_rtpmap, format_rtpmap);
  check_fixed_point(value, parse_fmtp, format_fmtp);
  if (auto fmtp = parse_fmtp(value)) (void)fmtp->pairs();
  check_fixed_point(value, parse_rtcp_fb, format_rtcp_fb);
  check_fixed_point(value, parse_extmap, format_extmap);
  check_fixed_point(value, parse_ssrc, format_ssrc);
  check_fixed_point(value, parse_ssrc_group, format_ssrc_group);
  check_fixed_point(value, parse_msid, format_msid);
  if (auto direction = parse_direction(value)) {
    if (parse_direction(direction_name(*direction)) != direction) std::abort();
    if (reverse(reverse(*direction)) != *direction) std::abort();
  }
  (void)parse_sctp_port(value);
  (void)parse_max_message_size(value);
  (void)parse_sctpmap_port(value);
  for (const std::string& option : parse_ice_options(value))
    if (option.empty()) std::abort();
}

void check_attributes(const AttributeList& attributes) {
  for (const Attribute& a : attributes.all()) {
    if (a.name.empty()) std::abort();
    if (a.value) check_typed(*a.value);
    if (auto direction = parse_direction(a.name)) {  // direction attributes are names
      if (parse_direction(direction_name(*direction)) != direction) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parse(text);
  if (!parsed) {
    if (parsed.error().message.empty()) std::abort();
    return 0;
  }
  std::string serialized = serialize(parsed.value());
  auto again = parse(serialized);
  if (!again) std::abort();
  if (!(again.value() == parsed.value())) std::abort();
  if (serialize(again.value()) != serialized) std::abort();

  check_attributes(parsed->attributes);
  for (const MediaSection& m : parsed->media) check_attributes(m.attributes);
  return 0;
}
