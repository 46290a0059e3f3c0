// The candidate-pair members of getStats that are measurements rather than counters copied
// through: round trips from the ICE agent's checks and the outgoing bitrate SCTP's congestion
// window allows. Kept apart from peer_connection_stats.cc so the arithmetic is tested alone.
#pragma once

#include <cstdint>
#include <optional>

#include "ice/pair_check_stats.h"
#include "peer/stats.h"

namespace wasmrtc::peer {

// requestsSent, responsesReceived, requestsReceived, responsesSent, consentRequestsSent,
// totalRoundTripTime and (once measured) currentRoundTripTime, in seconds as webrtc-stats says.
void add_check_stats(StatsEntry& pair, const ice::PairCheckStats& checks);

// An estimate, not a measurement: one congestion window per smoothed round trip (cwnd * 8 / SRTT,
// bits per second) is the most SCTP will put in flight, so it bounds what the data channels can
// send. Nothing while SCTP has no RTT sample yet (srtt 0) or no window.
std::optional<double> available_outgoing_bitrate(uint64_t cwnd_bytes, uint64_t srtt_us);

}  // namespace wasmrtc::peer
