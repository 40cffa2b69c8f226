// Round trips of the directory and the login state: organisations, services, users,
// sessions, API tokens, login failures, idempotency records, meta.
#include <algorithm>
#include <iostream>

#include "backend.hpp"
#include "core/error.hpp"
#include "fixtures.hpp"

namespace mk::store::test {
namespace {

template <class B>
class DirectoryTest : public StoreTest<B> {
 protected:
  void SetUp() override {
    StoreTest<B>::SetUp();
    if (this->ready()) save_region(this->store(), region_);
  }
  Region region_ = make_region();
};
TYPED_TEST_SUITE(DirectoryTest, Backends, BackendNames);

TYPED_TEST(DirectoryTest, OrganisationTreeRoundTrip) {
  const Region& r = this->region_;
  auto practice = this->store().read([&](ReadTx& tx) { return tx.organization(r.practice.id); });
  ASSERT_TRUE(practice);
  EXPECT_EQ(practice->ref, "prac-ref");
  EXPECT_EQ(practice->name, "Praktijk Janson");
  EXPECT_EQ(practice->type, domain::OrgType::gp_practice);
  EXPECT_EQ(practice->part_of, std::optional<OrgId>(r.care_group.id));
  EXPECT_EQ(practice->postcode, "3083AB");
  auto group = this->store().read([&](ReadTx& tx) { return tx.organization_by_ref("cg-ref"); });
  ASSERT_TRUE(group);
  EXPECT_EQ(group->id, r.care_group.id);
  EXPECT_EQ(group->agb, "01234567");
  EXPECT_FALSE(group->part_of);
  auto all = this->store().read([](ReadTx& tx) { return tx.organizations(); });
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].name, "IZER");  // ordered by name
  EXPECT_FALSE(this->store().read([](ReadTx& tx) { return tx.organization(OrgId("nope")); }));
  EXPECT_FALSE(this->store().read([](ReadTx& tx) { return tx.organization_by_ref(""); }));
}

TYPED_TEST(DirectoryTest, SavingAgainUpdatesInPlace) {
  Organization changed = this->region_.practice;
  changed.name = "Praktijk Janson & Co";
  changed.part_of.reset();
  this->store().write([&](WriteTx& tx) { tx.save_organization(changed); });
  auto all = this->store().read([](ReadTx& tx) { return tx.organizations(); });
  EXPECT_EQ(all.size(), 4u);
  auto got = this->store().read([&](ReadTx& tx) { return tx.organization(changed.id); });
  EXPECT_EQ(got->name, "Praktijk Janson & Co");
  EXPECT_FALSE(got->part_of);
}

TYPED_TEST(DirectoryTest, UnknownReferenceIsAConflict) {
  Organization orphan{OrgId("orphan"), "orphan-ref", "Orphan", domain::OrgType::gp_practice, OrgId("missing")};
  try {
    this->store().write([&](WriteTx& tx) { tx.save_organization(orphan); });
    FAIL() << "expected a conflict";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::conflict);
  }
  EXPECT_FALSE(this->store().read([&](ReadTx& tx) { return tx.organization(orphan.id); }));
}

TYPED_TEST(DirectoryTest, ServiceWithModalitiesAndAccepts) {
  const Region& r = this->region_;
  auto s = this->store().read([&](ReadTx& tx) { return tx.service(r.service.id); });
  ASSERT_TRUE(s);
  EXPECT_EQ(s->ref, "svc-ref");
  EXPECT_EQ(s->organization_id, r.hospital.id);
  EXPECT_EQ(s->specialty, "dermatology");
  EXPECT_EQ(s->name, "Dermatologie");
  EXPECT_EQ(s->modalities, (std::vector{domain::Modality::on_site, domain::Modality::e_consult}));
  EXPECT_EQ(s->response_days, 2);
  EXPECT_EQ(s->routing, domain::Routing::pool);
  EXPECT_EQ(s->accepts, std::vector<OrgId>{r.care_group.id});
  EXPECT_TRUE(s->active);
  EXPECT_EQ(s->intake, r.service.intake);
  auto other = this->store().read([](ReadTx& tx) { return tx.service_by_ref("svc2-ref"); });
  ASSERT_TRUE(other);
  EXPECT_EQ(other->routing, domain::Routing::direct);
  EXPECT_TRUE(other->accepts.empty());
  EXPECT_FALSE(other->active);
  EXPECT_TRUE(other->intake.empty());
  // All services at once (the report's directory): the same lists as one by one.
  auto all = this->store().read([](ReadTx& tx) { return tx.services(); });
  ASSERT_EQ(all.size(), 2u);
  for (const auto& each : all) {
    const Service& one = each.id == s->id ? *s : *other;
    EXPECT_EQ(each.modalities, one.modalities) << each.ref;
    EXPECT_EQ(each.accepts, one.accepts) << each.ref;
  }
}

