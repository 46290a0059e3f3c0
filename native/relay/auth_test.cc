#include "relay/auth.h"

#include <gtest/gtest.h>

#include "stun/stun_integrity.h"

namespace wasmrtc::relay {
namespace {

TEST(AuthTest, RestPasswordIsBase64OfHmacSha1OfTheUsername) {
  // openssl: echo -n 1700000000:alice | openssl dgst -sha1 -hmac s3cret -binary | base64
  EXPECT_EQ(rest_password("s3cret", "1700000000:alice"), "TtElzSjT0GdnTQ9xdcRNxx96yQs=");
  auto c = mint_rest_credential("s3cret", "alice", 1700000000);
  EXPECT_EQ(c.username, "1700000000:alice");
  EXPECT_EQ(c.password, "TtElzSjT0GdnTQ9xdcRNxx96yQs=");
}

TEST(AuthTest, StaticUsersAndRestUsernames) {
  Authenticator auth;
  auth.add_user("alice", "pw");
  auth.add_secret("new");
  auth.add_secret("old");
  auto a = auth.lookup("alice", "r", 0);
  ASSERT_EQ(a.status, AuthLookup::Status::kOk);
  EXPECT_EQ(a.keys.at(0), stun::long_term_key("alice", "r", "pw"));
  EXPECT_EQ(a.quota_user, "alice");

  auto rest = auth.lookup("2000:carol", "r", 1000);
  ASSERT_EQ(rest.status, AuthLookup::Status::kOk);
  ASSERT_EQ(rest.keys.size(), 2u);  // one per secret, for rotation
  EXPECT_EQ(rest.keys[1], stun::long_term_key("2000:carol", "r", rest_password("old", "2000:carol")));
  EXPECT_EQ(rest.quota_user, "carol");
  EXPECT_EQ(auth.lookup("2000", "r", 1000).status, AuthLookup::Status::kOk);  // no user part
  EXPECT_EQ(auth.lookup("999:carol", "r", 1000).status, AuthLookup::Status::kExpired);
  EXPECT_EQ(auth.lookup("bob", "r", 0).status, AuthLookup::Status::kUnknownUser);
  EXPECT_EQ(auth.lookup("12x:bob", "r", 0).status, AuthLookup::Status::kUnknownUser);
  EXPECT_EQ(auth.lookup(":bob", "r", 0).status, AuthLookup::Status::kUnknownUser);
}

TEST(AuthTest, WithoutASecretRestUsernamesAreUnknown) {
  Authenticator auth;
  EXPECT_EQ(auth.lookup("99999999999:carol", "r", 0).status, AuthLookup::Status::kUnknownUser);
}

}  // namespace
}  // namespace wasmrtc::relay
