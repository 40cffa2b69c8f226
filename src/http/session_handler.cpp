// Handlers run on the bounded worker pool, never on the io threads: they block on the
// database. The one catch that maps exceptions to problem responses is here.
#include "http/problem.hpp"
#include "http/session.hpp"

namespace mk::http {
namespace {

HttpResponse invoke(const Route& route, HttpRequest& req, const ServerContext& ctx) {
  Logger& logger = ctx.logger;
  try {
    return route.handler(req);
  } catch (const Error& e) {
    if (http_status(e.code()) >= 500)
      logger.error("request_failed", {{"request_id", req.request_id}, {"route", route.pattern},
                                      {"error", errc_slug(e.code())}, {"detail", e.what()}});
    return ctx.error_response(e, req, &route);
  } catch (const std::exception& e) {
    // what() only: the request body may hold patient data and is never logged.
    logger.error("handler_exception", {{"request_id", req.request_id}, {"route", route.pattern}, {"what", e.what()}});
  } catch (...) {
    logger.error("handler_exception", {{"request_id", req.request_id}, {"route", route.pattern}, {"what", "unknown"}});
  }
  return ctx.error_response(Error(Errc::internal, "Internal server error", "The error has been logged"), req,
                            &route);
}

// Counts a handler from queueing until it has finished.
class QueueSlot {
 public:
  explicit QueueSlot(std::atomic<size_t>& depth) : depth_(depth) {}
  QueueSlot(const QueueSlot&) = delete;
  QueueSlot& operator=(const QueueSlot&) = delete;
  ~QueueSlot() { depth_.fetch_sub(1); }

 private:
  std::atomic<size_t>& depth_;
};

}  // namespace

asio::awaitable<HttpResponse> Session::run_handler(Exchange& ex) {
  const Route& route = *ex.route;
  if (ctx_.runs_inline(route)) co_return invoke(route, ex.request, ctx_);

  if (ctx_.queue_depth.fetch_add(1) >= ctx_.options.max_queue) {
    ctx_.queue_depth.fetch_sub(1);
    co_return ctx_.error_response(
        Error(Errc::unavailable, "Server busy", "Too many requests are waiting; retry shortly"), ex.request, &route, 1);
  }
  QueueSlot slot(ctx_.queue_depth);
  // co_spawn onto the pool runs the handler there; co_await resumes this coroutine on the
  // connection's strand, which then writes the response.
  co_return co_await asio::co_spawn(
      ctx_.pool,
      [&]() -> asio::awaitable<HttpResponse> {
        HttpResponse res = invoke(route, ex.request, ctx_);
        ex.upload.remove();  // file system work stays off the io threads too
        co_return res;
      },
      asio::use_awaitable);
}

}  // namespace mk::http
