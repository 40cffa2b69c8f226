// Attachments: sniffed, hashed, durably stored by content address, then recorded with the
// consult — the bytes are on disk before the row commits.
#include "app/access.hpp"
#include "app/consults.hpp"
#include "app/crypto.hpp"
#include "app/events.hpp"
#include "app/sniff.hpp"
#include "domain/workflow.hpp"

namespace mk::app {
namespace {

void check_filename(const std::string& name, Validation& v) {
  if (name.empty() || name.size() > 200) {
    v.add("filename", "must be 1 to 200 characters");
    return;
  }
  if (name == "." || name == ".." || name.find('/') != std::string::npos || name.find('\\') != std::string::npos)
    v.add("filename", "must be a plain file name without a path");
  for (unsigned char ch : name)
    if (ch < 0x20 || ch == 0x7f) {
      v.add("filename", "must not contain control characters");
      break;
    }
}

std::string default_name(const std::string& mime) {
  if (mime == "image/jpeg") return "foto.jpg";
  if (mime == "image/png") return "afbeelding.png";
  if (mime == "image/heic") return "foto.heic";
  return "document.pdf";
}

}  // namespace

domain::Attachment Consults::prepare_attachment(const RequestContext& ctx, const UploadInput& in) {
  Validation v;
  if (!in.filename.empty()) check_filename(in.filename, v);
  if (in.size == 0) v.add("file", "is empty");
  v.throw_if_any();
  auto mime = sniff_mime_type(in.temp_file);
  if (!allowed_attachment_type(mime))
    throw Error(Errc::unsupported_media_type, "File type not allowed",
                "only JPEG, PNG, HEIC and PDF files can be attached; this file is " + mime);
  if (!declared_type_matches(in.declared_content_type, mime))
    throw Error(Errc::unsupported_media_type, "Content type does not match the file",
                "declared as " + in.declared_content_type + " but the content is " + mime);
  domain::Attachment a;
  a.id = ids_.make<AttachmentId>();
  a.sha256 = sha256_file_hex(in.temp_file);
  a.filename = in.filename.empty() ? default_name(mime) : in.filename;
  a.content_type = mime;
  a.size = static_cast<int64_t>(in.size);
  a.uploaded_by = ctx.actor.id;
  store_.blobs().put(in.temp_file, a.sha256);
  return a;
}

void Consults::record_attachment(const RequestContext& ctx, domain::Consult& c,
                                 domain::Attachment& a) {
  a.consult_id = c.id;
  a.at = clock_.now();
  domain::Workflow wf(ids_, a.at, {ctx.actor.id, ctx.actor.name});
  wf.attachment_added(c, a);
}

void Consults::audit_attachment(store::WriteTx& tx, const RequestContext& ctx, const domain::Consult& c,
                                const domain::Attachment& a) {
  auto subject = consult_subject(tx, c);
  subject.object_type = "attachment";
  subject.object_id = a.id.str();
  audit_.record(tx, acting_for(ctx, c), {"attachment.create", "C"}, subject);
}

domain::Attachment Consults::add_attachment(const RequestContext& ctx, const ConsultId& id, const UploadInput& in) {
  // Refuse early, before any bytes are kept, when the caller may not attach.
  guarded(ctx, id, "attachment.create", [&] {
    store_.write([&](store::WriteTx& tx) {
      auto c = read_visible(tx, ctx, id);
      access::require(tx, ctx.actor, c, access::ConsultAction::attach);
    });
  });
  auto a = prepare_attachment(ctx, in);
  return guarded(ctx, id, "attachment.create", [&] { return store_.write([&](store::WriteTx& tx) {
    auto c = load_visible(tx, ctx, id);
    access::require(tx, ctx.actor, c, access::ConsultAction::attach);
    auto before = store::mark(c);
    record_attachment(ctx, c, a);
    tx.update_consult(c, before);
    events::changed(tx, c);
    audit_attachment(tx, ctx, c, a);
    return a;
  }); });
}

AttachmentDownload Consults::attachment(const RequestContext& ctx, const ConsultId& id, const AttachmentId& aid) {
  return guarded(ctx, id, "attachment.read", [&] { return store_.write([&](store::WriteTx& tx) {
    auto c = read_visible(tx, ctx, id);
    auto a = tx.attachment(id, aid);
    if (!a) throw Error(Errc::not_found, "Attachment not found", "no attachment '" + aid.str() + "' on this consult");
    auto subject = consult_subject(tx, c);
    subject.object_type = "attachment";
    subject.object_id = a->id.str();
    audit_.record(tx, acting_for(ctx, c), {"attachment.read", "R"}, subject);
    return AttachmentDownload{*a, store_.blobs().path(a->sha256)};
  }); });
}

}  // namespace mk::app
