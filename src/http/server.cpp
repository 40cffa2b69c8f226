// The acceptor, the io threads, signals and graceful shutdown.
#include "http/server.hpp"

#include <csignal>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "http/context.hpp"
#include "http/session.hpp"

namespace mk::http {

struct Server::Impl {
  Impl(ServerOptions options, std::vector<Route> routes, Probes probes, Logger& logger)
      : ctx(std::move(options), std::move(routes), std::move(probes), logger) {}

  // Declaration order is destruction order in reverse: the io_context (and the sessions its
  // pending handlers own) goes before the context they refer to.
  ServerContext ctx;
  asio::io_context io;
  asio::strand<asio::io_context::executor_type> strand{io.get_executor()};  // acceptor, signals, timer
  tcp::acceptor acceptor{strand};
  asio::steady_timer drained{strand};
  std::optional<asio::signal_set> signals;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;

  std::mutex mutex;  // guards the lifecycle flags below
  bool started = false;
  bool stop_begun = false;
  std::promise<void> listener_closed;
  std::shared_future<void> listener_closed_future = listener_closed.get_future().share();
  std::mutex join_mutex;
  bool joined = false;

  void listen();
  void run_io();
  void begin_shutdown();
  void watch_signals();
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> stop_sequence();
  auto log_exceptions(std::string_view where) {
    return [this, where](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        ctx.logger.error("coroutine_exception", {{"where", where}, {"what", ex.what()}});
      } catch (...) {
        ctx.logger.error("coroutine_exception", {{"where", where}, {"what", "unknown"}});
      }
    };
  }
};

void Server::Impl::listen() {
  tcp::resolver resolver(io);
  auto endpoint = resolver.resolve(ctx.options.host, std::to_string(ctx.options.port)).begin()->endpoint();
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
}

void Server::Impl::run_io() {
  for (;;) {
    try {
      io.run();
      return;
    } catch (const std::exception& e) {  // a bug somewhere: log it and keep serving
      ctx.logger.error("io_thread_exception", {{"what", e.what()}});
    }
  }
}

asio::awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(io), use_tuple);
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {  // e.g. out of file descriptors: back off instead of spinning
      ctx.logger.warn("accept_failed", {{"error", ec.message()}});
      asio::steady_timer backoff(strand, std::chrono::milliseconds(100));
      co_await backoff.async_wait(use_tuple);
      continue;
    }
    auto executor = socket.get_executor();
    auto session = std::make_shared<Session>(ctx, std::move(socket));
    asio::co_spawn(executor, session->run(session), log_exceptions("session"));
  }
}

// Stop accepting, let busy connections finish (up to the grace period), close the rest.
asio::awaitable<void> Server::Impl::stop_sequence() {
  ctx.stopping = true;  // /readyz answers 503 from now on
  ctx.connections.set_on_empty([this] { asio::post(strand, [this] { drained.cancel(); }); });
  error_code ec;
  acceptor.close(ec);
  if (signals) signals->cancel(ec);
  listener_closed.set_value();
  ctx.logger.info("server_stopping", {{"connections", std::to_string(ctx.connections.size())}});

  for (const auto& session : ctx.connections.snapshot()) session->begin_shutdown();
  auto deadline = std::chrono::steady_clock::now() + ctx.options.shutdown_grace;
  drained.expires_at(deadline);
  while (ctx.connections.size() > 0 && std::chrono::steady_clock::now() < deadline)
    co_await drained.async_wait(use_tuple);  // cancelled when the last connection leaves

  if (auto left = ctx.connections.snapshot(); !left.empty()) {
    ctx.logger.warn("shutdown_grace_expired", {{"connections", std::to_string(left.size())}});
    for (const auto& session : left) session->force_close();
  }
  work.reset();  // io.run() returns once the last session has unwound
}

void Server::Impl::begin_shutdown() {
  std::lock_guard lock(mutex);
  if (!started || stop_begun) return;
  stop_begun = true;
  asio::co_spawn(strand, stop_sequence(), log_exceptions("shutdown"));
}

// The signal set lives on the strand (stop_sequence cancels it there). Registration is
// awaited, so a SIGTERM right after run_until_signal starts is already ours.
void Server::Impl::watch_signals() {
  std::promise<void> registered;
  {
    std::lock_guard lock(mutex);
    if (stop_begun) return;  // the io threads may be gone: nothing would run the post
    asio::post(strand, [this, &registered] {
      if (!ctx.stopping) {
        signals.emplace(strand, SIGINT, SIGTERM);
        signals->async_wait([this](error_code ec, int signal) {
          if (ec) return;
          ctx.logger.info("signal_received", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
          begin_shutdown();
        });
      }
      registered.set_value();
    });
  }
  registered.get_future().wait();
}

Server::Server(ServerOptions options, std::vector<Route> routes, Probes probes, Logger& logger)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(routes), std::move(probes), logger)) {}

Server::~Server() {
  shutdown();
  wait();
}

uint16_t Server::start() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->started) throw std::logic_error("Server::start called twice");
  auto& ctx = impl_->ctx;
  // Uploads are patient data: a directory we create is the server user's alone.
  if (!ctx.options.upload_dir.empty() && std::filesystem::create_directories(ctx.options.upload_dir))
    std::filesystem::permissions(ctx.options.upload_dir, std::filesystem::perms::owner_all);
  impl_->listen();
  uint16_t port = impl_->acceptor.local_endpoint().port();
  impl_->work.emplace(impl_->io.get_executor());
  asio::co_spawn(impl_->strand, impl_->accept_loop(), impl_->log_exceptions("accept"));
  for (int i = 0; i < std::max(1, ctx.options.io_threads); ++i) impl_->threads.emplace_back([this] { impl_->run_io(); });
  impl_->started = true;
  ctx.logger.info("server_listening", {{"host", ctx.options.host}, {"port", std::to_string(port)}});
  return port;
}

void Server::run_until_signal() {
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->started) throw std::logic_error("Server::run_until_signal before start");
  }
  impl_->watch_signals();
  wait();
}

void Server::shutdown() {
  impl_->begin_shutdown();
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->stop_begun) return;  // never started
  }
  // From an io thread (a signal handler) waiting would deadlock; elsewhere, return only
  // once new connections are refused.
  if (!impl_->io.get_executor().running_in_this_thread()) impl_->listener_closed_future.wait();
}

void Server::wait() {
  std::lock_guard lock(impl_->join_mutex);
  if (impl_->joined) return;
  {
    std::lock_guard state(impl_->mutex);
    if (!impl_->started) return;
  }
  for (auto& thread : impl_->threads) thread.join();
  impl_->ctx.pool.join();  // handlers still running finish first
  impl_->ctx.connections.set_on_empty({});  // nothing may post to the stopped io_context
  impl_->joined = true;
  impl_->ctx.logger.info("server_stopped");
}

}  // namespace mk::http
