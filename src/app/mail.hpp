#pragma once
// E-mail notifications (DESIGN §8: no patient data — only the reference and a link).
//
//   Mailbox     inside a consult's write transaction, adds the mails a change calls for to the
//               outbox (store: mail_outbox), for the users who want that kind. A committed
//               change always gets its mails, a rolled-back one never.
//   MailRelay   a thread of the serving instance: claims due outbox rows, renders them, hands
//               them to the MailTransport (SMTP, src/mail), marks them sent, or retries with
//               back-off (gives up after kMaxAttempts); every minute it also files the overdue
//               mails for coordinators (once per consult and coordinator).
// With several instances each relay claims different rows (store::WriteTx::claim_mail).
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "store/store.hpp"

namespace mk::app {

// A bit per kind in a user's settings (store: user_mail_settings.kinds). The kinds above
// kAllMailKinds are not a setting: a moved or cancelled session and a desk question's new status
// are always mailed.
enum class MailKind : unsigned {
  new_consult = 1, answered = 2, info_requested = 4, overdue = 8,
  session_cancelled = 16, session_moved = 32, desk_status = 64
};
inline constexpr MailKind kMailKinds[] = {MailKind::new_consult, MailKind::answered, MailKind::info_requested,
                                          MailKind::overdue};
std::string_view mail_kind_name(MailKind k);
std::optional<MailKind> mail_kind_from(std::string_view name);

struct OutgoingMail {
  std::string to;
  std::string subject;
  std::string body;  // plain text, UTF-8
  std::string message_id;
};

// Where mail goes (SMTP in src/mail). send() throws on failure; its what() may be logged and
// must not contain the message text.
class MailTransport {
 public:
  virtual ~MailTransport() = default;
  virtual void send(const OutgoingMail& mail) = 0;
};

struct MailSettings {
  std::string public_url;  // the web app's address for links, e.g. https://meekijk.example
};

// The text of a mail: Dutch, then English. Reference and link only.
OutgoingMail render_mail(const store::MailItem& item, const MailSettings& settings);

class Mailbox {
 public:
  Mailbox(const Clock& clock, IdGenerator& ids) : clock_(clock), ids_(ids) {}
  // After the change `event` (consult.create, consult.submit, consult.answer, …) to c.
  void consult_changed(store::WriteTx& tx, const domain::Consult& c, std::string_view event) const;
  // Overdue mails to the coordinators of the consult's service organisation; returns how many
  // were new.
  int consult_overdue(store::WriteTx& tx, const store::ConsultSummary& c) const;
  // The on-site session of a booked consult was cancelled or moved: its requesting GP hears.
  void session_changed(store::WriteTx& tx, const domain::Consult& c, MailKind kind) const;
  // A desk question has a new status: the asking organisation's desk users (its GPs or third
  // party) and the GPs of the practices that support it, each once.
  void desk_status_changed(store::WriteTx& tx, const domain::DeskQuestion& q) const;

 private:
  // Files the mail when the user wants that kind; false when not wanted or already filed.
  bool add(store::WriteTx& tx, const domain::User& to, MailKind kind, const ConsultId& consult,
           const std::string& reference) const;
  bool file(store::WriteTx& tx, const domain::User& to, MailKind kind, store::MailItem m) const;
  const Clock& clock_;
  IdGenerator& ids_;
};

class MailRelay {
 public:
  static constexpr int kMaxAttempts = 8;
  MailRelay(store::Store& store, const Clock& clock, const Mailbox& mailbox, MailTransport& transport,
            MailSettings settings, Logger& log);
  ~MailRelay();  // stops the thread (a send in progress finishes first)
  MailRelay(const MailRelay&) = delete;
  MailRelay& operator=(const MailRelay&) = delete;

  // One pass: claims and sends what is due; returns the number sent. The thread calls it every
  // second; tests may call it directly.
  int send_due();
  // Files overdue mails; returns how many were new. The thread calls it every minute.
  int file_overdue();

 private:
  void loop(std::stop_token stop);
  store::Store& store_;
  const Clock& clock_;
  const Mailbox& mailbox_;
  MailTransport& transport_;
  MailSettings settings_;
  Logger& log_;
  std::jthread thread_;  // last
};

}  // namespace mk::app
