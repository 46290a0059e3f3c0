// memcpy for the wasm module: one `memory.copy` instruction (WebAssembly bulk memory).
//
// Emscripten 3.1.6's libc memcpy copies anything of 512 bytes or more by calling out to JavaScript
// (`_emscripten_memcpy_big`, HEAPU8.copyWithin): a wasm-to-JS call per copy, and every datagram is
// copied several times whole (into the SCTP packet, the DTLS record, the transmit buffer, the
// reassembly queue), so in a 64 KiB transfer that call was ~7 % of the main thread. libc's memcpy
// is a weak alias, so this strong definition replaces it for the whole module, OpenSSL and libc++
// included. Bulk memory is in every engine that has the SIMD the module already needs (Chrome 75,
// Firefox 79, Safari 15, Node 12.5).
#include <stddef.h>

#if !defined(__wasm_bulk_memory__)
#error "memcpy_bulk.c must be compiled with -mbulk-memory"
#endif

void* memcpy(void* restrict dest, const void* restrict src, size_t n) {
  // With bulk memory enabled clang lowers this builtin to memory.copy, never to a call to memcpy.
  __builtin_memcpy(dest, src, n);
  return dest;
}
