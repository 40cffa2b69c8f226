// The connection loop: wait for a request, read its header, route it; the body, the handler
// and the response are in session_body.cpp, session_handler.cpp and session_write.cpp.
#include "http/session.hpp"

#include "http/problem.hpp"

namespace mk::http {
namespace {

constexpr size_t kHeaderLimit = 16 * 1024;
constexpr size_t kFirstRead = 4096;

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Behind nginx the peer is the proxy; the client is the last hop it appended.
std::optional<std::string> forwarded_client(std::string_view header) {
  auto comma = header.rfind(',');
  std::string_view hop = comma == std::string_view::npos ? header : header.substr(comma + 1);
  while (!hop.empty() && (hop.front() == ' ' || hop.front() == '\t')) hop.remove_prefix(1);
  while (!hop.empty() && (hop.back() == ' ' || hop.back() == '\t')) hop.remove_suffix(1);
  error_code ec;
  auto address = asio::ip::make_address(std::string(hop), ec);
  if (ec) return std::nullopt;
  return address.to_string();
}

}  // namespace

bool is_parse_error(error_code ec) {
  if (ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category()) return false;
  return ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

void TempFile::remove() noexcept {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove(path_, ec);
  path_.clear();
}

Session::Session(ServerContext& ctx, tcp::socket socket) : ctx_(ctx), stream_(std::move(socket)) {
  error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  peer_ip_ = ec ? "unknown" : endpoint.address().to_string();
}

asio::awaitable<void> Session::run(std::shared_ptr<Session> self) {
  ConnectionRegistry::Entry registered(ctx_.connections, self);  // shutdown can find us
  for (bool first = true; !closing_ && !ctx_.stopping.load(); first = false) {
    if (!co_await await_request(first)) break;
    if (!co_await serve()) break;
  }
  co_await close(linger_);
}

void Session::begin_shutdown() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    self->closing_ = true;
    if (self->idle_) self->stream_.cancel();
    if (self->stream_sink_) self->stream_sink_->close();  // the stream ends after what is queued
  });
}

void Session::force_close() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    self->closing_ = true;
    error_code ec;
    self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    self->stream_.close();
  });
}

// Waiting for the first byte of a request is the idle state that shutdown may interrupt;
// once bytes arrive, the header timeout applies.
asio::awaitable<bool> Session::await_request(bool first) {
  if (buffer_.size() > 0) co_return true;  // a pipelined request is already here
  idle_ = true;
  stream_.expires_after(first ? ctx_.options.header_timeout : ctx_.options.idle_timeout);
  auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kFirstRead), use_tuple);
  idle_ = false;
  if (ec) co_return false;
  buffer_.commit(n);
  co_return true;
}

asio::awaitable<bool> Session::serve() {
  Exchange ex;
  HeaderParser parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(boost::none);  // checked per route once the route is known
  if (!co_await read_header(ex, parser)) co_return false;
  if (!ex.response) route_request(ex, parser.get());
  if (ex.response && parser.is_header_done() && !parser.is_done()) ex.close = ex.linger = true;
  if (!ex.response && !co_await read_body(ex, parser)) co_return false;
  if (!ex.response) ex.response = co_await run_handler(ex);
  bool keep_alive = co_await respond(ex);
  if (!keep_alive) linger_ = ex.linger || buffer_.size() > 0;
  co_return keep_alive;
}

asio::awaitable<bool> Session::read_header(Exchange& ex, HeaderParser& parser) {
  stream_.expires_after(ctx_.options.header_timeout);
  auto [ec, n] = co_await bhttp::async_read_header(stream_, buffer_, parser, use_tuple);
  if (!ec) {
    ex.version = parser.get().version();
    ex.keep_alive = parser.keep_alive();
    co_return true;
  }
  if (!is_parse_error(ec)) co_return false;
  // The parser cannot resynchronise after a syntax error: answer, then close.
  ex.request.request_id = ctx_.request_ids.next();
  ex.close = ex.linger = true;
  bool too_large = ec == bhttp::error::header_limit;
  reject(ex, Error(Errc::bad_request, too_large ? "Request header too large" : "Malformed HTTP request"));
  co_return true;
}

void Session::route_request(Exchange& ex, const HeaderParser::value_type& header) {
  auto verb = header.method();
  if (verb != bhttp::verb::unknown) ex.method_label = std::string(bhttp::to_string(verb));
  auto target = fill_request(ex, header);
  if (!target) return reject(ex, Error(Errc::bad_request, "Malformed request target"));

  RouteMatch match = ctx_.builtins.match(ex.request.method, target->segments);
  if (!match.route && match.allow.empty()) match = ctx_.router.match(ex.request.method, target->segments);
  if (match.route) {
    ex.route = match.route;
    ex.route_label = match.route->pattern;
    ex.request.params = std::move(match.params);
    return;
  }
  if (match.allow.empty()) return reject(ex, Error(Errc::not_found, "Not found", "No resource at this path"));
  reject(ex, Error(Errc::method_not_allowed, "Method not allowed", "Allowed: " + match.allow));
  ex.response->header("Allow", match.allow);
}

std::optional<Target> Session::fill_request(Exchange& ex, const HeaderParser::value_type& header) {
  HttpRequest& req = ex.request;
  req.method = std::string(header.method_string());
  for (const auto& field : header) req.headers.emplace_back(to_lower(field.name_string()), std::string(field.value()));
  auto incoming_id = req.header("x-request-id");
  req.request_id = incoming_id && valid_request_id(*incoming_id) ? std::string(*incoming_id) : ctx_.request_ids.next();
  req.remote_ip = peer_ip_;
  if (auto forwarded = req.header("x-forwarded-for"); forwarded && ctx_.options.trust_forwarded_for)
    req.remote_ip = forwarded_client(*forwarded).value_or(peer_ip_);

  auto target = parse_target(header.target());
  if (target) {
    req.path = target->path;
    req.query = target->query;
  }
  return target;
}

void Session::reject(Exchange& ex, const Error& error) {
  ex.response = ctx_.error_response(error, ex.request, ex.route);
}

}  // namespace mk::http
