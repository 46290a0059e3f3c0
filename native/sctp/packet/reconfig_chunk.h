// RE-CONFIG (RFC 6525 §3.1) with the parameters data channels use: Outgoing SSN Reset Request
// (§4.1), Incoming SSN Reset Request (§4.2) and Re-configuration Response (§4.4).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.h"

namespace wasmrtc::sctp {

inline constexpr uint16_t kParamOutgoingResetRequest = 13;
inline constexpr uint16_t kParamIncomingResetRequest = 14;
inline constexpr uint16_t kParamReconfigResponse = 16;

enum class ReconfigResult : uint32_t {
  kSuccessNothingToDo = 0,
  kSuccessPerformed = 1,
  kDenied = 2,
  kErrorWrongSsn = 3,
  kErrorRequestAlreadyInProgress = 4,
  kErrorBadSequenceNumber = 5,
  kInProgress = 6,
};

struct OutgoingResetRequest {
  uint32_t request_sequence = 0;
  uint32_t response_sequence = 0;
  uint32_t senders_last_tsn = 0;
  std::vector<uint16_t> streams;  // empty: all streams
};

struct IncomingResetRequest {
  uint32_t request_sequence = 0;
  std::vector<uint16_t> streams;
};

struct ReconfigResponse {
  uint32_t response_sequence = 0;
  ReconfigResult result = ReconfigResult::kSuccessNothingToDo;
};

struct ReconfigChunk {
  std::vector<OutgoingResetRequest> outgoing;
  std::vector<IncomingResetRequest> incoming;
  std::vector<ReconfigResponse> responses;
  size_t unknown_parameters = 0;

  static std::optional<ReconfigChunk> parse(ByteView value);
  void append_to(Bytes& out) const;
};

}  // namespace wasmrtc::sctp
