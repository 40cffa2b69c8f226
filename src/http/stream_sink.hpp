#pragma once
// The queue between the threads that push events into a stream and the connection's coroutine
// that writes them. Std only: the sink escapes into the application (which may hold it after
// the connection, even the server, is gone), so it owns nothing of Asio. The session attaches
// a wake-up function while it streams and detaches it when the stream ends; after that every
// send() is refused and nothing touches the io_context any more.
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/http_message.hpp"

namespace mk::http {

class StreamSink final : public EventSink {
 public:
  // wake(abort) is called with the sink's lock held, so it must only post work elsewhere.
  // abort: the client fell behind by more than the limit, drop the connection now instead of
  // waiting for the write in progress.
  using Wake = std::function<void(bool abort)>;

  StreamSink(size_t limit, Wake wake) : limit_(limit), wake_(std::move(wake)) {}

  bool send(std::string chunk) override;  // any thread; never blocks
  bool open() const override;

  // Any thread: no more sends; what is queued may still be written (server shutdown).
  void close();
  // The connection's side: the chunks queued so far (in order) and whether the stream is still
  // open. An empty take() of an open stream arms the wake-up for the next send or close.
  struct Taken {
    std::vector<std::string> chunks;
    bool open = false;
  };
  Taken take();
  bool overflowed() const;
  // The stream is over: refuse sends, never call wake again.
  void detach();

 private:
  void wake_locked(bool abort);

  const size_t limit_;
  mutable std::mutex mutex_;
  Wake wake_;
  std::vector<std::string> queue_;
  size_t bytes_ = 0;
  bool open_ = true;
  bool overflowed_ = false;
  bool waiting_ = false;  // the writer found the queue empty and sleeps until woken
};

}  // namespace mk::http
