#pragma once
// Contracts, declarations and statements (DESIGN §5–6, issue 5). When a consult closes,
// declare_consult() writes its two declaration lines (the GP's practice and the consultant's
// organisation) in the same transaction, from the contract in force on the submit date — or
// lists the consult as "no contract" until the regional admin adds one and reprocesses the
// month. Who sees what: the regional admin everything, an insurer the lines it pays, a
// care-group manager or coordinator the lines of its organisation and those below it.
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

#include "app/audit.hpp"
#include "app/context.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "domain/billing.hpp"
#include "domain/consult.hpp"
#include "store/store.hpp"

namespace mk::app {

// Writes the consult's declaration lines (or its "no contract" row), once: a consult that
// already has lines is left alone. Called inside the write that closes the consult. True when
// the consult is billed (now or before), false when it is listed as "no contract".
bool declare_consult(store::WriteTx& tx, const domain::Consult& c, IdGenerator& ids, Timestamp now);

// The two lines of a closed consult under `contract` — the GP's practice and the consultant's
// organisation — as declare_consult writes them (also `meekijk generate`, which resolves the
// contract itself). The AGB codes of the parties as they are at close.
struct BillingAgbs {
  std::string practice, gp, provider, consultant;
};
std::vector<domain::DeclarationLine> declaration_lines(const domain::Consult& c, const domain::Contract& contract,
                                                       const BillingAgbs& agbs, IdGenerator& ids, Timestamp now);
// The consultant whose advice is billed: the author of the latest advice (else the assignee).
std::optional<UserId> advising_consultant(const domain::Consult& c);
// The kind of organisation a practice contracts through: its nearest care group or health
// centre above it (practices of a health centre are not part of a care group; the centre
// contracts for them).
bool contracting_group(domain::OrgType t);

// A contract as a client sends it: every field optional (PATCH), organisations as ids (API)
// or as import refs.
struct ContractInput {
  std::string prefix;  // for error paths: "" or "contracts[3]."
  bool by_ref = false;  // organisations named by import ref (field "payer") or by id ("payer_id")
  std::optional<std::string> ref, care_group, provider, payer, modality, valid_from, fee_kind, gp_code,
      consultant_code;
  bool valid_to_given = false;
  std::optional<std::string> valid_to;  // null = open-ended
  std::optional<int64_t> gp_fee_cents, consultant_fee_cents, rate_centicents, version;
  bool cap_given = false;
  std::optional<int64_t> cap_cents;  // null = no cap
  bool session_fee_given = false;
  std::optional<int64_t> session_fee_cents;  // null = no fee per session
  std::optional<bool> deductible_applies;
  std::vector<FieldError> input_errors;  // type errors found while reading: reported with the rest
};

// Reads the fields of one contract object; org fields are `<name>_id` (API) or `<name>` refs
// (import, by_ref). Type errors go to v.
ContractInput read_contract_input(const boost::json::object& o, std::string prefix, bool by_ref, Validation& v);

// Applies `in` to `c` and checks the result (a new contract must be complete). `resolve`
// finds an organisation by the text given (id or ref).
void apply_contract(domain::Contract& c, const ContractInput& in, bool creating,
                    const std::function<std::optional<domain::Organization>(const std::string&)>& resolve,
                    Validation& v);

struct ContractView {
  domain::Contract contract;
  std::string care_group_name, provider_name, payer_name;
};

struct DeclarationView {
  domain::DeclarationLine line;
  std::string organization_name, practitioner_name, payer_name;
};

struct UnbilledView {
  domain::Unbilled item;
  std::string practice_name, provider_name;
};

struct StatementView {
  domain::StatementLine line;
  std::string organization_name, organization_agb, payer_name;
};

struct BillingMonth {
  std::string month;
  std::vector<DeclarationView> items;
  std::vector<UnbilledView> no_contract;
  int64_t total_cents = 0;
};

struct Statement {
  std::string month;
  std::vector<StatementView> items;
  int64_t total_cents = 0;
};

struct ReprocessResult {
  int billed = 0;
  int still_no_contract = 0;
};

class Billing {
 public:
  Billing(store::Store& store, const Clock& clock, IdGenerator& ids, AuditTrail& audit)
      : store_(store), clock_(clock), ids_(ids), audit_(audit) {}

  std::vector<ContractView> contracts(const RequestContext& ctx);
  ContractView create_contract(const RequestContext& ctx, const ContractInput& in);
  ContractView update_contract(const RequestContext& ctx, const ContractId& id, const ContractInput& in);

  // One month's lines and no-contract consults the caller may see; `organization` narrows
  // to that organisation and those below it (within what the caller may see).
  BillingMonth declarations(const RequestContext& ctx, const std::string& month,
                            const std::optional<OrgId>& organization);
  Statement statement(const RequestContext& ctx, const std::string& month, const std::optional<OrgId>& organization);
  // Regional admin: bills the month's no-contract consults that a contract now covers.
  ReprocessResult reprocess(const RequestContext& ctx, const std::string& month);

  // The whole region's month, for `meekijk billing export` (the operator, no actor).
  BillingMonth export_month(const std::string& month);
  Statement export_statement(const std::string& month);

 private:
  store::Store& store_;
  const Clock& clock_;
  IdGenerator& ids_;
  AuditTrail& audit_;
};

// Spreadsheet files as Dutch LibreOffice and Excel open them: UTF-8 with a BOM, `;` between
// fields, amounts in euros with a decimal comma ("1234,50"), RFC 4180 quoting.
std::string declarations_csv(const BillingMonth& m);
std::string statement_csv(const Statement& s);
// "1234,50" for 123450 cents.
std::string euro_text(int64_t cents);

}  // namespace mk::app
