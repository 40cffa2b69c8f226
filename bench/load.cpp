// meekijk-load: an HTTP load driver for meekijk.
//
//   closed loop  N keep-alive connections; each sends its next request as soon as the previous
//                response is in. Measures the most the server does at that concurrency.
//   open loop    requests are *scheduled* at a fixed rate R (request i at t0 + i/R) and latency
//                is measured from the scheduled time, not from the moment a connection was
//                free to send it. When the server falls behind, the queueing shows up in the
//                latency instead of silently lowering the rate (no coordinated omission).
//
// Prints a human summary and one machine-readable `RESULT key=value …` line (bench/run.sh
// parses it). Exit status: 0 ok, 3 the run had errors (non-2xx or transport), 1 setup failed.
#include <CLI/CLI.hpp>
#include <sys/resource.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <memory>
#include <thread>

#include "load_requests.hpp"

namespace bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  std::string kind_name = "healthz";
  std::string mode = "closed";
  int connections = 64;
  int threads = 1;
  double duration = 10;
  double warmup = 2;
  double rate = 200;  // open loop: requests per second
  double timeout = 30;
  std::string token;
  std::string read_token;  // the measured requests' token when not --token (the hospital's worklist)
  std::string service_id;
  int pool = 500;  // read: consults created before the run
  Kind kind = Kind::healthz;
};

// One phase of load; shared by all connections (and threads) of the run.
struct Phase {
  Kind kind = Kind::healthz;
  bool open = false;
  Clock::duration period{};            // open loop: 1/R
  Clock::time_point t0, t_warm, t_end;  // start, end of warm-up, end
  uint64_t limit = 0;                   // closed loop: stop after this many requests (0: by time)
  bool collect_ids = false;             // keep the ids of created consults
  std::atomic<uint64_t> next{0};        // open loop: next slot; closed with limit: requests taken
};

// Per connection, merged after the run (no locking while measuring).
struct Stats {
  std::vector<uint32_t> latency_us;
  uint64_t ok = 0;
  uint64_t errors = 0;
  std::map<std::string, uint64_t> error_kinds;
  std::vector<std::string> samples;  // the first few error responses
  std::vector<std::string> ids;
  int64_t max_lag_us = 0;  // open loop: how late a send left after its scheduled time
  uint64_t late_sends = 0;  // … more than 1 ms late (every connection was busy)

  void error(std::string kind, std::string sample) {
    ++errors;
    ++error_kinds[kind];
    if (samples.size() < 3) samples.push_back(std::move(sample));
  }
  void merge(Stats&& o) {
    latency_us.insert(latency_us.end(), o.latency_us.begin(), o.latency_us.end());
    ok += o.ok;
    errors += o.errors;
    for (auto& [k, n] : o.error_kinds) error_kinds[k] += n;
    for (auto& s : o.samples)
      if (samples.size() < 3) samples.push_back(std::move(s));
    ids.insert(ids.end(), o.ids.begin(), o.ids.end());
    max_lag_us = std::max(max_lag_us, o.max_lag_us);
    late_sends += o.late_sends;
  }
};

// CPU seconds this process has used (user + system): the driver's share of the 2 cores.
double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(ru.ru_utime) + s(ru.ru_stime);
}

int64_t micros(Clock::duration d) { return std::chrono::duration_cast<std::chrono::microseconds>(d).count(); }

// Takes the next request's start time; false when the phase is over for this connection.
asio::awaitable<bool> next_slot(Phase& ph, asio::steady_timer& timer, Clock::time_point& scheduled) {
  if (ph.open) {
    uint64_t i = ph.next.fetch_add(1);
    scheduled = ph.t0 + ph.period * static_cast<int64_t>(i);
    if (scheduled >= ph.t_end) co_return false;
    if (Clock::now() < scheduled) {
      timer.expires_at(scheduled);
      co_await timer.async_wait(use_tuple);
    }
    co_return true;
  }
  if (ph.limit) {
    if (ph.next.fetch_add(1) >= ph.limit) co_return false;
  } else if (Clock::now() >= ph.t_end) {
    co_return false;
  }
  scheduled = Clock::now();
  co_return true;
}

