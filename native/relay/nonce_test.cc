#include "relay/nonce.h"

#include <gtest/gtest.h>

namespace wasmrtc::relay {
namespace {

using namespace std::chrono_literals;

TEST(NonceTest, ValidUntilItsLifetimeForTheSameClientOnly) {
  SeededRandom random(7);
  NonceManager nonces(random, 60s);
  SocketAddress client = *SocketAddress::parse("192.0.2.1:1000");
  SocketAddress other = *SocketAddress::parse("192.0.2.1:1001");
  Timestamp t0 = Timestamp::from_millis(5000);
  std::string n = nonces.issue(t0, client);
  EXPECT_EQ(nonces.check(n, t0 + 59s, client), NonceManager::Check::kValid);
  EXPECT_EQ(nonces.check(n, t0 + 60s, client), NonceManager::Check::kExpired);
  EXPECT_EQ(nonces.check(n, t0, other), NonceManager::Check::kInvalid);
  std::string tampered = n;
  tampered[0] = tampered[0] == 'f' ? 'e' : 'f';  // push the expiry
  EXPECT_EQ(nonces.check(tampered, t0, client), NonceManager::Check::kInvalid);
  EXPECT_EQ(nonces.check("", t0, client), NonceManager::Check::kInvalid);
  EXPECT_EQ(nonces.check(std::string(40, 'z'), t0, client), NonceManager::Check::kInvalid);
  // Another process (another key) does not accept it.
  SeededRandom random2(8);
  NonceManager other_server(random2, 60s);
  EXPECT_EQ(other_server.check(n, t0, client), NonceManager::Check::kInvalid);
}

}  // namespace
}  // namespace wasmrtc::relay
