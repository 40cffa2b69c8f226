#include "mail/smtp_transport.hpp"

#include "app/crypto.hpp"

#include <curl/curl.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <mutex>
#include <stdexcept>

namespace mk::mail {
namespace {

// RFC 5322 date, in UTC.
std::string rfc5322_now() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

// RFC 2047 encoded-word for a subject with non-ASCII characters (base64, UTF-8).
std::string encode_header(const std::string& text) {
  bool ascii = true;
  for (unsigned char c : text) ascii = ascii && c >= 0x20 && c < 0x7f;
  if (ascii) return text;
  return "=?UTF-8?B?" + app::base64_encode(text) + "?=";
}

// A header value may not carry a line break (header injection).
void check_header(const std::string& v, const char* what) {
  if (v.find_first_of("\r\n") != std::string::npos) throw std::runtime_error(std::string("line break in ") + what);
}

struct Payload {
  std::string text;
  size_t sent = 0;
};

size_t read_payload(char* out, size_t size, size_t n, void* user) {
  auto* p = static_cast<Payload*>(user);
  size_t room = size * n;
  size_t len = std::min(room, p->text.size() - p->sent);
  std::memcpy(out, p->text.data() + p->sent, len);
  p->sent += len;
  return len;
}

class SmtpTransport final : public app::MailTransport {
 public:
  explicit SmtpTransport(SmtpOptions o) : o_(std::move(o)) {
    static std::once_flag init;
    std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  void send(const app::OutgoingMail& m) override {
    check_header(m.to, "recipient");
    check_header(m.subject, "subject");
    Payload p;
    p.text = "Date: " + rfc5322_now() + "\r\nTo: <" + m.to + ">\r\nFrom: meekijk <" + o_.from +
             ">\r\nMessage-ID: " + m.message_id + "\r\nSubject: " + encode_header(m.subject) +
             "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
             "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n" +
             m.body;
    CURL* curl = curl_easy_init();
    if (!curl) throw std::runtime_error("curl_easy_init failed");
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + m.to + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_URL, o_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + o_.from + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_payload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &p);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, o_.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, o_.timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (!o_.user.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, o_.user.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, o_.password.c_str());
    }
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) throw std::runtime_error(std::string("smtp: ") + curl_easy_strerror(rc));
  }

 private:
  SmtpOptions o_;
};

}  // namespace

std::unique_ptr<app::MailTransport> make_smtp_transport(const SmtpOptions& options) {
  return std::make_unique<SmtpTransport>(options);
}

}  // namespace mk::mail
