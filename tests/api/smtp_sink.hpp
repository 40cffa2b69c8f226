#pragma once
// The SMTP sink (tests/api/smtp_sink.py, Debian's python3-aiosmtpd) as a test helper: a real
// SMTP server on a free port that writes every message it gets to a directory.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

extern char** environ;

namespace mk::apitest {

struct Mail {
  std::string rcpt, raw;
  bool has(std::string_view s) const { return raw.find(s) != std::string::npos; }
};

// The sink process: started with its stdin and stdout on pipes; closing stdin ends it.
class SmtpSink {
 public:
  // `dir` is the sink's own: emptied first (a name made of a pid comes back once the pid is
  // reused, with the mails of a test long gone) and removed with the sink.
  explicit SmtpSink(const std::filesystem::path& dir) : dir_(dir) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    std::string script = std::string(MEEKIJK_SOURCE_DIR) + "/tests/api/smtp_sink.py";
    std::string dir_arg = dir_.string();
    char* argv[] = {const_cast<char*>("/usr/bin/python3"), script.data(), dir_arg.data(), nullptr};
    int rc = posix_spawn(&pid_, "/usr/bin/python3", &fa, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    stdin_ = in[1];
    if (rc != 0) throw std::runtime_error("cannot start /usr/bin/python3 (python3-aiosmtpd)");
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    port_ = line.empty() ? 0 : std::stoi(line);
  }
  ~SmtpSink() {
    close(stdin_);
    int status = 0;
    for (int i = 0; i < 50 && waitpid(pid_, &status, WNOHANG) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  int port() const { return port_; }

  std::vector<Mail> mails() const {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir_))
      if (e.path().extension() == ".eml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<Mail> out;
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      Mail m{"", std::string(std::istreambuf_iterator<char>(in), {})};
      auto a = m.raw.find("X-Test-Rcpt: ") + 13;
      m.rcpt = m.raw.substr(a, m.raw.find("\r\n", a) - a);
      out.push_back(std::move(m));
    }
    return out;
  }
  // Waits (real time: the relay polls every 500 ms) until at least n mails arrived.
  std::vector<Mail> wait_for(size_t n) const {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    auto got = mails();
    while (got.size() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      got = mails();
    }
    return got;
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = 0;
  int stdin_ = -1;
  int port_ = 0;
};

// An API test whose server mails through a sink of its own.
class WithMail : public ApiTest {
 protected:
  void SetUp() override {
    sink_ = std::make_unique<SmtpSink>(std::filesystem::temp_directory_path() /
                                       ("mk-mail-" + std::to_string(::getpid()) + "-" + std::to_string(++runs_)));
    ASSERT_GT(sink_->port(), 0) << "the SMTP sink did not start (apt-get install python3-aiosmtpd)";
    ApiTest::SetUp();
  }
  void TearDown() override {
    ApiTest::TearDown();
    sink_.reset();
  }
  void configure(cli::RuntimeOptions& o) override {
    o.smtp.url = "smtp://127.0.0.1:" + std::to_string(sink_->port());
    o.smtp.from = "noreply@meekijk.test";
    o.public_url = "https://meekijk.test/";
  }
  std::vector<Mail> to(const std::vector<Mail>& all, const std::string& ref) {
    std::vector<Mail> out;
    for (const auto& m : all)
      if (m.rcpt == "<" + person(ref).email + ">" || m.rcpt == person(ref).email) out.push_back(m);
    return out;
  }
  std::unique_ptr<SmtpSink> sink_;
  static inline int runs_ = 0;
};

}  // namespace mk::apitest
