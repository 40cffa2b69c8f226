#pragma once
// app::MailTransport over SMTP with libcurl: smtp:// (STARTTLS when the server offers it, or
// required with require_tls) or smtps://. One connection per mail: a region sends a few
// thousand a day, and a fresh connection never inherits a half-broken one.
#include <memory>
#include <string>

#include "app/mail.hpp"

namespace mk::mail {

struct SmtpOptions {
  std::string url;   // smtp://host:port or smtps://host:port
  std::string from;  // envelope and header sender, e.g. meekijk@region.example
  std::string user;  // optional login (from the environment, never the command line)
  std::string password;
  bool require_tls = false;
  long timeout_seconds = 30;
};

std::unique_ptr<app::MailTransport> make_smtp_transport(const SmtpOptions& options);

}  // namespace mk::mail
