#include "host/udp_socket.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "host/asio_address.h"
#include "host/core_timer.h"
#include "host/steady_clock.h"

namespace wasmrtc::host {
namespace {

using namespace std::chrono_literals;

const SocketAddress kLoopbackAny = *SocketAddress::parse("127.0.0.1:0");

struct Received {
  SocketAddress local, remote;
  Bytes bytes;
};

TEST(AsioAddress, RoundTripsV4AndV6) {
  for (const char* text : {"127.0.0.1:3478", "[2001:db8::1]:9", "[::1]:65535"}) {
    SocketAddress a = *SocketAddress::parse(text);
    EXPECT_EQ(from_endpoint(to_endpoint(a)), a) << text;
  }
  // IPv4-mapped IPv6 comes back as IPv4.
  boost::asio::ip::udp::endpoint mapped(boost::asio::ip::make_address("::ffff:192.0.2.1"), 80);
  EXPECT_EQ(from_endpoint(mapped), SocketAddress::parse("192.0.2.1:80"));
}

TEST(SteadyClock, TimestampsRoundTripToTimePoints) {
  Timestamp t = steady_now();
  EXPECT_EQ(to_timestamp(to_time_point(t)), t);
  EXPECT_GT(to_time_point(Timestamp::infinite()), std::chrono::steady_clock::now() + 24h);
}

TEST(UdpSocket, BindsLoopbackAndExchangesDatagrams) {
  EventLoop loop;
  std::vector<Received> at_a, at_b;
  auto a = UdpSocket::open(loop, kLoopbackAny, [&](Timestamp, const SocketAddress& l, const SocketAddress& r, ByteView b) {
    at_a.push_back({l, r, Bytes(b.begin(), b.end())});
  });
  auto b = UdpSocket::open(loop, kLoopbackAny, [&](Timestamp, const SocketAddress& l, const SocketAddress& r, ByteView b) {
    at_b.push_back({l, r, Bytes(b.begin(), b.end())});
  });
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_NE(a.value()->local_address().port(), 0);
  EXPECT_TRUE(a.value()->local_address().ip().is_loopback());
  EXPECT_TRUE(a.value()->send(b.value()->local_address(), Bytes{1, 2, 3}));
  EXPECT_TRUE(b.value()->send(a.value()->local_address(), Bytes(1200, 7)));
  ASSERT_TRUE(loop.run_until([&] { return !at_a.empty() && !at_b.empty(); }, 5s));
  EXPECT_EQ(at_b[0].bytes, (Bytes{1, 2, 3}));
  EXPECT_EQ(at_b[0].remote, a.value()->local_address());
  EXPECT_EQ(at_b[0].local, b.value()->local_address());
  EXPECT_EQ(at_a[0].bytes.size(), 1200u);
}

TEST(UdpSocket, BindFailureIsAnErrorValue) {
  EventLoop loop;
  auto a = UdpSocket::open(loop, kLoopbackAny, nullptr);
  ASSERT_TRUE(a);
  // The same port again is in use.
  auto b = UdpSocket::open(loop, a.value()->local_address(), nullptr);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::kOperationFailed);
}

TEST(CoreTimer, FiresAtTheDeadlineAndCanBeRearmedOrCancelled) {
  EventLoop loop;
  std::vector<Timestamp> fired;
  CoreTimer timer(loop, [&](Timestamp now) { fired.push_back(now); });
  Timestamp deadline = loop.now() + Duration(20'000);
  timer.arm(loop.now() + Duration(10'000'000));  // replaced by the next arm
  timer.arm(deadline);
  ASSERT_TRUE(loop.run_until([&] { return !fired.empty(); }, 5s));
  EXPECT_GE(fired[0], deadline);
  EXPECT_TRUE(timer.deadline().is_infinite());
  timer.arm(loop.now() + Duration(5'000));
  timer.cancel();
  loop.run_for(30ms);
  EXPECT_EQ(fired.size(), 1u);
}

}  // namespace
}  // namespace wasmrtc::host
