#include "peer/path_datagram_limit.h"

#include <gtest/gtest.h>

namespace wasmrtc::peer {
namespace {

ice::CandidatePair pair(const char* remote, ice::CandidateType local_type = ice::CandidateType::kHost,
                        ice::CandidateType remote_type = ice::CandidateType::kHost,
                        ice::TransportProtocol protocol = ice::TransportProtocol::kUdp) {
  ice::CandidatePair p;
  p.local.type = local_type;
  p.local.protocol = protocol;
  p.remote.type = remote_type;
  p.remote.protocol = protocol;
  p.remote.address = *SocketAddress::parse(remote);
  return p;
}

TEST(PathDatagramLimit, LoopbackCarriesAWholeUdpDatagram) {
  EXPECT_EQ(path_datagram_limit(pair("127.0.0.1:5000")), 65507u);
  EXPECT_EQ(path_datagram_limit(pair("127.3.2.1:5000")), 65507u);
  EXPECT_EQ(path_datagram_limit(pair("[::1]:5000")), 65527u);
}

TEST(PathDatagramLimit, OtherDirectPathsAssumeEthernet) {
  EXPECT_EQ(path_datagram_limit(pair("192.168.1.20:5000")), 1472u);
  EXPECT_EQ(path_datagram_limit(pair("203.0.113.9:5000", ice::CandidateType::kServerReflexive,
                                     ice::CandidateType::kPeerReflexive)), 1472u);
  EXPECT_EQ(path_datagram_limit(pair("[2001:db8::7]:5000")), 1452u);
}

TEST(PathDatagramLimit, RelayedTcpAndUnresolvedPairsAreNotProbed) {
  EXPECT_EQ(path_datagram_limit(pair("127.0.0.1:5000", ice::CandidateType::kRelayed)), 0u);
  EXPECT_EQ(path_datagram_limit(pair("192.168.1.20:5000", ice::CandidateType::kHost, ice::CandidateType::kRelayed)), 0u);
  EXPECT_EQ(path_datagram_limit(pair("127.0.0.1:5000", ice::CandidateType::kHost, ice::CandidateType::kHost,
                                     ice::TransportProtocol::kTcp)), 0u);
  EXPECT_EQ(path_datagram_limit(pair("0.0.0.0:5000")), 0u);  // an mDNS name not resolved
}

}  // namespace
}  // namespace wasmrtc::peer
