// Handlers run on the bounded worker pool, never on the io threads: they block on the
// database. A route's fast path (Route::fast) runs without a worker thread: it hands its work
// to the store and its completion makes the response on the io thread. The one catch that
// maps exceptions to problem responses is here.
#include "http/problem.hpp"
#include "http/session.hpp"

namespace mk::http {
namespace {

// Runs make() (the handler, or a fast path's rendering); any exception becomes its error response.
template <class Make>
HttpResponse guarded(const Route& route, HttpRequest& req, const ServerContext& ctx, Make&& make) {
  Logger& logger = ctx.logger;
  try {
    return make();
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

HttpResponse invoke(const Route& route, HttpRequest& req, const ServerContext& ctx) {
  return guarded(route, req, ctx, [&] { return route.handler(req); });
}

using MakeResponse = std::function<HttpResponse()>;

// Route::fast: the completion comes back through the coroutine's executor (the connection's
// strand), so the response is made on the io thread. An empty result: declined or failed.
asio::awaitable<MakeResponse> start_fast(const Route& route, HttpRequest& req) {
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(MakeResponse)>(
      [&route, &req](auto handler) {
        // The handler is move-only; the completion may be copied (std::function). Until it has
        // run, the tracked executor counts as work of the io_context, so the io threads (and
        // the io_context) outlive a completion still queued in the store at shutdown.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        auto executor = asio::prefer(asio::get_associated_executor(*shared), asio::execution::outstanding_work.tracked);
        auto complete = [shared, executor](MakeResponse make) {
          asio::post(executor, [shared, make = std::move(make)]() mutable { (*shared)(std::move(make)); });
        };
        bool taken = false;
        try {
          taken = route.fast(req, complete);
        } catch (...) {
          taken = false;  // it throws only before it has taken the request
        }
        if (!taken) complete(MakeResponse{});
      },
      asio::use_awaitable);
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
  if (route.fast) {
    if (MakeResponse make = co_await start_fast(route, ex.request)) {
      ctx_.fast_path.fetch_add(1);
      // The work is done and durable: a failure now may not send the request round again.
      co_return guarded(route, ex.request, ctx_, make);
    }
  }
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