TYPED_TEST(DirectoryTest, SavingAServiceReplacesItsLists) {
  Service s = this->region_.service;
  s.modalities = {domain::Modality::e_consult};
  s.accepts = {this->region_.practice.id, this->region_.care_group.id};
  s.intake.fields.pop_back();
  s.intake.min_attachments = 0;
  this->store().write([&](WriteTx& tx) { tx.save_service(s); });
  auto got = this->store().read([&](ReadTx& tx) { return tx.service(s.id); });
  EXPECT_EQ(got->intake, s.intake);
  EXPECT_EQ(got->modalities, std::vector{domain::Modality::e_consult});
  EXPECT_EQ(got->accepts, (std::vector<OrgId>{this->region_.practice.id, this->region_.care_group.id}));
}

TYPED_TEST(DirectoryTest, UserWithServices) {
  const Region& r = this->region_;
  auto u = this->store().read([&](ReadTx& tx) { return tx.user(r.consultant.id); });
  ASSERT_TRUE(u);
  EXPECT_EQ(u->email, "derm@example.test");
  EXPECT_EQ(u->role, domain::Role::consultant);
  EXPECT_EQ(u->organization_id, r.hospital.id);
  EXPECT_EQ(u->services, (std::vector<ServiceId>{r.service.id, r.other_service.id}));
  auto gp = this->store().read([](ReadTx& tx) { return tx.user_by_email("gp@example.test"); });
  ASSERT_TRUE(gp);
  EXPECT_EQ(gp->id, r.gp.id);
  EXPECT_EQ(gp->password_hash, r.gp.password_hash);
  EXPECT_EQ(gp->totp_secret, "JBSWY3DPEHPK3PXP");
  EXPECT_EQ(gp->agb, "01000001");
  EXPECT_TRUE(gp->active);
  EXPECT_EQ(this->store().read([](ReadTx& tx) { return tx.user_by_ref("assist-ref"); })->id, r.assistant.id);
  auto pool = this->store().read([&](ReadTx& tx) { return tx.users_of_service(r.service.id); });
  ASSERT_EQ(pool.size(), 1u);
  EXPECT_EQ(pool[0].id, r.consultant.id);
  EXPECT_EQ(pool[0].services.size(), 2u);
}

// The SQLite writer remembers directory rows from one write job to the next (writer.hpp); a
// write must still see every committed change: its own, another connection's (a second store
// on the same database stands for `meekijk import` next to the server), and not a change whose
// job was rolled back.
TYPED_TEST(DirectoryTest, WritesSeeEveryCommittedChangeAndNoRolledBackOne) {
  const Region& r = this->region_;
  auto written = [&](auto get) { return this->store().write([&](WriteTx& tx) { return get(tx); }); };
  auto service_name = [&] { return written([&](WriteTx& tx) { return tx.service(r.service.id)->name; }); };
  auto org_name = [&] { return written([&](WriteTx& tx) { return tx.organization(r.practice.id)->name; }); };
  auto gp_active = [&] { return written([&](WriteTx& tx) { return tx.user(r.gp.id)->active; }); };
  ASSERT_EQ(service_name(), "Dermatologie");  // remembered now
  ASSERT_EQ(org_name(), "Praktijk Janson");
  ASSERT_TRUE(gp_active());

  // Another connection commits.
  {
    Logger other_log(std::cerr, LogLevel::warn);
    auto other = this->backend().open(other_log);
    Service s = r.service;
    s.name = "Dermatologie (elders gewijzigd)";
    Organization o = r.practice;
    o.name = "Praktijk Janson (elders)";
    User gp = r.gp;
    gp.active = false;
    other->write([&](WriteTx& tx) {
      tx.save_service(s);
      tx.save_organization(o);
      tx.save_user(gp);
    });
  }
  EXPECT_EQ(service_name(), "Dermatologie (elders gewijzigd)");
  EXPECT_EQ(org_name(), "Praktijk Janson (elders)");
  EXPECT_FALSE(gp_active());

  // A job of this store changes the service, reads it back, then fails: rolled back.
  EXPECT_THROW(this->store().write([&](WriteTx& tx) {
    Service s = r.service;
    s.name = "Dermatologie (teruggedraaid)";
    tx.save_service(s);
    EXPECT_EQ(tx.service(r.service.id)->name, "Dermatologie (teruggedraaid)");
    throw Error(Errc::conflict, "Stop", "the test rolls this job back");
  }),
               Error);
  EXPECT_EQ(service_name(), "Dermatologie (elders gewijzigd)");

  // A job of this store that commits is seen by the next.
  Service s = r.service;
  s.name = "Dermatologie (hier)";
  this->store().write([&](WriteTx& tx) { tx.save_service(s); });
  EXPECT_EQ(service_name(), "Dermatologie (hier)");
  EXPECT_EQ(this->store().read([&](ReadTx& tx) { return tx.service(r.service.id)->name; }), "Dermatologie (hier)");
}

