#include "dtls/ssl_context_cache.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

namespace wasmrtc::dtls {
namespace {

// A reference the test gives back when it is done with it.
struct Held {
  SSL_CTX* ctx;
  ~Held() { SSL_CTX_free(ctx); }
};

TEST(SslContextCache, OneContextPerKeyConfiguredOnce) {
  int configured = 0;
  auto configure = [&](SSL_CTX* ctx) -> Result<bool> {
    ++configured;
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    return true;
  };
  auto first = acquire_ssl_context("ssl_context_cache_test one", configure);
  auto again = acquire_ssl_context("ssl_context_cache_test one", configure);
  auto other = acquire_ssl_context("ssl_context_cache_test two", configure);
  ASSERT_TRUE(first.ok() && again.ok() && other.ok());
  Held a{first.value()}, b{again.value()}, c{other.value()};
  EXPECT_EQ(a.ctx, b.ctx);
  EXPECT_NE(a.ctx, c.ctx);
  EXPECT_EQ(configured, 2);
  EXPECT_EQ(SSL_CTX_get_session_cache_mode(a.ctx), SSL_SESS_CACHE_OFF);
}

TEST(SslContextCache, AContextThatFailsToConfigureIsNotKept) {
  int calls = 0;
  auto failing = [&](SSL_CTX*) -> Result<bool> {
    ++calls;
    return make_error(ErrorCode::kOperationFailed, "refused");
  };
  auto r = acquire_ssl_context("ssl_context_cache_test failing", failing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "refused");
  auto working = acquire_ssl_context("ssl_context_cache_test failing", [&](SSL_CTX*) -> Result<bool> {
    ++calls;
    return true;
  });
  ASSERT_TRUE(working.ok());
  Held held{working.value()};
  EXPECT_EQ(calls, 2);
}

// The reference a transport holds keeps the context usable after the caller's is gone.
TEST(SslContextCache, EachAcquisitionIsAReference) {
  auto configure = [](SSL_CTX*) -> Result<bool> { return true; };
  auto r = acquire_ssl_context("ssl_context_cache_test references", configure);
  ASSERT_TRUE(r.ok());
  SSL_CTX_free(r.value());
  auto again = acquire_ssl_context("ssl_context_cache_test references", configure);
  ASSERT_TRUE(again.ok());
  Held held{again.value()};
  SSL* ssl = SSL_new(held.ctx);
  ASSERT_NE(ssl, nullptr);
  SSL_free(ssl);
}

}  // namespace
}  // namespace wasmrtc::dtls
