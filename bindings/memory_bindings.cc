// How much of the wasm heap is in use, for the tests that check a closed RTCPeerConnection gives
// its memory back (tests/js/memory_release.test.js). The wasm memory itself never shrinks; the
// allocator's in-use byte count does.
#include <emscripten/bind.h>
#include <malloc.h>

namespace wasmrtc::bindings {
namespace {

double heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace

EMSCRIPTEN_BINDINGS(wasmrtc_memory) { emscripten::function("heapInUse", &heap_in_use); }

}  // namespace wasmrtc::bindings
