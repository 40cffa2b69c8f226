// Attachments: raw and multipart uploads, sniffing (the bytes decide, not the client), file
// names, the 25 MB limit, access, and the content-addressed blob (SQLite: on disk; PostgreSQL: in
// the database, cached on disk).
#include <openssl/evp.h>

#include <fstream>

#include "api/harness.hpp"

namespace mk::apitest {
namespace {

namespace fs = std::filesystem;

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), digest, &n, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) out += {hex[digest[i] >> 4], hex[digest[i] & 15]};
  return out;
}

std::string jpeg_min() {
  return std::string("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9", 22);
}
std::string pdf_min() {
  return "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
}
std::string zip_empty() { return std::string("PK\x05\x06", 4) + std::string(18, '\0'); }

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

int files_under(const fs::path& dir) {
  int n = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); ++it)
    n += it->is_regular_file();
  return n;
}

class Attachments : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;  // no backend here: SetUp said why
    id_ = create_id("gp_a", "x_derm");
    url_ = "/api/v1/consults/" + id_ + "/attachments";
  }
  std::string id_, url_;
};

TEST_F(Attachments, RawUploadDownloadRoundTripBySha256) {
  struct File {
    std::string bytes, declared, name, mime;
  };
  std::vector<File> files = {{png_1x1(), "image/png", "huid.png", "image/png"},
                             {jpeg_min(), "image/jpeg", "foto.jpg", "image/jpeg"},
                             {pdf_min(), "application/pdf", "brief.pdf", "application/pdf"},
                             {png_1x1() + "x", "application/octet-stream", "ander.png", "image/png"}};
  for (const auto& f : files) {
    auto up = as("gp_a").post_raw(url_ + "?filename=" + f.name, f.bytes, f.declared);
    ASSERT_EQ(up.status, 201) << f.name << ": " << up.describe();
    auto a = up.object();
    auto sha = sha256_hex(f.bytes);
    EXPECT_EQ(str(a["sha256"]), sha) << f.name;
    EXPECT_EQ(str(a["content_type"]), f.mime) << f.name;
    EXPECT_EQ(str(a["filename"]), f.name);
    EXPECT_EQ(a["size"].to_number<size_t>(), f.bytes.size());
    auto location = up.header("location").value_or("");
    EXPECT_EQ(location, str(a["url"]));

    auto down = as("derm_x1").get(location);
    ASSERT_EQ(down.status, 200) << down.describe();
    EXPECT_EQ(sha256_hex(down.body), sha) << f.name;
    EXPECT_EQ(down.header("content-type").value_or(""), f.mime);
    auto disposition = down.header("content-disposition").value_or("");
    EXPECT_EQ(disposition.rfind("attachment;", 0), 0u) << disposition;
    EXPECT_NE(disposition.find("filename=\"" + f.name + "\""), std::string::npos) << disposition;

    // Content-addressed: the store knows the blob by its SHA-256.
    EXPECT_TRUE(rt_->store().blobs().exists(sha)) << f.name;
    auto blob = data_ / "blobs" / sha.substr(0, 2) / sha;
    if (!on_postgres()) {
      // SQLite: on disk as DATA/blobs/<2 hex>/<sha256>, the exact bytes.
      ASSERT_TRUE(fs::is_regular_file(blob)) << blob;
      EXPECT_EQ(read_file(blob), f.bytes);
    } else {
      // PostgreSQL: the bytes are in the database, DATA is only a cache — without the cached
      // copy the download still returns them.
      std::error_code ec;
      fs::remove(blob, ec);
      auto again = as("gp_a").get(location);
      ASSERT_EQ(again.status, 200) << again.describe();
      EXPECT_EQ(again.body, f.bytes) << f.name;
    }
  }
  auto c = fetch("gp_a", id_);
  EXPECT_EQ(c["attachments"].as_array().size(), files.size());
  EXPECT_EQ(str(c["events"].as_array().back().at("type")), "attachment_added");
}

TEST_F(Attachments, MultipartUploadAndConsultantUpload) {
  auto png = png_1x1();
  auto up = as("gp_a").upload_multipart(url_, "plek op arm.png", "image/png", png);
  ASSERT_EQ(up.status, 201) << up.describe();
  auto a = up.object();
  EXPECT_EQ(str(a["filename"]), "plek op arm.png");
  EXPECT_EQ(str(a["sha256"]), sha256_hex(png));
  auto down = as("gp_a").get(str(a["url"]));
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, png);
  EXPECT_NE(down.header("content-disposition").value_or("").find("filename*=UTF-8''plek%20op%20arm.png"),
            std::string::npos)
      << down.header("content-disposition").value_or("");
  // The service's consultant may attach as well (e.g. an annotated image).
  auto pdf = as("derm_x1").upload_multipart(url_, "advies.pdf", "application/pdf", pdf_min());
  EXPECT_EQ(pdf.status, 201) << pdf.describe();
  EXPECT_EQ(fetch("gp_a", id_)["attachments"].as_array().size(), 2u);
}

