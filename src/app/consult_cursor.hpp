#pragma once
// The opaque paging cursor of the consult lists: the store's keyset position, base64url'd.
#include <string>

#include "app/crypto.hpp"
#include "core/error.hpp"

namespace mk::app {

[[noreturn]] inline void bad_consult_cursor() {
  throw Error(Errc::validation, "The request has invalid fields", "cursor: not a cursor of this list",
              {{"cursor", "is not a cursor returned by this list"}});
}

inline std::string decode_consult_cursor(const std::string& cursor) {
  if (cursor.empty()) return {};
  auto decoded = base64url_decode(cursor);
  if (!decoded) bad_consult_cursor();
  return *decoded;
}

// The store refuses a cursor of another list (Errc::bad_request); to the client that is a bad
// `cursor` parameter like any other.
template <class F>
auto with_cursor_check(F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    if (e.code() != Errc::bad_request) throw;
    bad_consult_cursor();
  }
}

}  // namespace mk::app
