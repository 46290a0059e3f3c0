#include "datachannel/data_channel_manager.h"

#include <gtest/gtest.h>

#include "datachannel/fake_sctp_port.h"
#include "datachannel/ppid.h"

namespace wasmrtc::datachannel {
namespace {

using testing::FakeSctpPort;
using Type = sctp::SctpEvent::Type;

const Timestamp kNow = Timestamp::from_millis(1000);

sctp::SctpEvent connected() { return {Type::kConnected}; }

sctp::SctpEvent message(uint16_t sid, Ppid ppid, Bytes data) {
  sctp::SctpEvent e{Type::kMessage};
  e.stream_id = sid;
  e.ppid = to_u32(ppid);
  e.data = std::move(data);
  return e;
}

sctp::SctpEvent streams(Type type, std::vector<uint16_t> ids) {
  sctp::SctpEvent e{type};
  e.stream_ids = std::move(ids);
  return e;
}

Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

Bytes open_message(ChannelType type, uint32_t reliability, std::string label, std::string protocol,
                   uint16_t priority = 256) {
  DcepOpen open{type, priority, reliability, std::move(label), std::move(protocol)};
  return serialize_dcep_open(open).value();
}

class DataChannelManagerTest : public ::testing::Test {
 protected:
  std::vector<DataChannelEvent> drain() {
    std::vector<DataChannelEvent> out;
    while (auto e = manager.poll_event()) out.push_back(std::move(*e));
    return out;
  }

  DataChannelId create(DataChannelParameters p = {}) {
    auto id = manager.create_channel(kNow, p);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? id.value() : 0;
  }

  // Client role, connected association, nothing pending.
  void connect_as(DtlsRole role) {
    manager.set_dtls_role(kNow, role);
    manager.handle_sctp_event(kNow, connected());
  }

