#include "dtls/ssl_context_cache.h"

#include <openssl/ssl.h>

#include <map>
#include <memory>
#include <mutex>

namespace wasmrtc::dtls {
namespace {

struct ContextFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};

// Contexts live until the process exits (a handful: one per configuration in use). The native
// build may create transports on several threads, hence the lock; wasm has one thread.
struct Cache {
  std::mutex lock;
  std::map<std::string, std::unique_ptr<SSL_CTX, ContextFree>> contexts;
};

Cache& cache() {
  static Cache* instance = new Cache();  // never destroyed: transports may outlive static destructors
  return *instance;
}

}  // namespace

Result<SSL_CTX*> acquire_ssl_context(const std::string& key, const std::function<Result<bool>(SSL_CTX*)>& configure) {
  Cache& c = cache();
  std::lock_guard<std::mutex> guard(c.lock);
  auto found = c.contexts.find(key);
  if (found == c.contexts.end()) {
    std::unique_ptr<SSL_CTX, ContextFree> ctx(SSL_CTX_new(DTLS_method()));
    if (!ctx) return make_error(ErrorCode::kOperationFailed, "SSL_CTX_new failed");
    auto configured = configure(ctx.get());
    if (!configured.ok()) return configured.error();
    found = c.contexts.emplace(key, std::move(ctx)).first;
  }
  SSL_CTX_up_ref(found->second.get());
  return found->second.get();
}

}  // namespace wasmrtc::dtls