asio::awaitable<void> connection(tcp::endpoint ep, Phase& ph, RequestFactory& requests, Stats& st,
                                 Clock::duration timeout) {
  auto ex = co_await asio::this_coro::executor;
  asio::steady_timer timer(ex);
  std::unique_ptr<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  // Connect before the clock starts, so the first slots do not pay for the handshake.
  timer.expires_at(ph.t0);
  co_await timer.async_wait(use_tuple);
  // GET /healthz never changes: build it once, so the driver spends its CPU on the wire.
  std::optional<Request> fixed;
  if (ph.kind == Kind::healthz) fixed = requests.make(ph.kind);
  Clock::time_point scheduled;
  while (co_await next_slot(ph, timer, scheduled)) {
    if (!stream) {
      stream = std::make_unique<beast::tcp_stream>(ex);
      stream->expires_after(timeout);
      auto [ec] = co_await stream->async_connect(ep, use_tuple);
      if (ec) {
        st.error("connect", "connect: " + ec.message());
        stream.reset();
        timer.expires_after(std::chrono::milliseconds(50));
        co_await timer.async_wait(use_tuple);
        continue;
      }
      buffer.clear();
    }
    auto start = Clock::now();
    std::optional<Request> built;
    const Request& req = fixed ? *fixed : built.emplace(requests.make(ph.kind));
    stream->expires_after(timeout);
    auto [wec, wn] = co_await bhttp::async_write(*stream, req, use_tuple);
    Response res;
    error_code ec = wec;
    if (!ec) std::tie(ec, std::ignore) = co_await bhttp::async_read(*stream, buffer, res, use_tuple);
    auto done = Clock::now();
    bool counted = ph.limit ? true : ph.open ? scheduled >= ph.t_warm : done >= ph.t_warm && done < ph.t_end;
    if (ec) {
      st.error("transport", std::string(to_string(ph.kind)) + ": " + ec.message());
      stream.reset();
      continue;
    }
    if (res.result_int() / 100 != 2) {
      st.error(std::to_string(res.result_int()),
               std::to_string(res.result_int()) + " " + res.body().substr(0, 300));
    } else if (counted) {
      ++st.ok;
      st.latency_us.push_back(static_cast<uint32_t>(std::min<int64_t>(micros(done - scheduled), UINT32_MAX)));
      if (ph.open) {
        auto lag = micros(start - scheduled);
        st.max_lag_us = std::max(st.max_lag_us, lag);
        if (lag > 1000) ++st.late_sends;
      }
    }
    if (ph.collect_ids && res.result_int() == 201) st.ids.push_back(created_id(res));
    if (!res.keep_alive()) stream.reset();
  }
  if (stream) {
    error_code ignored;
    stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
  }
}

// Runs one phase on `threads` io_contexts with `connections` spread over them.
Stats run_phase(const Options& o, tcp::endpoint ep, Phase& ph, RequestFactory& requests) {
  std::vector<std::unique_ptr<asio::io_context>> ctxs;
  for (int i = 0; i < o.threads; ++i) ctxs.push_back(std::make_unique<asio::io_context>(1));
  std::vector<Stats> stats(static_cast<size_t>(o.connections));
  auto timeout = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.timeout));
  for (int c = 0; c < o.connections; ++c)
    asio::co_spawn(*ctxs[static_cast<size_t>(c % o.threads)], connection(ep, ph, requests, stats[static_cast<size_t>(c)], timeout),
                   [](std::exception_ptr e) {
                     if (e) std::rethrow_exception(e);
                   });
  std::vector<std::thread> threads;
  for (auto& ctx : ctxs) threads.emplace_back([&ctx] { ctx->run(); });
  for (auto& t : threads) t.join();
  Stats all;
  for (auto& s : stats) all.merge(std::move(s));
  return all;
}