  FakeSctpPort port;
  DataChannelManager manager{port};
};

template <typename T>
const T* as(const DataChannelEvent& e) {
  return std::get_if<T>(&e);
}

TEST_F(DataChannelManagerTest, IdsFollowTheDtlsRoleOnceKnown) {
  DataChannelId a = create();
  DataChannelId b = create();
  EXPECT_EQ(manager.stream_id(a), std::nullopt);  // W3C: id null until the DTLS role is known
  EXPECT_EQ(manager.state(a), DataChannelState::kConnecting);
  manager.set_dtls_role(kNow, DtlsRole::kServer);
  EXPECT_EQ(manager.stream_id(a), 1);
  EXPECT_EQ(manager.stream_id(b), 3);
  EXPECT_TRUE(port.sent.empty());  // not connected yet: no OPEN
  EXPECT_TRUE(drain().empty());
}

TEST_F(DataChannelManagerTest, ClientUsesEvenIdsAndSkipsNegotiatedOnes) {
  manager.set_dtls_role(kNow, DtlsRole::kClient);
  DataChannelParameters negotiated;
  negotiated.negotiated = true;
  negotiated.id = 0;
  DataChannelId n = create(negotiated);
  DataChannelId a = create();
  DataChannelId b = create();
  EXPECT_EQ(manager.stream_id(n), 0);
  EXPECT_EQ(manager.stream_id(a), 2);
  EXPECT_EQ(manager.stream_id(b), 4);
}

TEST_F(DataChannelManagerTest, W3cCreateDataChannelErrors) {
  DataChannelParameters both;
  both.max_retransmits = 1;
  both.max_packet_life_time = 1;
  EXPECT_EQ(manager.create_channel(kNow, both).error().code, ErrorCode::kInvalidArgument);

  DataChannelParameters long_label;
  long_label.label = std::string(65536, 'x');
  EXPECT_EQ(manager.create_channel(kNow, long_label).error().code, ErrorCode::kInvalidArgument);
  long_label.label.pop_back();
  EXPECT_TRUE(manager.create_channel(kNow, long_label).ok());  // exactly 65535 is fine

  DataChannelParameters long_protocol;
  long_protocol.protocol = std::string(65536, 'x');
  EXPECT_EQ(manager.create_channel(kNow, long_protocol).error().code, ErrorCode::kInvalidArgument);

  DataChannelParameters no_id;
  no_id.negotiated = true;
  EXPECT_EQ(manager.create_channel(kNow, no_id).error().code, ErrorCode::kInvalidArgument);

  DataChannelParameters reserved;
  reserved.negotiated = true;
  reserved.id = 65535;
  EXPECT_EQ(manager.create_channel(kNow, reserved).error().code, ErrorCode::kInvalidArgument);

  DataChannelParameters taken;
  taken.negotiated = true;
  taken.id = 7;
  EXPECT_TRUE(manager.create_channel(kNow, taken).ok());
  EXPECT_EQ(manager.create_channel(kNow, taken).error().code, ErrorCode::kOperationFailed);

  connect_as(DtlsRole::kClient);
  DataChannelParameters beyond;
  beyond.negotiated = true;
  beyond.id = port.channels;  // at [[MaxChannels]]
  EXPECT_EQ(manager.create_channel(kNow, beyond).error().code, ErrorCode::kOperationFailed);
}

TEST_F(DataChannelManagerTest, IdOnlyCountsForNegotiatedChannels) {
  manager.set_dtls_role(kNow, DtlsRole::kClient);
  DataChannelParameters p;
  p.id = 9;  // ignored: not negotiated
  DataChannelId a = create(p);
  EXPECT_EQ(manager.stream_id(a), 0);
}

TEST_F(DataChannelManagerTest, InBandChannelSendsOpenAndAnnouncesOpenWithoutWaitingForAck) {
  DataChannelParameters p;
  p.label = "chat";
  p.protocol = "json";
  p.ordered = false;
  p.max_retransmits = 3;
  p.priority = 512;
  DataChannelId a = create(p);
  connect_as(DtlsRole::kClient);

  ASSERT_EQ(port.sent.size(), 1u);
  EXPECT_EQ(port.sent[0].stream_id, 0);
  EXPECT_EQ(port.sent[0].ppid, 50u);
  EXPECT_FALSE(port.sent[0].options.unordered);  // DCEP goes reliable and ordered
  EXPECT_FALSE(port.sent[0].options.max_retransmits.has_value());
  auto open = parse_dcep_message(port.sent[0].data);
  ASSERT_TRUE(open.ok());
  const auto& o = std::get<DcepOpen>(open.value());
  EXPECT_EQ(o.channel_type, ChannelType::kPartialReliableRexmitUnordered);
  EXPECT_EQ(o.reliability_parameter, 3u);
  EXPECT_EQ(o.priority, 512);
  EXPECT_EQ(o.label, "chat");
  EXPECT_EQ(o.protocol, "json");

  auto events = drain();
  ASSERT_EQ(events.size(), 1u);
  ASSERT_NE(as<ChannelOpen>(events[0]), nullptr);
  EXPECT_EQ(as<ChannelOpen>(events[0])->channel, a);
  EXPECT_EQ(manager.state(a), DataChannelState::kOpen);
  EXPECT_EQ(port.thresholds.at(0), 0u);
}

TEST_F(DataChannelManagerTest, UnorderedChannelSendsOrderedUntilAcked) {
  DataChannelParameters p;
  p.ordered = false;
  p.max_packet_life_time = 150;
  DataChannelId a = create(p);
  connect_as(DtlsRole::kClient);
  ASSERT_TRUE(manager.send(kNow, a, as_bytes("early"), false).ok());
  ASSERT_EQ(port.sent.size(), 2u);
  EXPECT_FALSE(port.sent[1].options.unordered);  // RFC 8832 §6.6
  EXPECT_EQ(port.sent[1].options.max_lifetime, std::chrono::milliseconds(150));

  manager.handle_sctp_event(kNow, message(0, Ppid::kDcep, serialize_dcep_ack()));
  ASSERT_TRUE(manager.send(kNow, a, as_bytes("late"), false).ok());
  EXPECT_TRUE(port.sent[2].options.unordered);
  EXPECT_EQ(manager.counters().dropped_unexpected_dcep, 0u);

  // A second ACK is unexpected and counted.
  manager.handle_sctp_event(kNow, message(0, Ppid::kDcep, serialize_dcep_ack()));
  EXPECT_EQ(manager.counters().dropped_unexpected_dcep, 1u);
}

TEST_F(DataChannelManagerTest, AnyUserMessageActsAsAck) {
  DataChannelParameters p;
  p.ordered = false;
  DataChannelId a = create(p);
  connect_as(DtlsRole::kClient);
  manager.handle_sctp_event(kNow, message(0, Ppid::kString, bytes("hi")));
  ASSERT_TRUE(manager.send(kNow, a, as_bytes("x"), true).ok());
  EXPECT_TRUE(port.sent.back().options.unordered);
}

TEST_F(DataChannelManagerTest, ChannelsCreatedBeforeConnectOpenInCreationOrder) {
  manager.set_dtls_role(kNow, DtlsRole::kServer);
  DataChannelId a = create();
  DataChannelParameters n;
  n.negotiated = true;
  n.id = 10;
  DataChannelId b = create(n);
  DataChannelId c = create();
  EXPECT_TRUE(drain().empty());
  manager.handle_sctp_event(kNow, connected());
  auto events = drain();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(as<ChannelOpen>(events[0])->channel, a);
  EXPECT_EQ(as<ChannelOpen>(events[1])->channel, b);
  EXPECT_EQ(as<ChannelOpen>(events[2])->channel, c);
  // Negotiated channels use no DCEP: only two OPENs, on streams 1 and 3.
  ASSERT_EQ(port.sent.size(), 2u);
  EXPECT_EQ(port.sent[0].stream_id, 1);
  EXPECT_EQ(port.sent[1].stream_id, 3);
}

TEST_F(DataChannelManagerTest, RoleLearnedAfterConnectOpensWaitingChannels) {
  DataChannelId a = create();
  manager.handle_sctp_event(kNow, connected());
  EXPECT_TRUE(drain().empty());
  manager.set_dtls_role(kNow, DtlsRole::kClient);
  auto events = drain();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(as<ChannelOpen>(events[0])->channel, a);
  EXPECT_EQ(manager.stream_id(a), 0);
}

TEST_F(DataChannelManagerTest, IdsExhaustedIsOperationError) {
  port.channels = 4;  // streams 0..3: the client gets 0 and 2
  connect_as(DtlsRole::kClient);
  create();
  create();
  auto third = manager.create_channel(kNow, {});
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, ErrorCode::kOperationFailed);
}

TEST_F(DataChannelManagerTest, ChannelBeyondMaxChannelsFailsWhenTransportConnects) {
  port.channels = 4;
  DataChannelParameters n;
  n.negotiated = true;
  n.id = 5;
  DataChannelId a = create(n);
  connect_as(DtlsRole::kClient);
  auto events = drain();
  ASSERT_EQ(events.size(), 2u);
  ASSERT_NE(as<ChannelError>(events[0]), nullptr);
  EXPECT_EQ(as<ChannelError>(events[0])->error.code, ErrorCode::kOperationFailed);
  EXPECT_EQ(as<ChannelClosed>(events[1])->channel, a);
  EXPECT_EQ(manager.channel_count(), 0u);
}

TEST_F(DataChannelManagerTest, IncomingOpenCreatesChannelAndAcks) {
  connect_as(DtlsRole::kClient);
  manager.handle_sctp_event(
      kNow, message(1, Ppid::kDcep,
                    open_message(ChannelType::kPartialReliableTimedUnordered, 70000, "lbl", "proto", 1024)));
  ASSERT_EQ(port.sent.size(), 1u);
  EXPECT_EQ(port.sent[0].stream_id, 1);
  EXPECT_EQ(port.sent[0].ppid, 50u);
  EXPECT_EQ(to_hex(port.sent[0].data), "02");

  auto events = drain();
  ASSERT_EQ(events.size(), 2u);
  const auto* announced = as<ChannelAnnounced>(events[0]);
  ASSERT_NE(announced, nullptr);
  EXPECT_EQ(announced->parameters.label, "lbl");
  EXPECT_EQ(announced->parameters.protocol, "proto");
  EXPECT_FALSE(announced->parameters.ordered);
  EXPECT_EQ(announced->parameters.max_packet_life_time, 65535);  // clamped to unsigned short
  EXPECT_FALSE(announced->parameters.max_retransmits.has_value());
  EXPECT_FALSE(announced->parameters.negotiated);
  EXPECT_EQ(announced->parameters.id, 1);
  EXPECT_EQ(announced->parameters.priority, 1024);
  EXPECT_EQ(as<ChannelOpen>(events[1])->channel, announced->channel);
  EXPECT_EQ(manager.state(announced->channel), DataChannelState::kOpen);

  // Incoming unordered channels send unordered at once (no ACK to wait for).
  ASSERT_TRUE(manager.send(kNow, announced->channel, as_bytes("x"), false).ok());
  EXPECT_TRUE(port.sent.back().options.unordered);
  EXPECT_EQ(port.sent.back().options.max_lifetime, std::chrono::milliseconds(65535));

  // A second OPEN on the same stream is dropped and counted.
  manager.handle_sctp_event(kNow, message(1, Ppid::kDcep, open_message(ChannelType::kReliable, 0, "", "")));
  EXPECT_EQ(manager.counters().dropped_unexpected_dcep, 1u);
  EXPECT_TRUE(drain().empty());
  // The next local channel skips nothing odd: the client's ids are even anyway.
  EXPECT_EQ(manager.stream_id(create()), 0);
}

TEST_F(DataChannelManagerTest, MalformedDcepIsCountedAndIgnored) {
  connect_as(DtlsRole::kClient);
  manager.handle_sctp_event(kNow, message(1, Ppid::kDcep, Bytes{0x03, 0x00}));
  manager.handle_sctp_event(kNow, message(1, Ppid::kDcep, Bytes{}));
  manager.handle_sctp_event(kNow, message(1, Ppid::kDcep, Bytes{0x07}));
  EXPECT_EQ(manager.counters().dropped_malformed_dcep, 3u);
  EXPECT_EQ(manager.channel_count(), 0u);
  EXPECT_TRUE(port.sent.empty());
  EXPECT_TRUE(drain().empty());
}

TEST_F(DataChannelManagerTest, NegotiatedChannelsExchangeWithoutDcep) {
  connect_as(DtlsRole::kServer);
  DataChannelParameters n;
  n.negotiated = true;
  n.id = 4;  // even, although we are the server: negotiated ids are the application's choice
  DataChannelId a = create(n);
  auto events = drain();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(as<ChannelOpen>(events[0])->channel, a);
  EXPECT_TRUE(port.sent.empty());
  manager.handle_sctp_event(kNow, message(4, Ppid::kBinary, bytes("\x01\x02")));
  events = drain();
  ASSERT_EQ(events.size(), 1u);
  const auto* m = as<ChannelMessage>(events[0]);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->channel, a);
  EXPECT_TRUE(m->binary);
  EXPECT_EQ(m->data, bytes("\x01\x02"));
}

