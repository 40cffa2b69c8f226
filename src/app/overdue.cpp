#include "app/overdue.hpp"

#include <condition_variable>
#include <mutex>

#include "app/events.hpp"
#include "domain/workflow.hpp"

namespace mk::app {

OverdueWatch::OverdueWatch(store::Store& store, const Clock& clock, IdGenerator& ids, Logger& log,
                           std::chrono::milliseconds interval)
    : store_(store), clock_(clock), ids_(ids), log_(log), interval_(interval),
      thread_(interval > std::chrono::milliseconds::zero() ? std::jthread([this](std::stop_token stop) { loop(stop); })
                                                           : std::jthread()) {}

OverdueWatch::~OverdueWatch() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

int OverdueWatch::escalate() {
  const auto now = clock_.now();
  store::ConsultFilter filter;
  filter.statuses = {domain::ConsultStatus::submitted, domain::ConsultStatus::accepted};
  filter.due_before = now;
  filter.unanswered = true;
  filter.exclude_drafts = true;
  store::PageRequest page;
  page.limit = 200;
  int flagged = 0;
  do {
    auto result = store_.read([&](store::ReadTx& tx) { return tx.consults(filter, store::ConsultOrder::due_asc, page); });
    for (const auto& summary : result.items) {
      flagged += store_.write([&](store::WriteTx& tx) {
        auto c = tx.consult(summary.id);  // locked: another instance's pass waits, then sees the flag
        if (!c) return 0;
        auto before = store::mark(*c);
        domain::Workflow wf(ids_, now, {UserId(), "meekijk"});
        if (!wf.mark_overdue(*c)) return 0;
        tx.update_consult(*c, before);
        events::changed(tx, *c);
        return 1;
      });
    }
    page.after = result.next;
  } while (!page.after.empty());
  if (flagged > 0) log_.info("consult.overdue_flagged", {{"count", std::to_string(flagged)}});
  return flagged;
}

void OverdueWatch::loop(std::stop_token stop) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  while (!stop.stop_requested()) {
    try {
      escalate();
    } catch (const std::exception& e) {
      log_.warn("consult.overdue_failed", {{"error", e.what()}});
    }
    cv.wait_for(lock, stop, interval_, [] { return false; });
  }
}

}  // namespace mk::app
