// Events the data channel manager queues for the layer above (drained with poll_event()).
#pragma once

#include <variant>

#include "common/bytes.h"
#include "common/result.h"
#include "datachannel/data_channel.h"

namespace wasmrtc::datachannel {

// The peer opened a channel in-band (DCEP OPEN): RTCPeerConnection's 'datachannel' event. The
// manager has answered with an ACK; a ChannelOpen for the same channel follows.
struct ChannelAnnounced {
  DataChannelId channel;
  DataChannelParameters parameters;  // id is set
};
// W3C 'open': the SCTP transport is up and, for in-band channels, the OPEN was sent (or received).
struct ChannelOpen {
  DataChannelId channel;
};
// W3C 'message'. Empty messages (PPID 56/57) arrive with empty data.
struct ChannelMessage {
  DataChannelId channel;
  bool binary;
  Bytes data;
};
// W3C 'bufferedamountlow': bufferedAmount fell from above the threshold to at or below it.
struct ChannelBufferedAmountLow {
  DataChannelId channel;
};
// W3C 'closing': the peer started the closing procedure (not queued for our own close()).
struct ChannelClosing {
  DataChannelId channel;
};
// W3C 'error' (an RTCError): the association failed (sctp-failure), no stream id was available
// (OperationError), or the peer broke the protocol on this channel. A ChannelClosed follows.
struct ChannelError {
  DataChannelId channel;
  Error error;
};
// W3C 'close': the channel is closed and the manager forgets it.
struct ChannelClosed {
  DataChannelId channel;
};

using DataChannelEvent = std::variant<ChannelAnnounced, ChannelOpen, ChannelMessage,
                                      ChannelBufferedAmountLow, ChannelClosing, ChannelError,
                                      ChannelClosed>;

}  // namespace wasmrtc::datachannel