TEST_F(DataChannelManagerTest, SendUsesThePpidRules) {
  connect_as(DtlsRole::kClient);
  DataChannelId a = create();
  port.sent.clear();
  ASSERT_TRUE(manager.send(kNow, a, as_bytes("text"), false).ok());
  ASSERT_TRUE(manager.send(kNow, a, as_bytes("bin"), true).ok());
  ASSERT_TRUE(manager.send(kNow, a, ByteView{}, false).ok());
  ASSERT_TRUE(manager.send(kNow, a, ByteView{}, true).ok());
  ASSERT_EQ(port.sent.size(), 4u);
  EXPECT_EQ(port.sent[0].ppid, 51u);
  EXPECT_EQ(port.sent[0].data, bytes("text"));
  EXPECT_EQ(port.sent[1].ppid, 53u);
  EXPECT_EQ(port.sent[2].ppid, 56u);
  EXPECT_EQ(port.sent[2].data, Bytes{0});
  EXPECT_EQ(port.sent[3].ppid, 57u);
  EXPECT_EQ(port.sent[3].data, Bytes{0});
  EXPECT_EQ(manager.counters().messages_sent, 4u);
}

TEST_F(DataChannelManagerTest, ReceivedEmptyMessagesAreEmpty) {
  connect_as(DtlsRole::kClient);
  DataChannelId a = create();
  drain();
  manager.handle_sctp_event(kNow, message(0, Ppid::kStringEmpty, Bytes{0}));
  manager.handle_sctp_event(kNow, message(0, Ppid::kBinaryEmpty, Bytes{0}));
  manager.handle_sctp_event(kNow, message(0, Ppid::kString, bytes("s")));
  auto events = drain();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(as<ChannelMessage>(events[0])->channel, a);
  EXPECT_FALSE(as<ChannelMessage>(events[0])->binary);
  EXPECT_TRUE(as<ChannelMessage>(events[0])->data.empty());
  EXPECT_TRUE(as<ChannelMessage>(events[1])->binary);
  EXPECT_TRUE(as<ChannelMessage>(events[1])->data.empty());
  EXPECT_EQ(as<ChannelMessage>(events[2])->data, bytes("s"));
  EXPECT_EQ(manager.counters().messages_received, 3u);
}

