// Content-addressed blobs and the online backup.
#include <fstream>
#include <iterator>

#include "backend.hpp"
#include "core/error.hpp"
#include "fixtures.hpp"

namespace mk::store::test {
namespace {

namespace fs = std::filesystem;

const std::string kSha = "ab" + std::string(62, '3');
const std::string kOtherSha = "0f" + std::string(62, 'e');

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

template <class B>
class BlobBackupTest : public StoreTest<B> {
 protected:
  fs::path upload(const std::string& name, const std::string& bytes) {
    fs::path p = this->store().blobs().temp_dir() / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
};
TYPED_TEST_SUITE(BlobBackupTest, Backends, BackendNames);

TYPED_TEST(BlobBackupTest, PutMovesTheUploadToItsContentAddress) {
  BlobStore& blobs = this->store().blobs();
  ASSERT_TRUE(fs::is_directory(blobs.temp_dir()));
  EXPECT_FALSE(blobs.exists(kSha));
  fs::path tmp = this->upload("u1", "photo bytes");
  blobs.put(tmp, kSha);
  EXPECT_FALSE(fs::exists(tmp));
  EXPECT_TRUE(blobs.exists(kSha));
  EXPECT_EQ(blobs.path(kSha).filename(), kSha);
  EXPECT_EQ(blobs.path(kSha).parent_path().filename(), "ab");
  EXPECT_EQ(slurp(blobs.path(kSha)), "photo bytes");
  // The temp dir is on the same file system as the blobs (rename, not copy).
  EXPECT_EQ(fs::path(blobs.temp_dir()).parent_path(), blobs.path(kSha).parent_path().parent_path().parent_path());

  fs::path again = this->upload("u2", "photo bytes");
  blobs.put(again, kSha);  // already stored: the upload is just removed
  EXPECT_FALSE(fs::exists(again));
  EXPECT_EQ(slurp(blobs.path(kSha)), "photo bytes");
  EXPECT_FALSE(blobs.exists(kOtherSha));
}

TYPED_TEST(BlobBackupTest, MalformedShaIsRejected) {
  BlobStore& blobs = this->store().blobs();
  fs::path tmp = this->upload("u1", "x");
  for (const std::string& bad :
       {std::string(""), std::string(63, 'a'), std::string(65, 'a'), "AB" + std::string(62, '3'),
        "../" + std::string(61, 'a'), "ab/" + std::string(61, 'a'), std::string(63, 'a') + "g"}) {
    SCOPED_TRACE(bad);
    for (auto op : {0, 1, 2}) {
      try {
        if (op == 0) blobs.put(tmp, bad);
        if (op == 1) blobs.exists(bad);
        if (op == 2) blobs.path(bad);
        ADD_FAILURE() << "accepted a malformed sha256 (op " << op << ")";
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::bad_request);
      }
    }
  }
  EXPECT_TRUE(fs::exists(tmp));  // nothing was moved
}

// PostgreSQL is backed up with pg_dump; meekijk backup says so instead of copying anything.
template <class B>
bool backup_refused(Store& store, const fs::path& out) {
  if constexpr (B::has_backup) return false;
  try {
    store.backup(out);
    ADD_FAILURE() << "backup() should refuse";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::validation);
    EXPECT_NE(e.title().find("pg_dump"), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(out));
  return true;
}

TYPED_TEST(BlobBackupTest, BackupIsACompleteDataDirectory) {
  if (backup_refused<TypeParam>(this->store(), this->tmp_.path() / "backup")) return;
  Region r = make_region();
  save_region(this->store(), r);
  Consult c = make_full_consult(r, make_patient("p1", "111222333", "J. Jansen"));
  c.attachments[0].sha256 = kSha;
  this->store().blobs().put(this->upload("u1", "attachment bytes"), kSha);
  this->store().write([&](WriteTx& tx) {
    insert_with_patient(tx, c);
    tx.next_reference_number(2026);
    AuditEntry e;
    e.at = at_minute(1);
    e.event = "consult.create";
    tx.append_audit(e);
  });
  fs::path out = this->tmp_.path() / "backup";
  this->store().backup(out);
  this->store().write([](WriteTx& tx) { tx.set_meta("after", "backup"); });  // not in the copy

  auto copy = this->backend().open_backup(out, this->log_);
  auto got = copy->read([&](ReadTx& tx) { return tx.consult(c.id); });
  ASSERT_TRUE(got);
  expect_same(*got, c);
  EXPECT_EQ(copy->read([](ReadTx& tx) { return tx.users_of_service(ServiceId("svc")); }).size(), 1u);
  EXPECT_FALSE(copy->read([](ReadTx& tx) { return tx.meta("after"); }));
  auto chain = audit_chain(*copy);
  ASSERT_EQ(chain.size(), 1u);
  expect_valid_chain(chain);
  EXPECT_EQ(chain[0].hash, audit_chain(this->store())[0].hash);
  EXPECT_EQ(copy->write([](WriteTx& tx) { return tx.next_reference_number(2026); }), 2);
  ASSERT_TRUE(copy->blobs().exists(kSha));
  EXPECT_EQ(slurp(copy->blobs().path(kSha)), "attachment bytes");
  EXPECT_NE(copy->blobs().path(kSha), this->store().blobs().path(kSha));
}

TYPED_TEST(BlobBackupTest, BackupRefusesANonEmptyTarget) {
  if (backup_refused<TypeParam>(this->store(), this->tmp_.path() / "none")) return;
  fs::path out = this->tmp_.path() / "full";
  fs::create_directories(out);
  std::ofstream(out / "something") << "x";
  try {
    this->store().backup(out);
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::validation);
  }
  fs::path empty = this->tmp_.path() / "empty";
  fs::create_directories(empty);
  this->store().backup(empty);  // an existing empty directory is fine
  EXPECT_FALSE(fs::is_empty(empty));
}

}  // namespace
}  // namespace mk::store::test
