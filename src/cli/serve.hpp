#pragma once
#include <string>

#include "cli/runtime.hpp"

namespace CLI {
class App;
}

namespace mk::cli {

struct ServeFlags {
  std::string listen = "127.0.0.1:8080";
  int io_threads = 2;
  int workers = 64;
  bool trust_proxy = false;
  bool secure_cookies = false;
  bool group_commit = true;
  // E-mail notifications (off without --smtp-url). The SMTP login comes from the environment
  // (MEEKIJK_SMTP_USER, MEEKIJK_SMTP_PASSWORD), never from the command line.
  std::string smtp_url;
  std::string mail_from = "meekijk@localhost";
  std::string public_url;
  bool smtp_require_tls = false;
};

void add_serve_flags(CLI::App* cmd, ServeFlags& flags);

// Serves until SIGTERM/SIGINT. With `demo`, seeds the demo region first when the data dir
// holds none, and prints the demo logins.
int cmd_serve(const RuntimeOptions& options, const ServeFlags& flags, bool demo);

}  // namespace mk::cli
