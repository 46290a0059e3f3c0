// What a candidate pair's STUN checks tell getStats (W3C RTCIceCandidatePairStats: requestsSent,
// responsesReceived, requestsReceived, responsesSent, consentRequestsSent, currentRoundTripTime,
// totalRoundTripTime). The agent
// already times every check for its retransmissions; keeping the round trips here is the only
// way the layers above learn the path's RTT before (and besides) SCTP's own estimate.
#pragma once

#include <cstdint>
#include <optional>

#include "common/time.h"

namespace wasmrtc::ice {

struct PairCheckStats {
  // Binding requests sent on the pair, retransmissions not counted. Consent checks (RFC 7675)
  // are connectivity checks too, so they count here and also in consent_requests_sent.
  uint64_t requests_sent = 0;
  uint64_t consent_requests_sent = 0;
  // Authenticated success responses from the right address (checks and consent checks).
  uint64_t responses_received = 0;
  // The peer's valid checks on this pair (retransmissions included) and our success responses.
  // Checks that arrive before the peer's credentials are answered but have no pair yet to count on.
  uint64_t requests_received = 0;
  uint64_t responses_sent = 0;
  // Round trips are measured only on requests that were sent once (Karn's algorithm): a STUN
  // retransmission reuses the transaction id, so a response to a retransmitted request cannot
  // say which transmission it answers. Under loss, rtt_samples < responses_received.
  uint64_t rtt_samples = 0;
  std::optional<Duration> current_rtt;  // the latest sample
  Duration total_rtt{0};                // the sum of all samples

  void record_response(std::optional<Duration> rtt) {
    ++responses_received;
    if (!rtt) return;
    ++rtt_samples;
    current_rtt = *rtt;
    total_rtt += *rtt;
  }
};

}  // namespace wasmrtc::ice
