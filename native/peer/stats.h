// getStats() as data: a list of W3C RTCStats dictionaries (webrtc-stats), each an id, a type
// ("peer-connection", "data-channel", "transport", "candidate-pair", "local-candidate",
// "remote-candidate", "certificate") and its members by their W3C names, so the JS layer turns
// each entry into a plain object without knowing the members.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "datachannel/data_channel.h"

namespace wasmrtc::peer {

using StatValue = std::variant<double, std::string, bool>;

struct StatsEntry {
  std::string id;
  std::string type;
  std::vector<std::pair<std::string, StatValue>> members;

  void set(std::string name, StatValue value) { members.emplace_back(std::move(name), std::move(value)); }
  const StatValue* get(std::string_view name) const;
};

struct PeerConnectionStats {
  int64_t timestamp_us = 0;  // the `now` the report was taken at
  std::vector<StatsEntry> entries;

  const StatsEntry* find(std::string_view id) const;
  std::vector<const StatsEntry*> of_type(std::string_view type) const;
};

// What the connection counts itself: per data channel (W3C RTCDataChannelStats) and input it
// dropped (never trusted, never fatal).
struct ChannelCounters {
  uint64_t messages_sent = 0, bytes_sent = 0, messages_received = 0, bytes_received = 0;
};
struct PeerConnectionCounters {
  uint64_t data_channels_opened = 0;
  uint64_t data_channels_closed = 0;
  std::map<datachannel::DataChannelId, ChannelCounters> channels;
  std::map<datachannel::DataChannelId, datachannel::DataChannelParameters> channel_parameters;
  std::map<datachannel::DataChannelId, std::string> channel_states;
  uint64_t rtp_dropped = 0;           // RTP/RTCP before the media path exists
  uint64_t unknown_dropped = 0;       // neither DTLS nor RTP (RFC 7983 ranges we do not speak)
  uint64_t early_dtls_dropped = 0;    // DTLS before the transport existed, beyond the hold queue
  uint64_t candidates_skipped = 0;    // remote candidates that did not parse or were not usable
};

}  // namespace wasmrtc::peer