void start_phase(Phase& ph, const Options& o, double warmup, double duration) {
  auto secs = [](double s) { return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s)); };
  ph.t0 = Clock::now() + std::chrono::milliseconds(300);
  ph.t_warm = ph.t0 + secs(warmup);
  ph.t_end = ph.t_warm + secs(duration);
  if (ph.open) ph.period = secs(1.0 / o.rate);
}

// GET /api/v1/services with the token: the first service that accepts the token's practice.
std::string first_service(const Options& o, tcp::endpoint ep) {
  asio::io_context ctx;
  beast::tcp_stream stream(ctx);
  stream.connect(ep);
  Request req{bhttp::verb::get, "/api/v1/services", 11};
  req.set(bhttp::field::host, o.host);
  req.set(bhttp::field::authorization, "Bearer " + o.token);
  bhttp::write(stream, req);
  beast::flat_buffer buf;
  Response res;
  bhttp::read(stream, buf, res);
  if (res.result_int() != 200)
    throw std::runtime_error("GET /api/v1/services answered " + std::to_string(res.result_int()) + ": " + res.body());
  auto v = boost::json::parse(res.body());
  for (const auto& s : v.at("items").as_array()) {
    const auto& obj = s.as_object();
    if (auto* acc = obj.if_contains("accepts_my_practice"); acc && acc->is_bool() && !acc->as_bool()) continue;
    return std::string(obj.at("id").as_string());
  }
  throw std::runtime_error("GET /api/v1/services: no service accepts this token's practice");
}

double percentile(const std::vector<uint32_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)] / 1000.0;
}

int report(const Options& o, Stats& s, double driver_cpu_pct) {
  std::sort(s.latency_us.begin(), s.latency_us.end());
  double rps = static_cast<double>(s.ok) / o.duration;
  double p50 = percentile(s.latency_us, 0.50), p90 = percentile(s.latency_us, 0.90),
         p99 = percentile(s.latency_us, 0.99), max = s.latency_us.empty() ? 0 : s.latency_us.back() / 1000.0;
  std::printf("  %llu ok in %.1f s = %.0f req/s; errors %llu\n", static_cast<unsigned long long>(s.ok), o.duration,
              rps, static_cast<unsigned long long>(s.errors));
  std::printf("  latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", p50, p90, p99, max);
  std::printf("  driver CPU: %.0f%% of one core\n", driver_cpu_pct);
  if (o.mode == "open")
    std::printf("  schedule: %llu sends > 1 ms late, max %.2f ms late (all connections busy)\n",
                static_cast<unsigned long long>(s.late_sends), s.max_lag_us / 1000.0);
  for (auto& [k, n] : s.error_kinds) std::printf("  ERROR %s x %llu\n", k.c_str(), static_cast<unsigned long long>(n));
  for (auto& sample : s.samples) std::printf("  ERROR sample: %s\n", sample.c_str());
  if (s.errors) std::printf("  FLAGGED: this run had %llu errors\n", static_cast<unsigned long long>(s.errors));
  if (s.ok == 0) std::printf("  FLAGGED: no request completed inside the measured window\n");
  std::printf("RESULT kind=%s mode=%s connections=%d threads=%d seconds=%.1f rate=%.0f ok=%llu errors=%llu "
              "rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f late_sends=%llu driver_cpu_pct=%.0f\n",
              std::string(to_string(o.kind)).c_str(), o.mode.c_str(), o.connections, o.threads, o.duration,
              o.mode == "open" ? o.rate : 0.0, static_cast<unsigned long long>(s.ok),
              static_cast<unsigned long long>(s.errors), rps, p50, p90, p99, max,
              static_cast<unsigned long long>(s.late_sends), driver_cpu_pct);
  std::fflush(stdout);
  return s.errors || s.ok == 0 ? 3 : 0;
}

