#include "app/mail.hpp"

#include <algorithm>

namespace mk::app {

std::string_view mail_kind_name(MailKind k) {
  switch (k) {
    case MailKind::new_consult: return "new_consult";
    case MailKind::answered: return "answered";
    case MailKind::info_requested: return "info_requested";
    case MailKind::overdue: return "overdue";
    case MailKind::session_cancelled: return "session_cancelled";
    case MailKind::session_moved: return "session_moved";
    case MailKind::desk_status: return "desk_status";
  }
  return "new_consult";
}

std::optional<MailKind> mail_kind_from(std::string_view name) {
  for (MailKind k : kMailKinds)
    if (mail_kind_name(k) == name) return k;
  return std::nullopt;
}

OutgoingMail render_mail(const store::MailItem& item, const MailSettings& settings) {
  struct Text {
    const char* nl_subject;
    const char* nl_line;
    const char* en_line;
  };
  Text t{"Nieuwe meekijkconsult", "Er is een nieuwe meekijkconsult voor u.", "A new e-consult is waiting for you."};
  if (item.kind == "answered")
    t = {"Antwoord op uw meekijkconsult", "Uw meekijkconsult is beantwoord.", "Your e-consult has been answered."};
  else if (item.kind == "info_requested")
    t = {"Aanvullende informatie gevraagd", "De consulent vraagt aanvullende informatie.",
         "The consultant asks for more information."};
  else if (item.kind == "overdue")
    t = {"Meekijkconsult over tijd", "Een meekijkconsult van uw dienst is over de reactietermijn.",
         "An e-consult of your service is past its response time."};
  else if (item.kind == "session_cancelled")
    t = {"Meekijkspreekuur geannuleerd", "Het meekijkspreekuur van uw consult is geannuleerd; boek het opnieuw of annuleer het.",
         "The on-site session of your consult was cancelled; book it into another session or cancel it."};
  else if (item.kind == "session_moved")
    t = {"Meekijkspreekuur verplaatst", "Het meekijkspreekuur van uw consult is verplaatst.",
         "The on-site session of your consult has moved."};
  else if (item.kind == "desk_status")
    t = {"Loketvraag bijgewerkt", "Een vraag aan het loket heeft een nieuwe status.",
         "A desk question has a new status."};
  std::string base = settings.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string link = item.desk_question_id.empty() ? base + "/consults/" + item.consult_id.str()
                                                   : base + "/desk/" + item.desk_question_id;
  OutgoingMail m;
  m.to = item.to;
  m.subject = std::string(t.nl_subject) + " " + item.reference;
  m.body = std::string(t.nl_line) + "\r\n" + "Referentie: " + item.reference + "\r\n" + "Openen: " + link +
           "\r\n\r\n" + t.en_line + "\r\n" + "Reference: " + item.reference + "\r\n" + "Open: " + link +
           "\r\n\r\n" +
           "-- \r\nmeekijk. Deze e-mail bevat geen patiëntgegevens; log in om het consult te zien.\r\n"
           "Instellingen voor e-mail staan onder uw profiel. / E-mail settings are in your profile.\r\n";
  m.message_id = "<" + item.id + "@meekijk>";
  return m;
}

// --- Mailbox -------------------------------------------------------------------------------

namespace {
bool wants(store::WriteTx& tx, const domain::User& u, MailKind kind) {
  const auto bit = static_cast<unsigned>(kind);
  if (!u.active || u.email.empty()) return false;
  return bit > store::kAllMailKinds || (tx.mail_kinds(u.id) & bit) != 0;
}
}  // namespace

bool Mailbox::file(store::WriteTx& tx, const domain::User& to, MailKind kind, store::MailItem m) const {
  if (!wants(tx, to, kind)) return false;
  m.id = ids_.next();
  m.user_id = to.id;
  m.kind = std::string(mail_kind_name(kind));
  m.created_at = clock_.now();
  return tx.enqueue_mail(m);
}

bool Mailbox::add(store::WriteTx& tx, const domain::User& to, MailKind kind, const ConsultId& consult,
                  const std::string& reference) const {
  store::MailItem m;
  m.consult_id = consult;
  m.reference = reference;
  return file(tx, to, kind, std::move(m));
}

void Mailbox::session_changed(store::WriteTx& tx, const domain::Consult& c, MailKind kind) const {
  if (auto gp = tx.user(c.requester_id)) add(tx, *gp, kind, c.id, c.reference);
}

void Mailbox::desk_status_changed(store::WriteTx& tx, const domain::DeskQuestion& q) const {
  std::vector<OrgId> orgs = tx.desk_supporters(q.id);
  if (std::find(orgs.begin(), orgs.end(), q.from_org_id) == orgs.end()) orgs.push_back(q.from_org_id);
  store::MailItem m;
  m.desk_question_id = q.id;
  m.reference = q.reference;
  for (const auto& u : tx.users_of_organizations(orgs))
    if (u.role == domain::Role::gp || u.role == domain::Role::third_party) file(tx, u, MailKind::desk_status, m);
}

void Mailbox::consult_changed(store::WriteTx& tx, const domain::Consult& c, std::string_view event) const {
  using domain::ConsultStatus;
  bool arrived = (event == "consult.create" && c.status == ConsultStatus::submitted) || event == "consult.submit" ||
                 event == "consult.redirect";
  if (arrived) {
    // A named consultant (direct routing) hears of it alone; otherwise the service's pool.
    if (c.assignee_id) {
      if (auto u = tx.user(*c.assignee_id)) add(tx, *u, MailKind::new_consult, c.id, c.reference);
      return;
    }
    for (const auto& u : tx.users_of_service(c.service_id)) add(tx, u, MailKind::new_consult, c.id, c.reference);
    return;
  }
  MailKind kind;
  if (event == "consult.answer") kind = MailKind::answered;
  else if (event == "consult.request_info") kind = MailKind::info_requested;
  else return;
  if (auto gp = tx.user(c.requester_id)) add(tx, *gp, kind, c.id, c.reference);
}

int Mailbox::consult_overdue(store::WriteTx& tx, const store::ConsultSummary& c) const {
  auto service = tx.service(c.service_id);
  if (!service) return 0;
  int added = 0;
  for (const auto& u : tx.users_of_organizations({service->organization_id}))
    if (u.role == domain::Role::coordinator && add(tx, u, MailKind::overdue, c.id, c.reference)) ++added;
  return added;
}

// --- MailRelay -----------------------------------------------------------------------------

MailRelay::MailRelay(store::Store& store, const Clock& clock, const Mailbox& mailbox, MailTransport& transport,
                     MailSettings settings, Logger& log)
    : store_(store),
      clock_(clock),
      mailbox_(mailbox),
      transport_(transport),
      settings_(std::move(settings)),
      log_(log),
      thread_([this](std::stop_token stop) { loop(stop); }) {}

MailRelay::~MailRelay() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

int MailRelay::send_due() {
  constexpr int kBatch = 20;
  auto now = clock_.now();
  // The lease: a relay that dies mid-batch leaves its rows to be retried after it.
  auto claimed = store_.write([&](store::WriteTx& tx) { return tx.claim_mail(now, now + std::chrono::minutes(5), kBatch); });
  int sent = 0;
  for (const auto& item : claimed) {
    try {
      transport_.send(render_mail(item, settings_));
      store_.write([&](store::WriteTx& tx) { tx.mail_sent(item.id, clock_.now()); });
      ++sent;
    } catch (const std::exception& e) {
      // Back-off 1, 2, 4, … minutes; the error text is the transport's (never the message).
      bool give_up = item.attempts >= kMaxAttempts;
      auto retry = clock_.now() + std::chrono::minutes(1 << std::min(item.attempts - 1, 10));
      std::string error = e.what();
      log_.warn("mail.send_failed", {{"mail_id", item.id}, {"kind", item.kind}, {"attempt", std::to_string(item.attempts)},
                                     {"give_up", give_up ? "yes" : "no"}, {"error", error}});
      try {
        store_.write([&](store::WriteTx& tx) { tx.mail_failed(item.id, error, retry, give_up); });
      } catch (const std::exception&) {
        // The lease runs out and the row is claimed again.
      }
    }
  }
  return sent;
}

int MailRelay::file_overdue() {
  store::ConsultFilter filter;
  filter.statuses = {domain::ConsultStatus::submitted, domain::ConsultStatus::accepted};
  filter.due_before = clock_.now();
  filter.unanswered = true;
  filter.exclude_drafts = true;
  store::PageRequest page;
  page.limit = 200;
  int added = 0;
  do {
    auto result = store_.read([&](store::ReadTx& tx) { return tx.consults(filter, store::ConsultOrder::due_asc, page); });
    if (!result.items.empty())
      added += store_.write([&](store::WriteTx& tx) {
        int n = 0;
        for (const auto& c : result.items) n += mailbox_.consult_overdue(tx, c);
        return n;
      });
    page.after = result.next;
  } while (!page.after.empty());
  return added;
}

void MailRelay::loop(std::stop_token stop) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  auto next_overdue = std::chrono::steady_clock::now();
  while (!stop.stop_requested()) {
    try {
      if (std::chrono::steady_clock::now() >= next_overdue) {
        next_overdue = std::chrono::steady_clock::now() + std::chrono::minutes(1);
        file_overdue();
      }
      while (send_due() > 0 && !stop.stop_requested()) {
      }
    } catch (const std::exception& e) {
      log_.warn("mail.relay_failed", {{"error", e.what()}});
    }
    cv.wait_for(lock, stop, std::chrono::milliseconds(500), [] { return false; });
  }
}

}  // namespace mk::app
