#include "cli/serve.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

#include <charconv>
#include <cstdlib>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "app/demo_region.hpp"
#include "app/maintenance.hpp"
#include "core/error.hpp"
#include "http/server.hpp"

namespace mk::cli {
namespace {

std::pair<std::string, uint16_t> split_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw Error(Errc::validation, "Bad option", "--listen must be HOST:PORT");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string digits = listen.substr(colon + 1);
  int port = -1;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) port = -1;
  if (port < 0 || port > 65535) throw Error(Errc::validation, "Bad option", "--listen port must be 0 to 65535");
  return {host, static_cast<uint16_t>(port)};
}

void print_demo(const std::string& url, const std::vector<app::DemoLogin>& logins, const std::string& password) {
  std::cout << "\nmeekijk demo region (Rotterdam e.o.) at " << url << "\n\n";
  std::cout << "Demo logins (password for all: " << password << "):\n";
  for (const auto& l : logins) std::cout << "  " << l.role << "\t" << l.email << "\t" << l.description << "\n";
  std::cout << "\nAPI example:\n  curl -c jar -H 'Content-Type: application/json' -d '{\"email\":\""
            << (logins.empty() ? "" : logins.front().email) << "\",\"password\":\"" << password << "\"}' " << url
            << "/api/v1/session\n\n"
            << std::flush;
}

// Runs app::Maintenance every 10 minutes on its own thread until destroyed.
class Housekeeper {
 public:
  Housekeeper(store::Store& store, const Clock& clock, Logger& log)
      : maintenance_(store, clock), log_(log), thread_([this](std::stop_token stop) { loop(stop); }) {}

 private:
  void loop(std::stop_token stop) {
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock lock(m);
    for (;;) {
      // Returns early only when a stop is requested (the predicate never becomes true).
      cv.wait_for(lock, stop, std::chrono::minutes(10), [] { return false; });
      if (stop.stop_requested()) return;
      try {
        maintenance_.run_once();
      } catch (const std::exception& e) {
        log_.warn("maintenance_failed", {{"error", e.what()}});
      }
    }
  }
  app::Maintenance maintenance_;
  Logger& log_;
  std::jthread thread_;
};

}  // namespace

void add_serve_flags(CLI::App* cmd, ServeFlags& f) {
  cmd->add_option("--listen", f.listen, "Address to listen on, HOST:PORT (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--io-threads", f.io_threads, "Network threads")->check(CLI::Range(1, 64))->capture_default_str();
  cmd->add_option("--workers", f.workers, "Worker threads for request handlers (they block on the database)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_flag("--trust-proxy", f.trust_proxy, "Take the client address from X-Forwarded-For (behind nginx)");
  cmd->add_flag("--secure-cookies", f.secure_cookies, "Mark the session cookie Secure (when served over TLS)");
  cmd->add_option("--smtp-url", f.smtp_url,
                  "E-mail notifications through this SMTP server: smtp://host:port or smtps://host:port "
                  "(login from MEEKIJK_SMTP_USER / MEEKIJK_SMTP_PASSWORD)");
  cmd->add_option("--mail-from", f.mail_from, "Sender address of the notifications")->capture_default_str();
  cmd->add_option("--public-url", f.public_url,
                  "The address users open the app at, for the links in e-mails (default: http://LISTEN)");
  cmd->add_flag("--smtp-require-tls", f.smtp_require_tls, "Refuse to send mail without TLS (STARTTLS or smtps)");
  cmd->add_flag_callback("--no-group-commit", [&f] { f.group_commit = false; },
                         "Benchmark only: one commit (fsync) per write");
}

int cmd_serve(const RuntimeOptions& runtime_options, const ServeFlags& flags, bool demo) {
  RuntimeOptions options = runtime_options;
  options.group_commit = flags.group_commit;
  if (!flags.smtp_url.empty()) {
    if (!flags.smtp_url.starts_with("smtp://") && !flags.smtp_url.starts_with("smtps://"))
      throw Error(Errc::validation, "Bad option", "--smtp-url must start with smtp:// or smtps://");
    options.smtp.url = flags.smtp_url;
    options.smtp.from = flags.mail_from;
    options.smtp.require_tls = flags.smtp_require_tls;
    if (const char* u = std::getenv("MEEKIJK_SMTP_USER")) options.smtp.user = u;
    if (const char* p = std::getenv("MEEKIJK_SMTP_PASSWORD")) options.smtp.password = p;
    options.public_url = flags.public_url.empty() ? "http://" + flags.listen : flags.public_url;
  }
  SystemClock clock;
  Runtime rt(options, clock, std::cerr);
  app::DemoOptions demo_options;
  if (demo) {
    if (!app::region_present(rt.store())) {
      std::cout << "Seeding the Rotterdam demo region into " << options.data_dir.string() << " ..." << std::endl;
      auto report = app::seed_demo_region(rt.store(), rt.ids(), clock, rt.audit(), demo_options);
      std::cout << "Seeded " << report.organizations << " organisations, " << report.users << " users, "
                << report.services << " services, " << report.consults << " consults." << std::endl;
    }
  }
  auto [host, port] = split_listen(flags.listen);
  http::ServerOptions so;
  so.host = host;
  so.port = port;
  so.io_threads = flags.io_threads;
  so.worker_threads = flags.workers;
  so.upload_dir = rt.store().blobs().temp_dir();
  so.trust_forwarded_for = flags.trust_proxy;
  http::Probes probes;
  probes.ready = [&rt] { return rt.store().ready(); };
  probes.histograms.push_back({"meekijk_db_commit_seconds", "Durable database commit latency",
                               &rt.store().commit_latency()});
  http::Server server(so, rt.routes({flags.secure_cookies}), probes, rt.log());
  uint16_t bound = server.start();
  Housekeeper housekeeper(rt.store(), clock, rt.log());
  std::string url = "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                    std::to_string(bound);
  rt.log().info("listening", {{"url", url}, {"store", rt.store().describe()}});
  if (demo) print_demo(url, app::demo_logins(), demo_options.password);
  server.run_until_signal();
  rt.log().info("stopped");
  return 0;
}

}  // namespace mk::cli
