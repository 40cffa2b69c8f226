// PgTx: organisations, services (with modalities and accepts), users (with services).
#include <unordered_map>

#include "store/intake_codec.hpp"
#include "store/report_cells.hpp"
#include "store/postgres/rows.hpp"
#include "store/postgres/tx.hpp"
#include "store/postgres/where_clause.hpp"

namespace mk::store::pg {
namespace {

constexpr const char* kOrgColumns = "SELECT id, ref, name, type, part_of, agb, postcode FROM organizations ";

Organization read_org(const Row& r) {
  Organization o;
  o.id = OrgId(r.text(0));
  o.ref = r.text(1);
  o.name = r.text(2);
  o.type = enum_col<domain::OrgType>(r, 3);
  o.part_of = opt_id_col<OrgId>(r, 4);
  o.agb = r.text(5);
  o.postcode = r.text(6);
  return o;
}

std::optional<Organization> one_org(const Result& r) {
  if (r.rows() == 0) return std::nullopt;
  return read_org(r.row(0));
}

constexpr const char* kServiceColumns =
    "SELECT id, ref, organization_id, specialty, name, response_days, routing, active, intake FROM services ";

Service read_service_header(const Row& r) {
  Service s;
  s.id = ServiceId(r.text(0));
  s.ref = r.text(1);
  s.organization_id = OrgId(r.text(2));
  s.specialty = r.text(3);
  s.name = r.text(4);
  s.response_days = r.integer(5);
  s.routing = enum_col<domain::Routing>(r, 6);
  s.active = r.boolean(7);
  s.intake = decode_intake_form(r.text(8));
  return s;
}

// Items loaded together, found by id, and their ids as one bound array (for = ANY($1)): their
// lists come in one statement each instead of one per item.
template <class T>
struct Batch {
  // with_ids false: the caller reads every item's rows and binds no ids.
  explicit Batch(std::vector<T>& items, bool with_ids = true) {
    std::vector<std::string> all;
    for (auto& item : items) {
      by_id.emplace(item.id.str(), &item);
      if (with_ids) all.push_back(item.id.str());
    }
    if (with_ids) ids.add(array_literal(all));
  }
  std::unordered_map<std::string, T*> by_id;
  Params ids;
};

constexpr const char* kUserColumns =
    "SELECT u.id, u.ref, u.email, u.name, u.role, u.organization_id, u.agb, u.password_hash, "
    "u.totp_secret, u.active FROM users u ";

User read_user_header(const Row& r) {
  User u;
  u.id = UserId(r.text(0));
  u.ref = r.text(1);
  u.email = r.text(2);
  u.name = r.text(3);
  u.role = enum_col<domain::Role>(r, 4);
  u.organization_id = OrgId(r.text(5));
  u.agb = r.text(6);
  u.password_hash = r.text(7);
  u.totp_secret = r.text(8);
  u.active = r.boolean(9);
  return u;
}

template <class T>
std::optional<T> first(std::vector<T> items) {
  if (items.empty()) return std::nullopt;
  return std::move(items.front());
}

}  // namespace

std::optional<Organization> PgTx::organization(const OrgId& id) {
  return one_org(conn_.exec(std::string(kOrgColumns) + "WHERE id = $1", Params().add(id)));
}

std::optional<Organization> PgTx::organization_by_ref(std::string_view ref) {
  if (ref.empty()) return std::nullopt;
  return one_org(conn_.exec(std::string(kOrgColumns) + "WHERE ref = $1", Params().add(ref)));
}

std::vector<Organization> PgTx::organizations() {
  auto r = conn_.exec(std::string(kOrgColumns) + "ORDER BY name, id");
  std::vector<Organization> out;
  out.reserve(static_cast<size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_org(r.row(i)));
  return out;
}

std::vector<Service> PgTx::load_services(const Result& r, bool all) {
  std::vector<Service> out;
  out.reserve(static_cast<size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_service_header(r.row(i)));
  if (out.empty()) return out;
  // Their lists in two statements, not two per service (a report loads all 1,413 of a nation);
  // for all services, every list row without sending their ids (a 41 KB array parameter).
  Batch<Service> batch(out, !all);
  const auto& [by_id, p] = batch;
  const std::string which = all ? " " : " WHERE service_id = ANY($1) ";
  auto m = conn_.exec("SELECT service_id, modality FROM service_modalities" + which + "ORDER BY service_id, position", p);
  for (int i = 0; i < m.rows(); ++i)
    if (auto it = by_id.find(m.row(i).text(0)); it != by_id.end())
      it->second->modalities.push_back(enum_col<domain::Modality>(m.row(i), 1));
  auto a = conn_.exec("SELECT service_id, organization_id FROM service_accepts" + which + "ORDER BY service_id, position", p);
  for (int i = 0; i < a.rows(); ++i)
    if (auto it = by_id.find(a.row(i).text(0)); it != by_id.end()) it->second->accepts.emplace_back(a.row(i).text(1));
  return out;
}

std::optional<Service> PgTx::service(const ServiceId& id) {
  return first(load_services(conn_.exec(std::string(kServiceColumns) + "WHERE id = $1", Params().add(id))));
}

std::optional<Service> PgTx::service_by_ref(std::string_view ref) {
  if (ref.empty()) return std::nullopt;
  return first(load_services(conn_.exec(std::string(kServiceColumns) + "WHERE ref = $1", Params().add(ref))));
}

std::vector<Service> PgTx::services() {
  return load_services(conn_.exec(std::string(kServiceColumns) + "ORDER BY name, id"), true);
}

std::vector<User> PgTx::load_users(const Result& r) {
  std::vector<User> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_user_header(r.row(i)));
  if (out.empty()) return out;
  // Their services in one statement, not one per user.
  Batch<User> batch(out);
  const auto& [by_id, p] = batch;
  auto r2 = conn_.exec("SELECT user_id, service_id FROM user_services WHERE user_id = ANY($1) ORDER BY user_id, position",
                       p);
  for (int i = 0; i < r2.rows(); ++i) by_id.at(r2.row(i).text(0))->services.emplace_back(r2.row(i).text(1));
  return out;
}