TYPED_TEST(DirectoryTest, UsersOfOrganisations) {
  const Region& r = this->region_;
  auto names = [&](std::vector<OrgId> orgs) {
    std::vector<UserId> out;
    for (const auto& u : this->store().read([&](ReadTx& tx) { return tx.users_of_organizations(orgs); }))
      out.push_back(u.id);
    std::sort(out.begin(), out.end());
    return out;
  };
  auto sorted = [](std::vector<UserId> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(names({r.practice.id}), sorted({r.gp.id, r.assistant.id}));
  EXPECT_EQ(names({r.practice.id, r.hospital.id}), sorted({r.gp.id, r.assistant.id, r.consultant.id}));
  EXPECT_TRUE(names({}).empty());
  EXPECT_TRUE(names({r.care_group.id}).empty());
}

TYPED_TEST(DirectoryTest, DuplicateEmailIsAConflict) {
  User dup = this->region_.gp;
  dup.id = UserId("gp-dup");
  dup.ref = "gp-dup-ref";
  EXPECT_THROW(this->store().write([&](WriteTx& tx) { tx.save_user(dup); }), Error);
  User moved = this->region_.consultant;
  moved.services = {this->region_.other_service.id};
  moved.active = false;
  this->store().write([&](WriteTx& tx) { tx.save_user(moved); });
  EXPECT_TRUE(this->store().read([&](ReadTx& tx) { return tx.users_of_service(this->region_.service.id); }).empty());
  EXPECT_FALSE(this->store().read([&](ReadTx& tx) { return tx.user(moved.id); })->active);
}

TYPED_TEST(DirectoryTest, Sessions) {
  SessionRecord s{"hash-1", this->region_.gp.id, "csrf-1", at_minute(0), at_minute(60)};
  SessionRecord old{"hash-2", this->region_.gp.id, "csrf-2", at_minute(0), at_minute(5)};
  this->store().write([&](WriteTx& tx) {
    tx.insert_session(s);
    tx.insert_session(old);
  });
  auto got = this->store().read([](ReadTx& tx) { return tx.session("hash-1"); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->user_id, this->region_.gp.id);
  EXPECT_EQ(got->csrf_token, "csrf-1");
  EXPECT_EQ(got->created_at, at_minute(0));
  EXPECT_EQ(got->expires_at, at_minute(60));
  this->store().write([](WriteTx& tx) { tx.delete_sessions_expired_before(at_minute(10)); });
  EXPECT_FALSE(this->store().read([](ReadTx& tx) { return tx.session("hash-2"); }));
  EXPECT_TRUE(this->store().read([](ReadTx& tx) { return tx.session("hash-1"); }));
  this->store().write([](WriteTx& tx) { tx.delete_session("hash-1"); });
  EXPECT_FALSE(this->store().read([](ReadTx& tx) { return tx.session("hash-1"); }));
}

TYPED_TEST(DirectoryTest, ApiTokens) {
  ApiToken t{"tok-hash", this->region_.consultant.id, "his-integration", at_minute(3)};
  this->store().write([&](WriteTx& tx) { tx.insert_api_token(t); });
  auto got = this->store().read([](ReadTx& tx) { return tx.api_token("tok-hash"); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->user_id, this->region_.consultant.id);
  EXPECT_EQ(got->label, "his-integration");
  EXPECT_EQ(got->created_at, at_minute(3));
  EXPECT_FALSE(this->store().read([](ReadTx& tx) { return tx.api_token("other"); }));
}

TYPED_TEST(DirectoryTest, LoginFailures) {
  this->store().write([](WriteTx& tx) {
    for (int m : {1, 2, 3}) tx.record_login_failure("gp@example.test", at_minute(m));
    tx.record_login_failure("someone@else.test", at_minute(2));
  });
  auto count = [&](Timestamp since) {
    return this->store().read([&](ReadTx& tx) { return tx.login_failures_since("gp@example.test", since); });
  };
  EXPECT_EQ(count(at_minute(0)), 3);
  EXPECT_EQ(count(at_minute(2)), 2);  // inclusive
  EXPECT_EQ(count(at_minute(4)), 0);
  this->store().write([](WriteTx& tx) { tx.clear_login_failures("gp@example.test"); });
  EXPECT_EQ(count(at_minute(0)), 0);
  EXPECT_EQ(this->store().read([](ReadTx& tx) { return tx.login_failures_since("someone@else.test", at_minute(0)); }),
            1);
}

TYPED_TEST(DirectoryTest, IdempotencyUniquePerUserAndKey) {
  IdempotencyRecord a{this->region_.gp.id, "key-1", "POST /api/v1/consults", "fp-a", 201, "c1", at_minute(1)};
  IdempotencyRecord b{this->region_.other_gp.id, "key-1", "POST /api/v1/consults", "fp-b", 201, "c2", at_minute(2)};
  this->store().write([&](WriteTx& tx) {
    tx.save_idempotency(a);
    tx.save_idempotency(b);
  });
  auto got = this->store().read([&](ReadTx& tx) { return tx.idempotency(a.user_id, "key-1"); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->route, "POST /api/v1/consults");
  EXPECT_EQ(got->fingerprint, "fp-a");
  EXPECT_EQ(got->status, 201);
  EXPECT_EQ(got->resource_id, "c1");
  EXPECT_EQ(got->created_at, at_minute(1));
  EXPECT_EQ(this->store().read([&](ReadTx& tx) { return tx.idempotency(b.user_id, "key-1"); })->resource_id, "c2");
  EXPECT_FALSE(this->store().read([&](ReadTx& tx) { return tx.idempotency(a.user_id, "key-2"); }));
}

TYPED_TEST(DirectoryTest, HousekeepingForgetsOnlyOldRecords) {
  this->store().write([&](WriteTx& tx) {
    for (int m : {1, 5}) tx.record_login_failure("gp@example.test", at_minute(m));
    tx.save_idempotency({this->region_.gp.id, "old", "POST /x", "fp", 201, "c1", at_minute(1)});
    tx.save_idempotency({this->region_.gp.id, "new", "POST /x", "fp", 201, "c2", at_minute(5)});
  });
  this->store().write([](WriteTx& tx) {
    tx.delete_login_failures_before(at_minute(3));
    tx.delete_idempotency_before(at_minute(3));
  });
  EXPECT_EQ(this->store().read([](ReadTx& tx) { return tx.login_failures_since("gp@example.test", at_minute(0)); }),
            1);
  EXPECT_FALSE(this->store().read([&](ReadTx& tx) { return tx.idempotency(this->region_.gp.id, "old"); }));
  EXPECT_TRUE(this->store().read([&](ReadTx& tx) { return tx.idempotency(this->region_.gp.id, "new"); }));
}

TYPED_TEST(DirectoryTest, Meta) {
  EXPECT_FALSE(this->store().read([](ReadTx& tx) { return tx.meta("region"); }));
  this->store().write([](WriteTx& tx) { tx.set_meta("region", "rotterdam"); });
  this->store().write([](WriteTx& tx) { tx.set_meta("region", "rijnmond"); });
  EXPECT_EQ(this->store().read([](ReadTx& tx) { return tx.meta("region"); }), std::optional<std::string>("rijnmond"));
}

}  // namespace
}  // namespace mk::store::test
