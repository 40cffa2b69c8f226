#include "store/postgres/connection.hpp"

#include <exception>

#include <libpq-fe.h>

#include <regex>

#include "store/postgres/postgres_store.hpp"

namespace mk::store {

// postgresql://user:secret@host/db?password=x → postgresql://user@host/db; in the key=value
// form the password value is masked.
std::string redact_postgres_url(const std::string& url) {
  static const std::regex password_param(R"((^|[?&\s])password\s*=\s*('([^'\\]|\\.)*'|[^&\s]*))",
                                         std::regex::icase);
  std::string out = std::regex_replace(url, password_param, "$1password=***");
  size_t scheme = out.find("://");
  if (scheme == std::string::npos) return out;
  size_t auth_end = out.find_first_of("/?", scheme + 3);
  if (auth_end == std::string::npos) auth_end = out.size();
  size_t at = out.rfind('@', auth_end);
  if (at == std::string::npos || at < scheme) return out;
  size_t colon = out.find(':', scheme + 3);
  if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
  return out;
}

}  // namespace mk::store

namespace mk::store::pg {
namespace {

bool starts_with(const char* state, std::string_view prefix) {
  return state && std::string_view(state).substr(0, prefix.size()) == prefix;
}

// SQLSTATE → error code and what the store does about it. Constraint violations are the
// caller's (a duplicate e-mail, an unknown reference) except NOT NULL and CHECK, which mean
// our own mapping is wrong — the same split as the SQLite backend.
std::pair<Errc, Fault> classify(const char* state) {
  std::string_view s = state ? state : "";
  if (s == "40001" || s == "40P01") return {Errc::unavailable, Fault::retry};
  if (starts_with(state, "08") || s == "57P01" || s == "57P02" || s == "57P03")
    return {Errc::unavailable, Fault::connection};
  if (starts_with(state, "53") || s == "57014" || s == "55P03") return {Errc::unavailable, Fault::none};
  if (s == "22021") return {Errc::validation, Fault::none};  // text that is not UTF-8: the caller's
  if (s == "23502" || s == "23514") return {Errc::internal, Fault::none};
  if (starts_with(state, "23")) return {Errc::conflict, Fault::none};
  return {Errc::internal, Fault::none};
}

const char* title_for(Errc code, Fault fault) {
  if (fault == Fault::retry) return "Database busy";
  switch (code) {
    case Errc::unavailable: return "Database unavailable";
    case Errc::conflict: return "Conflicting data";
    case Errc::validation: return "Invalid text";
    default: return "Database error";
  }
}

// libpq messages end with a newline and may span lines; keep the first line.
std::string first_line(const char* text) {
  std::string s = text ? text : "";
  size_t nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

}  // namespace

std::unique_ptr<Connection> Connection::open(const std::string& url, const char* application_name) {
  // Later keywords override earlier ones, so the URL (last) may set its own timeout. TCP
  // keepalives: a connection that sits idle (the events listener, most of all) learns within
  // a minute that the server has silently gone, instead of after the kernel's two hours.
  const char* keys[] = {"connect_timeout",  "application_name",    "client_encoding",  "keepalives_idle",
                        "keepalives_interval", "keepalives_count", "dbname",           nullptr};
  const char* values[] = {"5", application_name, "UTF8", "30", "10", "3", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 1);
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    std::string why = conn ? first_line(PQerrorMessage(conn)) : "out of memory";
    PQfinish(conn);
    throw PgError(Errc::unavailable, "Database unavailable",
                  "cannot connect to " + redact_postgres_url(url) + ": " + why, Fault::connection);
  }
  std::unique_ptr<Connection> c(new Connection(conn));
  // Durable commits whatever the server's default; UTC for any text conversion; notices
  // ("already exists, skipping") would go to stderr.
  c->script("SET synchronous_commit = on; SET TIME ZONE 'UTC'; SET client_min_messages = warning", "session setup");
  return c;
}

Connection::~Connection() { PQfinish(conn_); }

bool Connection::broken() const { return PQstatus(conn_) != CONNECTION_OK; }

int Connection::socket() const { return PQsocket(conn_); }

bool Connection::consume_input() { return PQconsumeInput(conn_) == 1 && !broken(); }

std::optional<Connection::Notification> Connection::next_notification() {
  PGnotify* n = PQnotifies(conn_);
  if (!n) return std::nullopt;
  Notification out{n->relname ? n->relname : "", n->extra ? n->extra : ""};
  PQfreemem(n);
  return out;
}

bool Connection::in_transaction() const {
  auto s = PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

// The detail names the operation, the SQLSTATE and the server's primary message, never the
// DETAIL field (which quotes key values) and never messages about malformed values.
void Connection::fail(PGresult* res, std::string_view context) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = res ? first_line(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)) : "";
  if (message.empty()) message = first_line(PQerrorMessage(conn_));
  auto [code, fault] = classify(state);
  if (broken()) {
    code = Errc::unavailable;
    fault = Fault::connection;
  }
  if (starts_with(state, "22")) message = "invalid value";
  PQclear(res);
  std::string detail(context.substr(0, 80));
  detail += ": postgres error " + std::string(state ? state : "-----") + " (" + message + ")";
  throw PgError(code, title_for(code, fault), detail, fault);
}