TEST_F(DataChannelManagerTest, MessageOnUnknownStreamIsCounted) {
  connect_as(DtlsRole::kClient);
  manager.handle_sctp_event(kNow, message(42, Ppid::kString, bytes("?")));
  EXPECT_EQ(manager.counters().dropped_unknown_stream, 1u);
  EXPECT_TRUE(drain().empty());
}

TEST_F(DataChannelManagerTest, TooLargeSendIsTypeErrorAndChannelStaysOpen) {
  port.max_message = 1000;
  connect_as(DtlsRole::kClient);
  DataChannelId a = create();
  drain();
  port.sent.clear();
  Bytes big(1001, 'x');
  auto status = manager.send(kNow, a, big, true);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(port.sent.empty());
  EXPECT_EQ(manager.state(a), DataChannelState::kOpen);
  EXPECT_TRUE(drain().empty());
  big.pop_back();
  EXPECT_TRUE(manager.send(kNow, a, big, true).ok());  // exactly the maximum passes
}

TEST_F(DataChannelManagerTest, SendErrorsMapToW3cExceptions) {
  DataChannelId a = create();
  EXPECT_EQ(manager.send(kNow, a, as_bytes("x"), false).error().code, ErrorCode::kInvalidState);
  connect_as(DtlsRole::kClient);
  port.next_status = sctp::SendStatus::kBufferFull;
  EXPECT_EQ(manager.send(kNow, a, as_bytes("x"), false).error().code, ErrorCode::kOperationFailed);
  port.next_status = sctp::SendStatus::kStreamResetting;
  EXPECT_EQ(manager.send(kNow, a, as_bytes("x"), false).error().code, ErrorCode::kInvalidState);
  EXPECT_EQ(manager.send(kNow, 999, as_bytes("x"), false).error().code, ErrorCode::kInvalidState);
}

