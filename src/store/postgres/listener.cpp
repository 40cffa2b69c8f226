#include "store/postgres/listener.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace mk::store::pg {
namespace {

constexpr std::chrono::milliseconds kFirstRetry{100};
constexpr std::chrono::milliseconds kMaxRetry{5000};

}  // namespace

Listener::Listener(std::string url, ListenerSlot& slot, Logger& log) : url_(std::move(url)), slot_(slot), log_(log) {
  if (pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
  conn_ = connect();
  lost_ = !conn_;
  thread_ = std::jthread([this](std::stop_token s) { loop(s); });
}

Listener::~Listener() {
  thread_.request_stop();
  char byte = 1;
  [[maybe_unused]] auto n = write(wake_[1], &byte, 1);
  if (thread_.joinable()) thread_.join();
  close(wake_[0]);
  close(wake_[1]);
}

std::unique_ptr<Connection> Listener::connect() {
  try {
    auto conn = Connection::open(url_, "meekijk-listener");
    conn->script(std::string("LISTEN ") + kEventsChannel, "listen");
    if (failing_) log_.info("store.listen_restored");
    failing_ = false;
    return conn;
  } catch (const std::exception& e) {
    if (!failing_) log_.warn("store.listen_failed", {{"error", e.what()}});
    failing_ = true;
    return nullptr;
  }
}

void Listener::loop(std::stop_token stop) {
  auto retry = kFirstRetry;
  while (!stop.stop_requested()) {
    if (!conn_) {
      conn_ = connect();
      if (!conn_) {
        pause(retry);
        retry = std::min(retry * 2, kMaxRetry);
        continue;
      }
      retry = kFirstRetry;
    }
    if (lost_) {
      lost_ = false;
      slot_.resync();
    }
    if (!receive()) {
      log_.warn("store.listen_lost");
      failing_ = true;  // the reconnect logs store.listen_restored
      conn_.reset();
      lost_ = true;
    }
  }
}

// Sleeps until the socket has something (a notification, or the server closing it) or the
// destructor wakes us; then hands every notification received to the listener.
bool Listener::receive() {
  pollfd fds[2] = {{conn_->socket(), POLLIN, 0}, {wake_[0], POLLIN, 0}};
  if (fds[0].fd < 0) return false;
  if (poll(fds, 2, -1) < 0) return errno == EINTR;
  if (fds[1].revents != 0) return true;  // stopping: the loop sees the stop request
  if (fds[0].revents == 0) return true;
  bool alive = conn_->consume_input();
  while (auto n = conn_->next_notification())
    if (n->channel == kEventsChannel) slot_.deliver(n->payload);
  return alive;
}

void Listener::pause(std::chrono::milliseconds d) {
  pollfd fd{wake_[0], POLLIN, 0};
  poll(&fd, 1, static_cast<int>(d.count()));
}

}  // namespace mk::store::pg
