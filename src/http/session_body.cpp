// Request bodies by Route::body: none (refused), json (buffered up to the limit), upload
// (streamed to a temporary file, never whole in memory).
#include <filesystem>

#include "http/problem.hpp"
#include "http/session.hpp"

namespace mk::http {
namespace {

uint64_t body_limit(const Route& route) {
  switch (route.body) {
    case BodyKind::none: return 0;
    case BodyKind::json: return route.body_limit ? route.body_limit : kJsonBodyLimit;
    case BodyKind::upload: return route.body_limit ? route.body_limit : kUploadBodyLimit;
  }
  return 0;
}

Error too_large(const Route& route, uint64_t limit) {
  if (route.body == BodyKind::none) return Error(Errc::payload_too_large, "This resource takes no request body");
  return Error(Errc::payload_too_large, "Request body too large",
               "The limit is " + std::to_string(limit) + " bytes");
}

}  // namespace

asio::awaitable<bool> Session::read_body(Exchange& ex, HeaderParser& parser) {
  if (parser.is_done()) co_return true;  // no body, or Content-Length: 0
  const Route& route = *ex.route;
  uint64_t limit = body_limit(route);
  if (auto length = parser.content_length(); length && *length > limit) {
    // Refused before reading (and before 100 Continue): the body is still on the wire.
    reject(ex, too_large(route, limit));
    ex.close = ex.linger = true;
    co_return true;
  }
  if (!co_await send_continue(ex)) co_return false;
  if (route.body == BodyKind::upload) co_return co_await read_upload(ex, parser, limit);
  co_return co_await read_string_body(ex, parser, limit);
}

// The client waits for this before sending a body; it only goes out once we accept the body.
asio::awaitable<bool> Session::send_continue(Exchange& ex) {
  if (!beast::iequals(ex.request.header("expect").value_or(""), "100-continue")) co_return true;
  bhttp::response<bhttp::empty_body> res{bhttp::status::continue_, ex.version};
  stream_.expires_after(ctx_.options.body_timeout);
  auto [ec, n] = co_await bhttp::async_write(stream_, res, use_tuple);
  co_return !ec;
}

asio::awaitable<bool> Session::read_string_body(Exchange& ex, HeaderParser& parser, uint64_t limit) {
  bhttp::request_parser<bhttp::string_body> body_parser{std::move(parser)};
  body_parser.body_limit(limit);  // a chunked body has no Content-Length to check up front
  stream_.expires_after(ctx_.options.body_timeout);
  auto [ec, n] = co_await bhttp::async_read(stream_, buffer_, body_parser, use_tuple);
  if (ec) co_return body_read_failed(ex, ec);
  ex.request.body = std::move(body_parser.get().body());
  ex.request.body_size = ex.request.body.size();
  co_return true;
}

asio::awaitable<bool> Session::read_upload(Exchange& ex, HeaderParser& parser, uint64_t limit) {
  const auto& dir = ctx_.options.upload_dir;
  auto path = (dir.empty() ? std::filesystem::temp_directory_path() : dir) /
              ("upload-" + ctx_.request_ids.next() + ".part");
  bhttp::request_parser<bhttp::file_body> body_parser{std::move(parser)};
  body_parser.body_limit(limit);
  error_code ec;
  body_parser.get().body().open(path.c_str(), beast::file_mode::write_new, ec);  // O_EXCL: a new file
  if (ec) {
    ctx_.logger.error("upload_open_failed", {{"request_id", ex.request.request_id}, {"error", ec.message()}});
    reject(ex, Error(Errc::unavailable, "Upload could not be stored"));
    ex.close = ex.linger = true;
    co_return true;
  }
  ex.upload.set(path);
  stream_.expires_after(ctx_.options.body_timeout);
  auto [read_ec, n] = co_await bhttp::async_read(stream_, buffer_, body_parser, use_tuple);
  body_parser.get().body().close();
  if (read_ec) co_return body_read_failed(ex, read_ec);
  std::error_code size_ec;
  ex.request.body_file = path;
  ex.request.body_size = std::filesystem::file_size(path, size_ec);
  co_return true;
}

// True when there is still an answer to give (413, 400); false when the connection is gone.
bool Session::body_read_failed(Exchange& ex, error_code ec) {
  ex.close = ex.linger = true;
  ex.upload.remove();  // a partial upload is gone before the client hears about it
  if (ec == bhttp::error::body_limit) {
    reject(ex, too_large(*ex.route, body_limit(*ex.route)));
    return true;
  }
  bool parse_error = is_parse_error(ec);
  if (parse_error) reject(ex, Error(Errc::bad_request, "Malformed request body"));
  return parse_error;
}

}  // namespace mk::http
