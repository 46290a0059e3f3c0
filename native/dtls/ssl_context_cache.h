// SSL_CTX objects shared by the DTLS transports of a process, one per configuration.
//
// OpenSSL 3's SSL_CTX_new fetches every cipher, digest and key-exchange group from the providers
// and sorts the cipher list: in wasm ~0.15 ms, about 4 % of a whole connection setup, repeated for
// every connection although all of a process's connections ask for the same few settings. The
// context holds only what every connection shares (versions, cipher list, groups, use_srtp, the
// verify and ALPN callbacks); what is one connection's own (certificate and key, MTU, BIO, app
// data, timer) is set on its SSL.
#pragma once
#include <functional>
#include <string>

#include "common/result.h"

typedef struct ssl_ctx_st SSL_CTX;

namespace wasmrtc::dtls {

// The context cached under `key`, made with `configure` the first time (SSL_CTX_new(DTLS_method())
// then `configure`, which returns false and an error to give up: nothing is cached then). The key
// must name everything `configure` sets. Returns a new reference: the caller SSL_CTX_frees it.
Result<SSL_CTX*> acquire_ssl_context(const std::string& key, const std::function<Result<bool>(SSL_CTX*)>& configure);

}  // namespace wasmrtc::dtls
