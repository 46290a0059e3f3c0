// Core errors cross into JS as plain values ({code, message}); js/src/errors.js turns them into the
// DOMException the W3C spec names. Nothing throws across the boundary.
#pragma once

#include <emscripten/val.h>

#include "common/result.h"

namespace wasmrtc::bindings {

inline const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "InvalidArgument";
    case ErrorCode::kNotSupported: return "NotSupported";
    case ErrorCode::kInvalidState: return "InvalidState";
    case ErrorCode::kInvalidAccess: return "InvalidAccess";
    case ErrorCode::kOperationFailed: return "OperationFailed";
    case ErrorCode::kInvalidModification: return "InvalidModification";
  }
  return "OperationFailed";
}

// {error: {code, message}}
inline emscripten::val error_to_js(const Error& error) {
  emscripten::val detail = emscripten::val::object();
  detail.set("code", error_code_name(error.code));
  detail.set("message", error.message);
  emscripten::val result = emscripten::val::object();
  result.set("error", detail);
  return result;
}

}  // namespace wasmrtc::bindings
