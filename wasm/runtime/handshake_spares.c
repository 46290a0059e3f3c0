// Handshake spares: the public-key work of a DTLS handshake that does not depend on the peer,
// done ahead of need in idle time (docs/PERFORMANCE.md "Seventh round"). wasm only: the recipe
// (wasm/third_party/recipe_openssl.sh) makes the wasm build of OpenSSL take from here, through
// weak references, so a link without this file behaves as stock OpenSSL.
//
// - X25519 key pairs, for the ECDHE share: libssl's ssl_generate_pkey_group (server) and
//   ssl_generate_pkey (client) take one instead of generating it. A spare is an ephemeral key like
//   any other: made from the same DRBG, handed out once, freed by libssl after the handshake.
// - ECDSA P-256 signing nonces: (k^-1 mod n, r = x(kG) mod n), what OpenSSL's own ECDSA_sign_setup
//   computes ahead of a signature. Neither depends on the signing key, so one throwaway key serves
//   to make them (OpenSSL's setup insists on a key). ossl_ecdsa_simple_sign_sig takes one when its
//   caller passed none. Each is used for one signature only. k comes from the DRBG alone: OpenSSL
//   otherwise hedges it with the key and the digest (RFC 6979 style), a protection against a bad
//   random generator; this DRBG is seeded from crypto.getRandomValues / the OS.
// A spare costs what the handshake would have spent (X25519 key generation is one Montgomery
// ladder, ~0.14 ms here; a nonce a fixed-base P-256 multiplication and an inverse modulo the
// order, ~0.2 ms); the saving is latency: two of each leave a setup's critical path.
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>

// Built into libcrypto whatever the configuration (the providers use them), but declared only
// without no-deprecated; ossl_ecdsa_simple_sign_setup is crypto/ec/ecdsa_ossl.c's.
typedef struct ec_key_st EC_KEY;
EC_KEY* EC_KEY_new_by_curve_name_ex(OSSL_LIB_CTX* ctx, const char* propq, int nid);
int EC_KEY_generate_key(EC_KEY* key);
void EC_KEY_free(EC_KEY* key);
int ossl_ecdsa_simple_sign_setup(EC_KEY* eckey, BN_CTX* ctx_in, BIGNUM** kinvp, BIGNUM** rp);

#define SPARES_MAX 8

static EVP_PKEY* x25519_keys[SPARES_MAX];
static int x25519_count;
static unsigned x25519_taken;  // for tests: how many handshakes took one

struct nonce {
  BIGNUM* kinv;
  BIGNUM* r;
};
static struct nonce nonces[SPARES_MAX];
static int nonce_count;
static unsigned nonces_taken;
static EC_KEY* nonce_key;  // any P-256 key: with no digest given, k does not depend on it

// Called by libssl (patched): a spare X25519 key, owned by the caller, or NULL.
EVP_PKEY* wasmrtc_spare_x25519_key(void) {
  if (x25519_count == 0) return NULL;
  ++x25519_taken;
  return x25519_keys[--x25519_count];
}

// Called by libcrypto's ECDSA signing (patched): replaces *kinvp and *rp (freed) with a spare
// nonce for `group` and returns 1, or returns 0 and changes nothing.
int wasmrtc_spare_ecdsa_setup(const EC_GROUP* group, BIGNUM** kinvp, BIGNUM** rp) {
  if (nonce_count == 0 || EC_GROUP_get_curve_name(group) != NID_X9_62_prime256v1) return 0;
  ++nonces_taken;
  struct nonce n = nonces[--nonce_count];
  nonces[nonce_count].kinv = NULL;
  nonces[nonce_count].r = NULL;
  BN_clear_free(*kinvp);
  BN_clear_free(*rp);
  *kinvp = n.kinv;
  *rp = n.r;
  return 1;
}

static int make_nonce(void) {
  if (nonce_key == NULL) {
    nonce_key = EC_KEY_new_by_curve_name_ex(NULL, NULL, NID_X9_62_prime256v1);
    if (nonce_key == NULL || !EC_KEY_generate_key(nonce_key)) {
      EC_KEY_free(nonce_key);
      nonce_key = NULL;
      return 0;
    }
  }
  BIGNUM* kinv = NULL;
  BIGNUM* r = NULL;
  if (!ossl_ecdsa_simple_sign_setup(nonce_key, NULL, &kinv, &r)) return 0;
  nonces[nonce_count].kinv = kinv;
  nonces[nonce_count].r = r;
  ++nonce_count;
  return 1;
}

// Makes one spare of whichever kind has fewer than `target` (at most SPARES_MAX): one short
// piece of work per call, so an idle-time caller can stop between them. Returns 1 if it made one,
// 0 if both are full (or making one failed).
int wasmrtc_make_handshake_spare(int target) {
  if (target > SPARES_MAX) target = SPARES_MAX;
  if (x25519_count < target && x25519_count <= nonce_count) {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
    if (key == NULL) return 0;
    x25519_keys[x25519_count++] = key;
    return 1;
  }
  if (nonce_count < target) return make_nonce();
  return 0;
}

int wasmrtc_handshake_spare_x25519_count(void) { return x25519_count; }
int wasmrtc_handshake_spare_nonce_count(void) { return nonce_count; }
unsigned wasmrtc_handshake_spare_x25519_taken(void) { return x25519_taken; }
unsigned wasmrtc_handshake_spare_nonces_taken(void) { return nonces_taken; }
