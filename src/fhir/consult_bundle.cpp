#include "fhir/consult_bundle.hpp"

#include <fstream>

#include "app/crypto.hpp"
#include "fhir/consult_parse.hpp"
#include "fhir/support.hpp"

namespace mk::fhir::consult {
namespace {

using json::object;

[[noreturn]] void bad_entry(const std::string& path, const std::string& message) {
  throw Error(Errc::validation, "The transaction has an invalid entry", path + ": " + message, {{path, message}});
}

std::string text(const object& o, std::string_view key) {
  auto v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

const object* object_at(const object& o, std::string_view key) {
  auto v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

// DocumentReference.content[0].attachment
const object* attachment_of(const object& doc) {
  auto content = doc.if_contains("content");
  if (!content || !content->is_array() || content->as_array().empty() || !content->as_array()[0].is_object())
    return nullptr;
  return object_at(content->as_array()[0].as_object(), "attachment");
}

void read_document(const object& doc, const std::string& path, std::map<std::string, size_t>& binaries,
                   ConsultBundle& b, BundlePart& part) {
  auto a = attachment_of(doc);
  if (!a) bad_entry(path + ".content[0].attachment", "is required");
  auto url = text(*a, "url");
  if (auto it = binaries.find(url); it != binaries.end()) {
    part.file = it->second;
    if (!text(*a, "title").empty()) b.files[part.file].filename = text(*a, "title");
  } else if (a->contains("data")) {
    part.file = b.files.size();
    b.files.push_back({text(*a, "data"), text(*a, "contentType"), text(*a, "title"), path + ".content[0].attachment"});
  } else {
    bad_entry(path + ".content[0].attachment.url", "must be the fullUrl of a Binary in this Bundle (or give data)");
  }
}

// One entry: its kind, checked; Patients and Binaries remembered by fullUrl.
BundlePart read_entry(const object& entry, size_t i, std::map<std::string, size_t>& binaries, ConsultBundle& b) {
  std::string path = "Bundle.entry[" + std::to_string(i) + "]";
  auto resource = object_at(entry, "resource");
  if (!resource) bad_entry(path + ".resource", "is required");
  auto request = object_at(entry, "request");
  if (!request || text(*request, "method") != "POST")
    bad_entry(path + ".request.method", "must be POST (this server's transactions create one consult)");
  auto type = text(*resource, "resourceType");
  auto full_url = text(entry, "fullUrl");
  path += ".resource";
  BundlePart part{BundlePart::patient, i};
  if (type == "Patient") {
    b.patients[full_url] = {resource, path};
    if (b.patient_path.empty()) b.patient_path = path;
  } else if (type == "ServiceRequest") {
    if (b.service_request) bad_entry(path, "a transaction creates one consult: one ServiceRequest");
    part.kind = BundlePart::service_request;
    b.service_request = resource;
    b.service_request_path = path;
    if (auto cond = text(*request, "ifNoneExist"); !cond.empty()) {
      b.if_none_exist = parse_form(cond);
      if (!b.if_none_exist) bad_entry("Bundle.entry[" + std::to_string(i) + "].request.ifNoneExist", "is malformed");
    }
  } else if (type == "Task") {
    part.kind = BundlePart::task;
  } else if (type == "Binary") {
    part.kind = BundlePart::binary;
    part.file = b.files.size();
    if (!full_url.empty()) binaries[full_url] = part.file;
    b.files.push_back({text(*resource, "data"), text(*resource, "contentType"), "", path});
  } else if (type == "DocumentReference") {
    part.kind = BundlePart::document;
    read_document(*resource, path, binaries, b, part);
  } else {
    bad_entry(path + ".resourceType", "'" + type + "' is not part of a consult (Patient, ServiceRequest, Task, "
                                      "Binary, DocumentReference)");
  }
  return part;
}

// The Task, when sent, must be the ServiceRequest's: its focus names it.
void check_task(const object& bundle, const ConsultBundle& b, const BundlePart& part) {
  const auto& entry = bundle.at("entry").as_array()[part.entry].as_object();
  auto focus = object_at(entry.at("resource").as_object(), "focus");
  auto sr_url = text(bundle.at("entry").as_array()[b.order.front().entry].as_object(), "fullUrl");
  for (const auto& p : b.order)
    if (p.kind == BundlePart::service_request)
      sr_url = text(bundle.at("entry").as_array()[p.entry].as_object(), "fullUrl");
  if (focus && !sr_url.empty() && text(*focus, "reference") != sr_url)
    bad_entry("Bundle.entry[" + std::to_string(part.entry) + "].resource.focus",
              "must reference the ServiceRequest of this Bundle (" + sr_url + ")");
}

}  // namespace

ConsultBundle read_bundle(const object& bundle) {
  if (text(bundle, "type") != "transaction")
    fail(Errc::bad_request, "not-supported", "Unsupported Bundle", "POST /fhir takes a Bundle of type transaction");
  auto entries = bundle.if_contains("entry");
  if (!entries || !entries->is_array() || entries->as_array().empty())
    fail(Errc::bad_request, "invalid", "Empty transaction", "Bundle.entry is required");
  ConsultBundle b;
  std::map<std::string, size_t> binaries;
  const auto& list = entries->as_array();
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object()) bad_entry("Bundle.entry[" + std::to_string(i) + "]", "must be an object");
    b.order.push_back(read_entry(list[i].as_object(), i, binaries, b));
  }
  if (!b.service_request) bad_entry("Bundle.entry", "a transaction needs the consult's ServiceRequest");
  for (const auto& part : b.order)
    if (part.kind == BundlePart::task) check_task(bundle, b, part);
  return b;
}

StagedFiles::~StagedFiles() {
  std::error_code ec;
  for (const auto& p : paths_) std::filesystem::remove(p, ec);  // kept ones were moved away already
}

std::filesystem::path StagedFiles::write(const std::string& bytes) {
  auto path = dir_ / ("fhir-" + app::random_token(12));
  paths_.push_back(path);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error(Errc::unavailable, "Cannot store the attachment", "writing the temporary file failed");
  return path;
}

app::NewConsultInput new_consult_input(const ConsultBundle& b, StagedFiles& files) {
  auto resolve = [&b](const std::string& ref) -> PatientSource {
    if (auto it = b.patients.find(ref); it != b.patients.end() && !ref.empty())
      return {it->second.first, it->second.second};
    return {};
  };
  auto in = new_consult_input(*b.service_request, b.service_request_path, resolve);
  for (const auto& f : b.files) {
    auto bytes = app::base64_decode(f.data);
    if (!bytes || bytes->empty()) bad_entry(f.path + ".data", "must be the file's content in base64");
    in.attachments.push_back({files.write(*bytes), bytes->size(), f.content_type, f.filename});
  }
  return in;
}

object patient_stub(const domain::Consult& c) {
  const auto& p = c.patient;
  object r{{"resourceType", "Patient"}, {"id", p.id.str()}};
  r["identifier"] = json::array{identifier(kBsnSystem, p.bsn)};
  if (!p.name.empty()) r["name"] = json::array{object{{"text", p.name}}};
  if (p.birth_date) r["birthDate"] = date(*p.birth_date);
  r["gender"] = domain::to_string(p.sex);
  return r;
}

}  // namespace mk::fhir::consult