std::optional<User> PgTx::user(const UserId& id) {
  return first(load_users(conn_.exec(std::string(kUserColumns) + "WHERE u.id = $1", Params().add(id))));
}

std::optional<User> PgTx::user_by_email(std::string_view email) {
  return first(load_users(conn_.exec(std::string(kUserColumns) + "WHERE u.email = $1", Params().add(email))));
}

std::optional<User> PgTx::user_by_ref(std::string_view ref) {
  if (ref.empty()) return std::nullopt;
  return first(load_users(conn_.exec(std::string(kUserColumns) + "WHERE u.ref = $1", Params().add(ref))));
}

std::vector<User> PgTx::users_of_service(const ServiceId& id) {
  return load_users(conn_.exec(std::string(kUserColumns) +
                                   "JOIN user_services us ON us.user_id = u.id WHERE us.service_id = $1 "
                                   "ORDER BY u.name, u.id",
                               Params().add(id)));
}

std::vector<User> PgTx::users_of_organizations(const std::vector<OrgId>& orgs) {
  if (orgs.empty()) return {};
  std::vector<std::string> ids;
  for (const auto& o : orgs) ids.push_back(o.str());
  return load_users(conn_.exec(std::string(kUserColumns) + "WHERE u.organization_id = ANY($1) ORDER BY u.name, u.id",
                               Params().add(array_literal(ids))));
}

void PgTx::save_organization(const Organization& o) {
  auto cells = report_cells::organization_change(*this, o);
  conn_.exec(
      "INSERT INTO organizations (id, ref, name, type, part_of, agb, postcode) VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT (id) DO UPDATE SET ref = excluded.ref, name = excluded.name, type = excluded.type, "
      "part_of = excluded.part_of, agb = excluded.agb, postcode = excluded.postcode",
      Params().add_all(o.id, o.ref, o.name, enum_text(o.type), o.part_of, o.agb, o.postcode));
  if (cells) cells->apply();
}

void PgTx::save_service(const Service& s) {
  auto cells = report_cells::service_change(*this, s);
  conn_.exec(
      "INSERT INTO services (id, ref, organization_id, specialty, name, response_days, routing, active, intake) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO UPDATE SET ref = excluded.ref, "
      "organization_id = excluded.organization_id, specialty = excluded.specialty, name = excluded.name, "
      "response_days = excluded.response_days, routing = excluded.routing, active = excluded.active, "
      "intake = excluded.intake",
      Params().add_all(s.id, s.ref, s.organization_id, s.specialty, s.name, s.response_days, enum_text(s.routing),
                       s.active, encode_intake_form(s.intake)));
  conn_.exec("DELETE FROM service_modalities WHERE service_id = $1", Params().add(s.id));
  for (size_t i = 0; i < s.modalities.size(); ++i)
    conn_.exec("INSERT INTO service_modalities (service_id, modality, position) VALUES ($1, $2, $3) "
               "ON CONFLICT DO NOTHING",
               Params().add_all(s.id, enum_text(s.modalities[i]), static_cast<int64_t>(i)));
  conn_.exec("DELETE FROM service_accepts WHERE service_id = $1", Params().add(s.id));
  for (size_t i = 0; i < s.accepts.size(); ++i)
    conn_.exec("INSERT INTO service_accepts (service_id, organization_id, position) VALUES ($1, $2, $3) "
               "ON CONFLICT DO NOTHING",
               Params().add_all(s.id, s.accepts[i], static_cast<int64_t>(i)));
  if (cells) cells->apply();
}

void PgTx::save_user(const User& u) {
  conn_.exec(
      "INSERT INTO users (id, ref, email, name, role, organization_id, agb, password_hash, totp_secret, active) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO UPDATE SET ref = excluded.ref, "
      "email = excluded.email, name = excluded.name, role = excluded.role, "
      "organization_id = excluded.organization_id, agb = excluded.agb, "
      "password_hash = excluded.password_hash, totp_secret = excluded.totp_secret, active = excluded.active",
      Params().add_all(u.id, u.ref, u.email, u.name, enum_text(u.role), u.organization_id, u.agb, u.password_hash,
                       u.totp_secret, u.active));
  conn_.exec("DELETE FROM user_services WHERE user_id = $1", Params().add(u.id));
  for (size_t i = 0; i < u.services.size(); ++i)
    conn_.exec("INSERT INTO user_services (user_id, service_id, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
               Params().add_all(u.id, u.services[i], static_cast<int64_t>(i)));
}

}  // namespace mk::store::pg