TEST_F(Attachments, DisallowedAndLyingTypesAre415) {
  auto text = as("gp_a").post_raw(url_ + "?filename=notes.txt", "hello world, plain text\n", "text/plain");
  EXPECT_EQ(text.status, 415) << text.describe();
  auto zip = as("gp_a").post_raw(url_ + "?filename=x.zip", zip_empty(), "application/zip");
  EXPECT_EQ(zip.status, 415) << zip.describe();
  // PNG bytes declared as JPEG (and JPEG bytes declared as PDF): the declaration is a lie.
  auto lie = as("gp_a").post_raw(url_ + "?filename=x.jpg", png_1x1(), "image/jpeg");
  EXPECT_EQ(lie.status, 415) << lie.describe();
  lie = as("gp_a").post_raw(url_ + "?filename=x.pdf", jpeg_min(), "application/pdf");
  EXPECT_EQ(lie.status, 415) << lie.describe();
  // A ZIP in a multipart form, declared as PNG.
  auto mp = as("gp_a").upload_multipart(url_, "x.png", "image/png", zip_empty());
  EXPECT_EQ(mp.status, 415) << mp.describe();
  EXPECT_TRUE(fetch("gp_a", id_)["attachments"].as_array().empty());
  EXPECT_EQ(files_under(data_ / "blobs"), 0);
}

TEST_F(Attachments, EmptyAndPathTricksAre422AndNothingIsWrittenOutside) {
  auto empty = as("gp_a").post_raw(url_ + "?filename=leeg.png", "", "image/png");
  EXPECT_EQ(empty.status, 422) << empty.describe();
  auto empty_part = as("gp_a").upload_multipart(url_, "leeg.png", "image/png", "");
  EXPECT_EQ(empty_part.status, 422) << empty_part.describe();

  const char* names[] = {"..%2F..%2Fmk-evil-1.png", "a%2Fb.png", "..", "%2E%2E", "..%5Cmk-evil-2.png",
                         "%2Ftmp%2Fmk-evil-3.png"};
  for (auto name : names) {
    auto r = as("gp_a").post_raw(url_ + "?filename=" + name, png_1x1(), "image/png");
    EXPECT_EQ(r.status, 422) << name << ": " << r.describe();
    EXPECT_TRUE(r.names_field("filename")) << name << ": " << r.describe();
  }
  for (auto name : {"../../mk-evil-4.png", "a/b.png", ".."}) {
    auto r = as("gp_a").upload_multipart(url_, name, "image/png", png_1x1());
    EXPECT_EQ(r.status, 422) << name << ": " << r.describe();
  }
  EXPECT_TRUE(fetch("gp_a", id_)["attachments"].as_array().empty());
  EXPECT_EQ(files_under(data_ / "blobs"), 0);
  for (auto p : {root_ / "mk-evil-1.png", root_.parent_path() / "mk-evil-1.png", data_ / "a" / "b.png",
                 root_ / "mk-evil-4.png", fs::path("/tmp/mk-evil-3.png"), data_ / "tmp" / "a"})
    EXPECT_FALSE(fs::exists(p)) << p;
  EXPECT_EQ(files_under(data_ / "tmp"), 0) << "temporary upload files left behind";
}

TEST_F(Attachments, OverTwentyFiveMegabytesIs413AndServerKeepsServing) {
  std::string big = png_1x1();
  big.resize((25u << 20) + 1, '\0');
  auto r = as("gp_a").post_raw(url_ + "?filename=groot.png", big, "image/png");
  EXPECT_EQ(r.status, 413) << r.describe();
  // Without a Content-Length (chunked) the limit holds while streaming.
  Request chunked{"POST", url_ + "?filename=groot.png", big,
                  {{"Authorization", bearer("gp_a")}, {"Content-Type", "image/png"}}, true};
  auto c = send(port_, chunked);
  EXPECT_EQ(c.status, 413) << c.describe();
  EXPECT_TRUE(healthy());
  EXPECT_EQ(files_under(data_ / "tmp"), 0) << "a refused upload left its temporary file";
  auto ok = as("gp_a").post_raw(url_ + "?filename=klein.png", png_1x1(), "image/png");
  EXPECT_EQ(ok.status, 201) << ok.describe();
  EXPECT_EQ(fetch("gp_a", id_)["attachments"].as_array().size(), 1u);
}

TEST_F(Attachments, ForeignUsersGet404ForUploadAndDownload) {
  auto up = as("gp_a").post_raw(url_ + "?filename=huid.png", png_1x1(), "image/png");
  ASSERT_EQ(up.status, 201);
  auto location = up.header("location").value_or("");
  for (auto ref : {"gp_b", "derm_y", "card_x", "coord_y", "po_a", "admin"}) {
    EXPECT_EQ(as(ref).get(location).status, 404) << ref;
    EXPECT_EQ(as(ref).post_raw(url_ + "?filename=x.png", png_1x1(), "image/png").status, 404) << ref;
  }
  EXPECT_EQ(as("gp_a").get(url_ + "/nosuchattachment").status, 404);
  EXPECT_EQ(fetch("gp_a", id_)["attachments"].as_array().size(), 1u);
  // Closed consults take no more attachments.
  act("derm_x1", id_, "answer", answer_body());
  act("gp_a", id_, "close", close_body());
  EXPECT_EQ(as("gp_a").post_raw(url_ + "?filename=laat.png", png_1x1(), "image/png").status, 409);
  EXPECT_EQ(as("gp_a").get(location).status, 200);  // still readable
}

}  // namespace
}  // namespace mk::apitest
