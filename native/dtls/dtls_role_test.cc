#include "dtls/dtls_role.h"

#include <gtest/gtest.h>

namespace wasmrtc::dtls {
namespace {

TEST(DtlsRole, ParsesTheFourTokensCaseInsensitively) {
  EXPECT_EQ(parse_setup("actpass"), SetupAttribute::kActpass);
  EXPECT_EQ(parse_setup("active"), SetupAttribute::kActive);
  EXPECT_EQ(parse_setup("PASSIVE"), SetupAttribute::kPassive);
  EXPECT_EQ(parse_setup("holdconn"), SetupAttribute::kHoldconn);
  EXPECT_EQ(parse_setup(""), std::nullopt);
  EXPECT_EQ(parse_setup("act"), std::nullopt);
  EXPECT_EQ(parse_setup("actpass "), std::nullopt);
  for (SetupAttribute s : {SetupAttribute::kActive, SetupAttribute::kPassive, SetupAttribute::kActpass, SetupAttribute::kHoldconn}) {
    EXPECT_EQ(parse_setup(setup_name(s)), s);
  }
}

TEST(DtlsRole, AnswererChoosesActiveForActpassPerRfc8842) {
  EXPECT_EQ(answer_setup(SetupAttribute::kActpass).value(), SetupAttribute::kActive);
  EXPECT_EQ(answer_setup(SetupAttribute::kActive).value(), SetupAttribute::kPassive);
  EXPECT_EQ(answer_setup(SetupAttribute::kPassive).value(), SetupAttribute::kActive);
  EXPECT_FALSE(answer_setup(SetupAttribute::kHoldconn).ok());
}

TEST(DtlsRole, OffererWithActpassTakesTheOppositeOfTheAnswer) {
  EXPECT_EQ(resolve_role(SetupAttribute::kActpass, SetupAttribute::kActive).value(), Role::kServer);
  EXPECT_EQ(resolve_role(SetupAttribute::kActpass, SetupAttribute::kPassive).value(), Role::kClient);
}

TEST(DtlsRole, AnswererFollowsItsOwnChoice) {
  EXPECT_EQ(resolve_role(SetupAttribute::kActive, SetupAttribute::kActpass).value(), Role::kClient);
  EXPECT_EQ(resolve_role(SetupAttribute::kPassive, SetupAttribute::kActpass).value(), Role::kServer);
  // Subsequent offers may carry active/passive on both sides (RFC 8842 §5.5).
  EXPECT_EQ(resolve_role(SetupAttribute::kActive, SetupAttribute::kPassive).value(), Role::kClient);
  EXPECT_EQ(resolve_role(SetupAttribute::kPassive, SetupAttribute::kActive).value(), Role::kServer);
}

TEST(DtlsRole, BothSidesAgreeOnOppositeRoles) {
  for (SetupAttribute offer : {SetupAttribute::kActpass, SetupAttribute::kActive, SetupAttribute::kPassive}) {
    SetupAttribute answer = answer_setup(offer).value();
    auto offerer = resolve_role(offer, answer);
    auto answerer = resolve_role(answer, offer);
    ASSERT_TRUE(offerer.ok() && answerer.ok());
    EXPECT_NE(offerer.value(), answerer.value()) << setup_name(offer);
  }
}

TEST(DtlsRole, ConflictingOrUnsupportedSetupsAreErrors) {
  auto both_actpass = resolve_role(SetupAttribute::kActpass, SetupAttribute::kActpass);
  ASSERT_FALSE(both_actpass.ok());
  EXPECT_EQ(both_actpass.error().code, ErrorCode::kInvalidAccess);
  EXPECT_FALSE(resolve_role(SetupAttribute::kActive, SetupAttribute::kActive).ok());
  EXPECT_FALSE(resolve_role(SetupAttribute::kPassive, SetupAttribute::kPassive).ok());
  auto hold = resolve_role(SetupAttribute::kHoldconn, SetupAttribute::kActive);
  ASSERT_FALSE(hold.ok());
  EXPECT_EQ(hold.error().code, ErrorCode::kNotSupported);
  EXPECT_FALSE(resolve_role(SetupAttribute::kActpass, SetupAttribute::kHoldconn).ok());
}

TEST(DtlsRole, Names) {
  EXPECT_EQ(role_name(Role::kClient), "client");
  EXPECT_EQ(role_name(Role::kServer), "server");
}

}  // namespace
}  // namespace wasmrtc::dtls
