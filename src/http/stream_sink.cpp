#include "http/stream_sink.hpp"

namespace mk::http {

bool StreamSink::send(std::string chunk) {
  std::lock_guard lock(mutex_);
  if (!open_) return false;
  if (chunk.empty()) return true;
  if (bytes_ + chunk.size() > limit_) {
    // A client that does not read must not make us hold an unbounded backlog for it.
    open_ = false;
    overflowed_ = true;
    queue_.clear();
    bytes_ = 0;
    wake_locked(true);
    return false;
  }
  bytes_ += chunk.size();
  queue_.push_back(std::move(chunk));
  if (waiting_) wake_locked(false);
  return true;
}

bool StreamSink::open() const {
  std::lock_guard lock(mutex_);
  return open_;
}

void StreamSink::close() {
  std::lock_guard lock(mutex_);
  if (!open_) return;
  open_ = false;
  if (waiting_) wake_locked(false);
}

StreamSink::Taken StreamSink::take() {
  std::lock_guard lock(mutex_);
  Taken out;
  out.chunks.swap(queue_);
  bytes_ = 0;
  out.open = open_;
  waiting_ = out.chunks.empty() && open_;
  return out;
}

bool StreamSink::overflowed() const {
  std::lock_guard lock(mutex_);
  return overflowed_;
}

void StreamSink::detach() {
  std::lock_guard lock(mutex_);
  open_ = false;
  waiting_ = false;
  queue_.clear();
  bytes_ = 0;
  wake_ = nullptr;
}

void StreamSink::wake_locked(bool abort) {
  // An abort must reach the writer even while it is busy writing, not only while it waits.
  if (!wake_ || (!waiting_ && !abort)) return;
  waiting_ = false;
  wake_(abort);
}

}  // namespace mk::http