TEST_F(DataChannelManagerTest, BufferedAmountAndLowThreshold) {
  DataChannelId a = create();
  manager.set_buffered_amount_low_threshold(a, 100);
  EXPECT_EQ(manager.buffered_amount_low_threshold(a), 100u);
  connect_as(DtlsRole::kClient);
  EXPECT_EQ(port.thresholds.at(0), 100u);  // applied once the stream is known and up
  EXPECT_EQ(port.buffered.at(0), port.sent[0].data.size());  // the OPEN is queued...
  EXPECT_EQ(manager.buffered_amount(a), 0u);                  // ...but is no application data
  ASSERT_TRUE(manager.send(kNow, a, Bytes(500, 1), true).ok());
  ASSERT_TRUE(manager.send(kNow, a, ByteView{}, true).ok());  // empty: adds nothing (W3C)
  EXPECT_EQ(manager.buffered_amount(a), 500u);
  manager.set_buffered_amount_low_threshold(a, 200);
  EXPECT_EQ(port.thresholds.at(0), 200u);
  drain();

  // The association sent the OPEN and 400 bytes of the message: 100 application bytes remain,
  // plus the empty message's stand-in byte.
  port.buffered[0] = 101;
  EXPECT_EQ(manager.buffered_amount(a), 100u);
  sctp::SctpEvent low{Type::kBufferedAmountLow};
  low.stream_id = 0;
  manager.handle_sctp_event(kNow, low);
  auto events = drain();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(as<ChannelBufferedAmountLow>(events[0])->channel, a);
  // No second event without another rise above the threshold.
  manager.handle_sctp_event(kNow, low);
  EXPECT_TRUE(drain().empty());
  low.stream_id = 8;  // no channel there
  manager.handle_sctp_event(kNow, low);
  EXPECT_TRUE(drain().empty());
}

