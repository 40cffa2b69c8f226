#pragma once
// Één loket (issue 8, part 2; domain/desk.hpp). Who does what:
//  * a third party (municipality, social-domain team, …) asks the region's GPs (inward) and
//    sees its own questions and those routed to it;
//  * a GP raises a shared question outward (its practice supports it at once), joins others'
//    ("me too", once per practice) and reads every outward question and every public answer;
//  * the desk officer sees everything, routes, moves the status, answers, publishes a public
//    answer, merges duplicates (their supporters move along) and reads the status board;
//  * a care-group manager works the questions routed to its organisation (in progress,
//    answered) and reads the public answers.
// No patient data: a BSN-like number in any text is refused (422); there are no attachments.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/mail.hpp"
#include "core/clock.hpp"
#include "store/store.hpp"

namespace mk::app {

struct DeskInput {
  std::optional<std::string> title, text, topic;
  std::vector<std::string> area_pc4;
};

struct DeskChange {
  std::optional<std::string> status, routed_to, answer, public_answer;
  std::optional<int64_t> version;
};

struct DeskQuestionView {
  domain::DeskQuestion question;
  std::string from_org_name, routed_to_name;
  bool supported_by_me = false;  // the caller's practice supports it
};

struct DeskBoard {
  std::map<std::string, std::map<std::string, int64_t>> by_status_topic;  // status → topic → count
  std::vector<DeskQuestionView> most_shared;                             // outward, open, by supporters
};

struct DeskListFilter {
  std::optional<std::string> status, topic;
};

class Desk {
 public:
  // mailbox: mails a new status to the asking side and the supporters (none without mail).
  Desk(store::Store& store, const Clock& clock, IdGenerator& ids, const Mailbox* mailbox = nullptr)
      : store_(store), clock_(clock), ids_(ids), mailbox_(mailbox) {}

  DeskQuestionView ask(const RequestContext& ctx, const DeskInput& in);
  std::vector<DeskQuestionView> list(const RequestContext& ctx, const DeskListFilter& filter);
  DeskQuestionView get(const RequestContext& ctx, const std::string& id);
  DeskQuestionView change(const RequestContext& ctx, const std::string& id, const DeskChange& in);
  DeskQuestionView support(const RequestContext& ctx, const std::string& id);
  DeskQuestionView merge(const RequestContext& ctx, const std::string& id, const std::string& into);
  DeskBoard board(const RequestContext& ctx);

 private:
  store::Store& store_;
  const Clock& clock_;
  IdGenerator& ids_;
  const Mailbox* mailbox_;
};

}  // namespace mk::app
