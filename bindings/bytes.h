// Bytes across the JS/wasm boundary: one copy each way, never element by element.
#pragma once

#include <emscripten/val.h>

#include "common/bytes.h"

namespace wasmrtc::bindings {

// Copies a Uint8Array (or any array-like of bytes) into wasm memory with a single TypedArray.set.
inline Bytes bytes_from_js(const emscripten::val& array) {
  const size_t n = array["length"].as<size_t>();
  Bytes out(n);
  if (n) emscripten::val(emscripten::typed_memory_view(n, out.data())).call<void>("set", array);
  return out;
}

// A fresh Uint8Array holding a copy of `bytes` (new Uint8Array(view) copies once), so JS never keeps
// a view into wasm memory that a later memory growth would detach.
inline emscripten::val bytes_to_js(ByteView bytes) {
  return emscripten::val::global("Uint8Array")
      .new_(emscripten::typed_memory_view(bytes.size(), bytes.data()));
}

}  // namespace wasmrtc::bindings