// The consults the read kinds read: `pool` creates with the GP's token before the clock starts.
std::vector<std::string> make_pool(const Options& o, tcp::endpoint ep, RequestFactory& creates) {
  Phase prep;
  prep.kind = Kind::create;
  prep.limit = static_cast<uint64_t>(o.pool);
  prep.collect_ids = true;
  start_phase(prep, o, 0, 3600);
  auto began = Clock::now();
  auto made = run_phase(o, ep, prep, creates);
  std::erase(made.ids, std::string());
  std::printf("  pool: %zu consults created in %.1f s, %llu errors\n", made.ids.size(),
              std::chrono::duration<double>(Clock::now() - began).count(),
              static_cast<unsigned long long>(made.errors));
  if (made.ids.empty())
    throw std::runtime_error("could not create the consults to read (" +
                             (made.samples.empty() ? std::string("no ids") : made.samples.front()) + ")");
  return std::move(made.ids);
}

int run(const Options& o) {
  asio::io_context resolver_ctx;
  tcp::resolver resolver(resolver_ctx);
  tcp::endpoint ep = *resolver.resolve(o.host, std::to_string(o.port)).begin();
  std::string service = o.service_id;
  if (o.kind != Kind::healthz && service.empty()) service = first_service(o, ep);
  std::string host = o.host + ":" + std::to_string(o.port);
  RequestFactory creates(host, o.token, service);
  RequestFactory requests(host, o.read_token.empty() ? o.token : o.read_token, service);
  if (needs_pool(o.kind)) requests.set_pool(make_pool(o, ep, creates));

  Phase ph;
  ph.kind = o.kind;
  ph.open = o.mode == "open";
  start_phase(ph, o, o.warmup, o.duration);
  std::printf("meekijk-load: %s %s-loop, %d connections, %d thread(s), %g s warm-up + %g s", std::string(to_string(o.kind)).c_str(),
              o.mode.c_str(), o.connections, o.threads, o.warmup, o.duration);
  if (ph.open) std::printf(" at %.0f req/s", o.rate);
  std::printf("\n");
  double cpu_before = cpu_seconds();
  auto stats = run_phase(o, ep, ph, requests);
  double wall = std::chrono::duration<double>(Clock::now() - ph.t0).count();
  return report(o, stats, 100 * (cpu_seconds() - cpu_before) / wall);
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  bench::Options o;
  CLI::App app{"meekijk-load — closed- and open-loop HTTP load for meekijk"};
  app.add_option("--host", o.host)->capture_default_str();
  app.add_option("--port", o.port)->required();
  app.add_option("--kind", o.kind_name, "healthz, create, read, fhir-tasks or fhir-read")
      ->check(CLI::IsMember({"healthz", "create", "read", "fhir-tasks", "fhir-read"}))
      ->capture_default_str();
  app.add_option("--mode", o.mode, "closed or open")->check(CLI::IsMember({"closed", "open"}))->capture_default_str();
  app.add_option("--connections,-c", o.connections)->check(CLI::Range(1, 10000))->capture_default_str();
  app.add_option("--threads,-t", o.threads, "driver threads (1-2 on a 2-core machine shared with the server)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--duration,-d", o.duration, "measured seconds")->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--warmup", o.warmup, "seconds of load before measuring")->check(CLI::NonNegativeNumber)->capture_default_str();
  app.add_option("--rate,-r", o.rate, "open loop: scheduled requests per second")->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--timeout", o.timeout, "seconds per request before it counts as an error")->capture_default_str();
  app.add_option("--token", o.token, "bearer token of a GP (create, and the pool of the read kinds)")
      ->envname("MEEKIJK_TOKEN");
  app.add_option("--read-token", o.read_token, "bearer token of the measured requests (default: --token)");
  app.add_option("--service-id", o.service_id, "create: service (default: first from GET /api/v1/services)");
  app.add_option("--pool", o.pool, "read kinds: consults created before the run")->check(CLI::Range(1, 1000000))->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  o.kind = *bench::parse_kind(o.kind_name);
  if (o.kind != bench::Kind::healthz && o.token.empty()) {
    std::cerr << "meekijk-load: --token is required for " << o.kind_name << "\n";
    return 1;
  }
  try {
    return bench::run(o);
  } catch (const std::exception& e) {
    std::cerr << "meekijk-load: " << e.what() << "\n";
    return 1;
  }
}
