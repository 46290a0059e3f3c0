// Byte buffers as the whole core passes them: a read-only view in, an owned vector out.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wasmrtc {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

inline ByteView as_bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// Appends `bytes` to `out` with one memcpy. vector::insert over span or vector iterators copies
// byte by byte in Emscripten's libc++ (it memcpys only raw pointers of one type): in the SCTP
// reassembly that loop was 3.5 % of a transfer's main thread (docs/PERFORMANCE.md "Fourth round").
// `bytes` must not view `out` itself (a reallocation moves it).
inline void append_bytes(Bytes& out, ByteView bytes) {
  if (bytes.empty()) return;
  // Raw pointers of the vector's own type: libc++ copies them with one memcpy, and unlike
  // resize-then-copy nothing is zero-filled first.
  const uint8_t* begin = bytes.data();
  out.insert(out.end(), begin, begin + bytes.size());
}

// Lower-case hex without separators ("0a1b"); for logs and test vectors.
std::string to_hex(ByteView bytes);
// Parses hex without separators, either case. Returns false (and leaves `out` empty) on bad input.
bool from_hex(std::string_view hex, Bytes& out);

}  // namespace wasmrtc
