#include "peer/candidate_pair_stats.h"

#include <chrono>

namespace wasmrtc::peer {
namespace {

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

void add_check_stats(StatsEntry& pair, const ice::PairCheckStats& checks) {
  pair.set("requestsSent", static_cast<double>(checks.requests_sent));
  pair.set("responsesReceived", static_cast<double>(checks.responses_received));
  pair.set("requestsReceived", static_cast<double>(checks.requests_received));
  pair.set("responsesSent", static_cast<double>(checks.responses_sent));
  pair.set("consentRequestsSent", static_cast<double>(checks.consent_requests_sent));
  pair.set("totalRoundTripTime", seconds(checks.total_rtt));
  // webrtc-stats: "undefined" until a round trip has been measured, so the member is left out.
  if (checks.current_rtt) pair.set("currentRoundTripTime", seconds(*checks.current_rtt));
}

std::optional<double> available_outgoing_bitrate(uint64_t cwnd_bytes, uint64_t srtt_us) {
  if (cwnd_bytes == 0 || srtt_us == 0) return std::nullopt;
  return static_cast<double>(cwnd_bytes) * 8.0 * 1e6 / static_cast<double>(srtt_us);
}

}  // namespace wasmrtc::peer