const std::string& Connection::prepared(std::string_view sql, const Params& params) {
  static const std::string unnamed;
  auto it = prepared_.find(std::string(sql));
  if (it != prepared_.end()) return it->second;
  if (prepared_.size() >= kMaxPrepared) return unnamed;
  std::string name = "mk" + std::to_string(prepared_.size() + 1);
  PGresult* res = PQprepare(conn_, name.c_str(), std::string(sql).c_str(), static_cast<int>(params.size()), nullptr);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) fail(res, sql);
  PQclear(res);
  return prepared_.emplace(std::string(sql), std::move(name)).first->second;
}

namespace {

// The libpq arrays of one statement's parameters (pointing into `params`).
struct Bound {
  explicit Bound(const Params& params) : values(params.size()), lengths(params.size()), formats(params.size()) {
    for (size_t i = 0; i < params.size(); ++i) {
      const auto& v = params.value(i);
      values[i] = v ? v->data() : nullptr;
      lengths[i] = v ? static_cast<int>(v->size()) : 0;
      formats[i] = params.format(i);
    }
  }
  int n() const { return static_cast<int>(values.size()); }
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
};

}  // namespace

Result Connection::exec(std::string_view sql, const Params& params) {
  const std::string& name = prepared(sql, params);
  Bound b(params);
  PGresult* res =
      name.empty()
          ? PQexecParams(conn_, std::string(sql).c_str(), b.n(), nullptr, b.values.data(), b.lengths.data(),
                         b.formats.data(), 1)
          : PQexecPrepared(conn_, name.c_str(), b.n(), b.values.data(), b.lengths.data(), b.formats.data(), 1);
  auto status = PQresultStatus(res);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail(res, sql);
  return Result(res);
}

void Connection::each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn) {
  const std::string& name = prepared(sql, params);
  Bound b(params);
  int sent = name.empty() ? PQsendQueryParams(conn_, std::string(sql).c_str(), b.n(), nullptr, b.values.data(),
                                              b.lengths.data(), b.formats.data(), 1)
                          : PQsendQueryPrepared(conn_, name.c_str(), b.n(), b.values.data(), b.lengths.data(),
                                                b.formats.data(), 1);
  if (!sent) fail(nullptr, sql);
  PQsetSingleRowMode(conn_);  // when it cannot be set, the rows come as one result: still read below
  std::exception_ptr thrown;
  PGresult* failed = nullptr;
  // Every result is read up to the end, whatever happens: the connection is then ready again.
  while (PGresult* res = PQgetResult(conn_)) {
    auto status = PQresultStatus(res);
    if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK) {
      for (int i = 0; i < PQntuples(res) && !thrown && !failed; ++i) {
        try {
          fn(Row(res, i));
        } catch (...) {
          thrown = std::current_exception();
        }
      }
      PQclear(res);
    } else if (!failed) {
      failed = res;
    } else {
      PQclear(res);
    }
  }
  if (failed) fail(failed, sql);
  if (thrown) std::rethrow_exception(thrown);
}

void Connection::script(const std::string& sql, std::string_view context) {
  PGresult* res = PQexec(conn_, sql.c_str());
  auto status = PQresultStatus(res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(res, context);
  PQclear(res);
}

void Connection::copy_in(const std::string& sql) {
  PGresult* res = PQexec(conn_, sql.c_str());
  if (PQresultStatus(res) != PGRES_COPY_IN) fail(res, sql);
  PQclear(res);
}

void Connection::copy_data(std::string_view rows) {
  if (rows.empty()) return;
  if (PQputCopyData(conn_, rows.data(), static_cast<int>(rows.size())) != 1) fail(nullptr, "copy data");
}

void Connection::copy_end(std::string_view context) {
  if (PQputCopyEnd(conn_, nullptr) != 1) fail(nullptr, context);
  PGresult* res = PQgetResult(conn_);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    while (PGresult* more = PQgetResult(conn_)) PQclear(more);
    fail(res, context);
  }
  PQclear(res);
  while (PGresult* more = PQgetResult(conn_)) PQclear(more);
}

void Connection::commit() {
  PGresult* res = PQexec(conn_, "COMMIT");
  if (PQresultStatus(res) != PGRES_COMMAND_OK) fail(res, "commit");
  std::string_view tag = PQcmdStatus(res);
  bool committed = tag == "COMMIT";
  PQclear(res);
  if (!committed)
    throw PgError(Errc::internal, "Database error", "commit: the transaction had failed and was rolled back",
                  Fault::none);
}

}  // namespace mk::store::pg