TEST_F(DataChannelManagerTest, NoBufferedAmountLowWithoutApplicationData) {
  DataChannelId a = create();
  connect_as(DtlsRole::kClient);
  drain();
  port.buffered[0] = 0;  // the OPEN drained: not the application's bytes, so no event
  sctp::SctpEvent low{Type::kBufferedAmountLow};
  low.stream_id = 0;
  manager.handle_sctp_event(kNow, low);
  EXPECT_TRUE(drain().empty());
  EXPECT_EQ(manager.buffered_amount(a), 0u);
}

TEST_F(DataChannelManagerTest, LocalCloseResetsAndClosesOnceBothSidesReset) {
  connect_as(DtlsRole::kClient);
  DataChannelId a = create();
  drain();
  manager.close(kNow, a);
  EXPECT_EQ(manager.state(a), DataChannelState::kClosing);
  EXPECT_EQ(port.reset_requests, std::vector<uint16_t>{0});
  EXPECT_TRUE(drain().empty());  // no 'closing' event for our own close()
  EXPECT_EQ(manager.send(kNow, a, as_bytes("x"), false).error().code, ErrorCode::kInvalidState);
  manager.close(kNow, a);  // idempotent
  EXPECT_EQ(port.reset_requests.size(), 1u);

  manager.handle_sctp_event(kNow, streams(Type::kStreamResetDone, {0}));
  EXPECT_EQ(manager.state(a), DataChannelState::kClosing);
  manager.handle_sctp_event(kNow, streams(Type::kStreamsReset, {0}));
  auto events = drain();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(as<ChannelClosed>(events[0])->channel, a);
  EXPECT_EQ(manager.state(a), DataChannelState::kClosed);
  EXPECT_EQ(manager.stream_id(create()), 0);  // the stream id is free again
}

TEST_F(DataChannelManagerTest, DeniedResetStillEndsTheClose) {
  connect_as(DtlsRole::kClient);
  DataChannelId a = create();
  drain();
  manager.close(kNow, a);
  manager.handle_sctp_event(kNow, streams(Type::kStreamsReset, {0}));
  EXPECT_EQ(manager.state(a), DataChannelState::kClosing);
  manager.handle_sctp_event(kNow, streams(Type::kStreamResetFailed, {0}));
  EXPECT_EQ(manager.state(a), DataChannelState::kClosed);
  auto events = drain();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(as<ChannelClosed>(events[0])->channel, a);
}

TEST_F(DataChannelManagerTest, RemoteCloseFiresClosingThenClosed) {
  connect_as(DtlsRole::kClient);
  DataChannelId a = create();
  drain();
  manager.handle_sctp_event(kNow, streams(Type::kStreamsReset, {0}));
  EXPECT_EQ(manager.state(a), DataChannelState::kClosing);
  EXPECT_EQ(port.reset_requests, std::vector<uint16_t>{0});
  auto events = drain();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(as<ChannelClosing>(events[0])->channel, a);
  // Messages arriving while closing are discarded (W3C).
  manager.handle_sctp_event(kNow, message(0, Ppid::kString, bytes("late")));
  EXPECT_EQ(manager.counters().dropped_not_open, 1u);
  manager.handle_sctp_event(kNow, streams(Type::kStreamResetDone, {0}));
  events = drain();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(as<ChannelClosed>(events[0])->channel, a);
}

TEST_F(DataChannelManagerTest, ClosingAConnectingChannelClosesAtOnce) {
  DataChannelId a = create();
  manager.close(kNow, a);
  EXPECT_TRUE(port.reset_requests.empty());
  auto events = drain();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(as<ChannelClosed>(events[0])->channel, a);
  connect_as(DtlsRole::kClient);
  EXPECT_TRUE(port.sent.empty());  // no OPEN for a channel closed before connecting
}

TEST_F(DataChannelManagerTest, AbortClosesEveryChannelWithSctpFailure) {
  DataChannelId pending = create();
  connect_as(DtlsRole::kClient);
  DataChannelId b = create();
  manager.close(kNow, b);  // closing when the association dies
  drain();
  sctp::SctpEvent aborted{Type::kAborted};
  aborted.reason = "peer aborted";
  manager.handle_sctp_event(kNow, aborted);
  auto events = drain();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(as<ChannelError>(events[0])->channel, pending);
  EXPECT_NE(as<ChannelError>(events[0])->error.message.find("sctp-failure"), std::string::npos);
  EXPECT_EQ(as<ChannelClosed>(events[1])->channel, pending);
  EXPECT_EQ(as<ChannelError>(events[2])->channel, b);
  EXPECT_EQ(as<ChannelClosed>(events[3])->channel, b);
  EXPECT_EQ(manager.channel_count(), 0u);
  EXPECT_EQ(manager.create_channel(kNow, {}).error().code, ErrorCode::kInvalidState);
}

