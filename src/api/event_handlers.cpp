// GET /api/v1/events: the caller's live events as Server-Sent Events (app/events.hpp). The
// stream opens with the reconnect delay and `event: ready`; a client (re)loads what it shows
// after `ready`, so nothing committed while it was away is missed. Event ids are per instance
// and per stream: a reconnect (Last-Event-ID) does not replay, it reloads.
#include "api/handlers.hpp"

namespace mk::api::events {

HttpResponse stream(app::EventHub& hub, HttpRequest&, const Ctx& ctx) {
  HttpResponse res;
  res.stream = [&hub, actor = ctx.actor](std::shared_ptr<EventSink> sink) {
    sink->send("retry: 3000\n\n");
    sink->send("event: ready\ndata: {}\n\n");
    // Subscribed before the transport writes `ready`: a change committed after the client
    // sees `ready` (and reloads) is always sent.
    hub.subscribe(actor, std::move(sink));
  };
  return res;
}

}  // namespace mk::api::events
