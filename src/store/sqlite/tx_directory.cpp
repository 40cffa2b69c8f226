// SqliteTx: organisations, services (with modalities and accepts), users (with services).
#include "store/intake_codec.hpp"
#include "store/report_cells.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/tx.hpp"
#include "store/sqlite/where_clause.hpp"

namespace mk::store::sqlite {
namespace {

constexpr const char* kOrgColumns = "SELECT id, ref, name, type, part_of, agb, postcode FROM organizations ";

Organization read_org(const Query& q) {
  Organization o;
  o.id = OrgId(q.text(0));
  o.ref = q.text(1);
  o.name = q.text(2);
  o.type = enum_col<domain::OrgType>(q, 3);
  o.part_of = opt_id_col<OrgId>(q, 4);
  o.agb = q.text(5);
  o.postcode = q.text(6);
  return o;
}

std::optional<Organization> one_org(Query q) {
  if (!q.step()) return std::nullopt;
  return read_org(q);
}

constexpr const char* kServiceColumns =
    "SELECT id, ref, organization_id, specialty, name, response_days, routing, active, intake FROM services ";

Service read_service_header(const Query& q) {
  Service s;
  s.id = ServiceId(q.text(0));
  s.ref = q.text(1);
  s.organization_id = OrgId(q.text(2));
  s.specialty = q.text(3);
  s.name = q.text(4);
  s.response_days = q.integer(5);
  s.routing = enum_col<domain::Routing>(q, 6);
  s.active = q.boolean(7);
  s.intake = decode_intake_form(q.text(8));
  return s;
}

void load_service_lists(Connection& conn, Service& s) {
  auto m = conn.query("SELECT modality FROM service_modalities WHERE service_id = ? ORDER BY position");
  m.bind(s.id);
  while (m.step()) s.modalities.push_back(enum_col<domain::Modality>(m, 0));
  auto a = conn.query("SELECT organization_id FROM service_accepts WHERE service_id = ? ORDER BY position");
  a.bind(s.id);
  while (a.step()) s.accepts.emplace_back(a.text(0));
}

constexpr const char* kUserColumns =
    "SELECT u.id, u.ref, u.email, u.name, u.role, u.organization_id, u.agb, u.password_hash, "
    "u.totp_secret, u.active FROM users u ";

User read_user_header(const Query& q) {
  User u;
  u.id = UserId(q.text(0));
  u.ref = q.text(1);
  u.email = q.text(2);
  u.name = q.text(3);
  u.role = enum_col<domain::Role>(q, 4);
  u.organization_id = OrgId(q.text(5));
  u.agb = q.text(6);
  u.password_hash = q.text(7);
  u.totp_secret = q.text(8);
  u.active = q.boolean(9);
  return u;
}

template <class T>
std::optional<T> first(std::vector<T> items) {
  if (items.empty()) return std::nullopt;
  return std::move(items.front());
}

// The answer remembered for `id` in the memo, else load()'s, remembered (tx.hpp).
template <class T, class Load>
std::optional<T> remembered(std::unordered_map<std::string, std::optional<T>>& seen, const std::string& id,
                            Load&& load) {
  if (auto it = seen.find(id); it != seen.end()) return it->second;
  return seen[id] = load();
}

}  // namespace

std::optional<Organization> SqliteTx::organization(const OrgId& id) {
  return remembered(memo_->organizations, id.str(), [&] {
    auto q = conn_.query(std::string(kOrgColumns) + "WHERE id = ?");
    q.bind(id);
    return one_org(std::move(q));
  });
}

void SqliteTx::forget_directory() { memo_->forget(); }

std::optional<Organization> SqliteTx::organization_by_ref(std::string_view ref) {
  if (ref.empty()) return std::nullopt;
  auto q = conn_.query(std::string(kOrgColumns) + "WHERE ref = ?");
  q.bind(ref);
  return one_org(std::move(q));
}

std::vector<Organization> SqliteTx::organizations() {
  auto q = conn_.query(std::string(kOrgColumns) + "ORDER BY name, id");
  std::vector<Organization> out;
  while (q.step()) out.push_back(read_org(q));
  return out;
}

std::vector<Service> SqliteTx::load_services(Query& q) {
  std::vector<Service> out;
  while (q.step()) out.push_back(read_service_header(q));
  for (auto& s : out) load_service_lists(conn_, s);
  return out;
}

std::optional<Service> SqliteTx::service(const ServiceId& id) {
  return remembered(memo_->services, id.str(), [&] {
    auto q = conn_.query(std::string(kServiceColumns) + "WHERE id = ?");
    q.bind(id);
    return first(load_services(q));
  });
}

std::optional<Service> SqliteTx::service_by_ref(std::string_view ref) {
  if (ref.empty()) return std::nullopt;
  auto q = conn_.query(std::string(kServiceColumns) + "WHERE ref = ?");
  q.bind(ref);
  return first(load_services(q));
}

std::vector<Service> SqliteTx::services() {
  auto q = conn_.query(std::string(kServiceColumns) + "ORDER BY name, id");
  return load_services(q);
}

std::vector<ServiceId> SqliteTx::user_services(const UserId& id) {
  auto q = conn_.query("SELECT service_id FROM user_services WHERE user_id = ? ORDER BY position");
  q.bind(id);
  std::vector<ServiceId> out;
  while (q.step()) out.emplace_back(q.text(0));
  return out;
}

std::vector<User> SqliteTx::load_users(Query& q) {
  std::vector<User> out;
  while (q.step()) out.push_back(read_user_header(q));
  for (auto& u : out) u.services = user_services(u.id);
  return out;
}

std::optional<User> SqliteTx::user(const UserId& id) {
  return remembered(memo_->users, id.str(), [&] {
    auto q = conn_.query(std::string(kUserColumns) + "WHERE u.id = ?");
    q.bind(id);
    return first(load_users(q));
  });
}

std::optional<User> SqliteTx::user_by_email(std::string_view email) {
  auto q = conn_.query(std::string(kUserColumns) + "WHERE u.email = ?");
  q.bind(email);
  return first(load_users(q));
}

std::optional<User> SqliteTx::user_by_ref(std::string_view ref) {
  if (ref.empty()) return std::nullopt;
  auto q = conn_.query(std::string(kUserColumns) + "WHERE u.ref = ?");
  q.bind(ref);
  return first(load_users(q));
}

std::vector<User> SqliteTx::users_of_service(const ServiceId& id) {
  auto q = conn_.query(std::string(kUserColumns) +
                       "JOIN user_services us ON us.user_id = u.id WHERE us.service_id = ? ORDER BY u.name, u.id");
  q.bind(id);
  return load_users(q);
}

std::vector<User> SqliteTx::users_of_organizations(const std::vector<OrgId>& orgs) {
  if (orgs.empty()) return {};
  auto q = conn_.query(std::string(kUserColumns) + "WHERE u.organization_id IN (" + placeholders(orgs.size()) +
                       ") ORDER BY u.name, u.id");
  for (const auto& o : orgs) q.bind(o);
  return load_users(q);
}

void SqliteTx::save_organization(const Organization& o) {
  auto cells = report_cells::organization_change(*this, o);
  conn_.query(
           "INSERT INTO organizations (id, ref, name, type, part_of, agb, postcode) VALUES (?, ?, ?, ?, ?, ?, ?) "
           "ON CONFLICT (id) DO UPDATE SET ref = excluded.ref, name = excluded.name, type = excluded.type, "
           "part_of = excluded.part_of, agb = excluded.agb, postcode = excluded.postcode")
      .bind_all(o.id, o.ref, o.name, enum_text(o.type), o.part_of, o.agb, o.postcode)
      .run();
  if (cells) cells->apply();
  forget_directory();  // after the write: the cells' upkeep above may have remembered the old row
}

void SqliteTx::save_service(const Service& s) {
  auto cells = report_cells::service_change(*this, s);
  conn_.query(
           "INSERT INTO services (id, ref, organization_id, specialty, name, response_days, routing, active, intake) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET ref = excluded.ref, "
           "organization_id = excluded.organization_id, specialty = excluded.specialty, name = excluded.name, "
           "response_days = excluded.response_days, routing = excluded.routing, active = excluded.active, "
           "intake = excluded.intake")
      .bind_all(s.id, s.ref, s.organization_id, s.specialty, s.name, s.response_days, enum_text(s.routing), s.active,
                encode_intake_form(s.intake))
      .run();
  conn_.query("DELETE FROM service_modalities WHERE service_id = ?").bind(s.id).run();
  for (size_t i = 0; i < s.modalities.size(); ++i)
    conn_.query("INSERT INTO service_modalities (service_id, modality, position) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING")
        .bind_all(s.id, enum_text(s.modalities[i]), static_cast<int64_t>(i))
        .run();
  conn_.query("DELETE FROM service_accepts WHERE service_id = ?").bind(s.id).run();
  for (size_t i = 0; i < s.accepts.size(); ++i)
    conn_.query("INSERT INTO service_accepts (service_id, organization_id, position) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING")
        .bind_all(s.id, s.accepts[i], static_cast<int64_t>(i))
        .run();
  if (cells) cells->apply();
  forget_directory();  // after the write: the cells' upkeep above may have remembered the old row
}

void SqliteTx::save_user(const User& u) {
  conn_.query(
           "INSERT INTO users (id, ref, email, name, role, organization_id, agb, password_hash, totp_secret, active) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET ref = excluded.ref, "
           "email = excluded.email, name = excluded.name, role = excluded.role, "
           "organization_id = excluded.organization_id, agb = excluded.agb, "
           "password_hash = excluded.password_hash, totp_secret = excluded.totp_secret, active = excluded.active")
      .bind_all(u.id, u.ref, u.email, u.name, enum_text(u.role), u.organization_id, u.agb, u.password_hash,
                u.totp_secret, u.active)
      .run();
  conn_.query("DELETE FROM user_services WHERE user_id = ?").bind(u.id).run();
  for (size_t i = 0; i < u.services.size(); ++i)
    conn_.query("INSERT INTO user_services (user_id, service_id, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        .bind_all(u.id, u.services[i], static_cast<int64_t>(i))
        .run();
  forget_directory();
}

}  // namespace mk::store::sqlite