TEST_F(DataChannelManagerTest, GracefulShutdownClosesWithoutError) {
  connect_as(DtlsRole::kClient);
  DataChannelId a = create();
  drain();
  manager.handle_sctp_event(kNow, {Type::kClosed});
  auto events = drain();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(as<ChannelClosed>(events[0])->channel, a);
}

TEST_F(DataChannelManagerTest, DeprecatedPartialPpidsAreReassembled) {
  connect_as(DtlsRole::kClient);
  DataChannelId a = create();
  drain();
  manager.handle_sctp_event(kNow, message(0, Ppid::kStringPartial, bytes("hel")));
  manager.handle_sctp_event(kNow, message(0, Ppid::kStringPartial, bytes("lo ")));
  EXPECT_TRUE(drain().empty());
  manager.handle_sctp_event(kNow, message(0, Ppid::kString, bytes("world")));
  manager.handle_sctp_event(kNow, message(0, Ppid::kBinaryPartial, bytes("ab")));
  manager.handle_sctp_event(kNow, message(0, Ppid::kBinaryEmpty, Bytes{0}));
  auto events = drain();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(as<ChannelMessage>(events[0])->data, bytes("hello world"));
  EXPECT_FALSE(as<ChannelMessage>(events[0])->binary);
  EXPECT_EQ(as<ChannelMessage>(events[1])->data, bytes("ab"));
  EXPECT_TRUE(as<ChannelMessage>(events[1])->binary);
  EXPECT_EQ(manager.state(a), DataChannelState::kOpen);
}

TEST_F(DataChannelManagerTest, MixedPartialFragmentsCloseTheChannel) {
  connect_as(DtlsRole::kClient);
  DataChannelId a = create();
  drain();
  manager.handle_sctp_event(kNow, message(0, Ppid::kStringPartial, bytes("a")));
  manager.handle_sctp_event(kNow, message(0, Ppid::kBinary, bytes("b")));
  EXPECT_EQ(manager.counters().dropped_bad_partial, 1u);
  auto events = drain();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(as<ChannelError>(events[0])->channel, a);
  EXPECT_EQ(as<ChannelClosing>(events[1])->channel, a);
  EXPECT_EQ(port.reset_requests, std::vector<uint16_t>{0});
}

TEST_F(DataChannelManagerTest, OversizedPartialReassemblyClosesTheChannel) {
  port.max_message = 4;
  connect_as(DtlsRole::kClient);
  create();
  drain();
  manager.handle_sctp_event(kNow, message(0, Ppid::kBinaryPartial, bytes("abc")));
  manager.handle_sctp_event(kNow, message(0, Ppid::kBinaryPartial, bytes("de")));
  EXPECT_EQ(manager.counters().dropped_bad_partial, 1u);
  EXPECT_EQ(port.reset_requests, std::vector<uint16_t>{0});
}

TEST_F(DataChannelManagerTest, UnsupportedPpidClosesTheChannel) {
  connect_as(DtlsRole::kClient);
  DataChannelId a = create();
  drain();
  manager.handle_sctp_event(kNow, message(0, static_cast<Ppid>(99), bytes("?")));
  EXPECT_EQ(manager.counters().dropped_unsupported_ppid, 1u);
  EXPECT_EQ(manager.state(a), DataChannelState::kClosing);
  auto events = drain();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_NE(as<ChannelError>(events[0])->error.message.find("99"), std::string::npos);
  EXPECT_EQ(as<ChannelClosing>(events[1])->channel, a);
}

TEST_F(DataChannelManagerTest, FailedOpenSendClosesTheChannel) {
  DataChannelId a = create();
  port.next_status = sctp::SendStatus::kInvalidStream;
  connect_as(DtlsRole::kClient);
  auto events = drain();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(as<ChannelError>(events[0])->channel, a);
  EXPECT_EQ(as<ChannelClosed>(events[1])->channel, a);
}

}  // namespace
}  // namespace wasmrtc::datachannel
