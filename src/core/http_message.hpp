#pragma once
// Transport-neutral request, response and route types. http/ (Beast) fills and serves them;
// api/ and later fhir/ build route tables of them. No Beast here, so the surfaces stay
// independent of the transport.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace mk {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without query, e.g. "/api/v1/consults/abc"
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::vector<std::pair<std::string, std::string>> params;   // from the route pattern {name}
  std::string body;                                          // BodyKind::json
  std::filesystem::path body_file;                           // BodyKind::upload, streamed to disk
  uint64_t body_size = 0;
  std::string remote_ip;
  std::string request_id;

  std::optional<std::string_view> header(std::string_view lower_name) const;
  std::optional<std::string_view> query_param(std::string_view name) const;
  const std::string& param(std::string_view name) const;  // asserts the route declared it
};

// Where a streaming response (Server-Sent Events) pushes its chunks. Filled by the transport;
// any thread may push, and a push never blocks: the chunk is queued for the connection.
class EventSink {
 public:
  virtual ~EventSink() = default;
  // Queues `chunk` (one or more complete SSE frames) to be written in order. False once the
  // stream is over: the client went away, fell too far behind, or the server is stopping.
  virtual bool send(std::string chunk) = 0;
  virtual bool open() const = 0;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::filesystem::path file;  // when set, the body is streamed from this file instead
  // When set, the response is an event stream (text/event-stream): the transport sends the
  // headers, calls this once with the stream's sink (on an io thread: it must not block), then
  // writes whatever is pushed into the sink until the client or the server ends the stream.
  // Nothing else of the response (body, file, content type) is used.
  std::function<void(std::shared_ptr<EventSink>)> stream;

  HttpResponse& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

enum class BodyKind {
  none,    // any body is refused with 413
  json,    // buffered in memory up to body_limit
  upload,  // streamed to a temporary file up to body_limit
};

// Renders an error as a surface's own error document (FHIR: an OperationOutcome).
using ErrorRenderer = std::function<HttpResponse(const Error& error, const HttpRequest& req)>;

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/consults/{id}/attachments/{aid}"; also the metrics label
  BodyKind body = BodyKind::none;
  uint64_t body_limit = 0;
  std::function<HttpResponse(HttpRequest&)> handler;
  // Empty: errors are problem+json. Set: this route's errors, and those of every request whose
  // first path segment is the pattern's (unknown paths, 405, 413, malformed bodies, busy), are
  // rendered by it — so everything under /fhir answers an OperationOutcome.
  ErrorRenderer render_error = {};
  // Optional fast path for a hot route (the audited consult read): starts the request without
  // a worker thread, so it costs no thread hand-offs. It returns false when it cannot take the
  // request (credentials not in memory, a backend that only writes synchronously); then
  // `handler` runs on the worker pool as usual. Having returned true, it calls `complete`
  // exactly once, from any thread, with a function that makes the response — run on the
  // connection's io thread, so it must only render, never block — or with an empty function:
  // the work failed and left nothing behind (its transaction rolled back), and `handler` runs
  // on the pool to give the error response.
  using FastCompletion = std::function<void(std::function<HttpResponse()>)>;
  std::function<bool(HttpRequest&, FastCompletion)> fast = {};
};

inline constexpr uint64_t kJsonBodyLimit = 1u << 20;          // 1 MiB
inline constexpr uint64_t kUploadBodyLimit = 25u << 20;       // 25 MiB

}  // namespace mk
