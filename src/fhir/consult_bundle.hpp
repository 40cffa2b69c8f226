#pragma once
// A transaction Bundle that creates one consult (docs/fhir.md, "Create"): its entries sorted
// out and checked (every problem named Bundle.entry[i]...), its Binary data staged as files.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "app/consults.hpp"
#include "fhir/consult_search.hpp"

namespace mk::fhir::consult {

struct BundlePart {
  enum Kind { patient, service_request, task, binary, document } kind;
  size_t entry = 0;
  size_t file = 0;  // binary, document: index into ConsultBundle::files
};

struct BundleFile {
  std::string data;  // base64, as sent
  std::string content_type;
  std::string filename;  // from the DocumentReference's attachment.title, when there is one
  std::string path;      // "Bundle.entry[3].resource"
};

struct ConsultBundle {
  std::vector<BundlePart> order;  // as in the request
  const boost::json::object* service_request = nullptr;
  std::string service_request_path;
  std::map<std::string, std::pair<const boost::json::object*, std::string>> patients;  // by fullUrl
  std::string patient_path;
  std::vector<BundleFile> files;
  Condition if_none_exist;
};

// 400 when the Bundle is not a transaction of these resources, 422 for a bad entry.
ConsultBundle read_bundle(const boost::json::object& bundle);

// Temporary files for the Binary data; whatever create() did not keep is removed.
class StagedFiles {
 public:
  explicit StagedFiles(std::filesystem::path dir) : dir_(std::move(dir)) {}
  StagedFiles(const StagedFiles&) = delete;
  StagedFiles& operator=(const StagedFiles&) = delete;
  ~StagedFiles();
  std::filesystem::path write(const std::string& bytes);

 private:
  std::filesystem::path dir_;
  std::vector<std::filesystem::path> paths_;
};

app::NewConsultInput new_consult_input(const ConsultBundle& bundle, StagedFiles& files);

// The Patient entry of the answer: the patient as stored for this consult.
boost::json::object patient_stub(const domain::Consult& c);

}  // namespace mk::fhir::consult
