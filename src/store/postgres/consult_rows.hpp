#pragma once
// The consult header as columns: one list drives INSERT, UPDATE and SELECT so the three
// cannot drift apart.
#include <string>

#include "store/postgres/connection.hpp"
#include "store/store.hpp"

namespace mk::store::pg {

// "INSERT INTO consults (id, <header columns>) VALUES ($1, ..., $37)"
const std::string& consult_insert_sql();
// "UPDATE consults SET <col> = $1, ... WHERE id = $37 AND version = $38"
const std::string& consult_update_sql();
// Adds the values of the header columns (everything except id) in order.
void add_consult_header(Params& p, const Consult& c, const PatientId& patient);
// "SELECT c.id, <header columns>, p.id, p.bsn, p.name, p.birth_date, p.sex, p.postcode
//  FROM consults c JOIN patients p ON p.id = c.patient_id "
const std::string& consult_header_select();
// "id, <header columns>": the columns of consult_insert_sql() (the bulk path's COPY).
const std::string& consult_columns();

// The other rows a consult brings, as column lists and values in that order: one list drives
// PgTx's INSERTs and the bulk path's COPY (bulk_loader.cpp).
inline constexpr const char* kPatientCols = "id, bsn, name, birth_date, sex, postcode";
inline constexpr const char* kMessageCols = "id, consult_id, at, author_id, author_name, kind, text";
inline constexpr const char* kEventCols =
    "id, consult_id, at, type, actor_id, actor_name, from_status, to_status, subject, detail";
inline constexpr const char* kAttachmentCols = "id, consult_id, sha256, filename, content_type, size, at, uploaded_by";
Params patient_params(const Patient& p);
Params message_params(const ConsultId& consult, const domain::Message& m);
Params event_params(const ConsultId& consult, const domain::ConsultEvent& e);
Params attachment_params(const ConsultId& consult, const Attachment& a);
Params declaration_params(const domain::DeclarationLine& l);  // billing_rows::kDeclarationCols, then month
// "INSERT INTO <table> (<columns>) VALUES ($1, …, $n)"
std::string insert_sql(std::string_view table, std::string_view columns, size_t n);

// Reads a row of consult_header_select() into a Consult without children.
Consult read_consult_header(const Row& r);

}  // namespace mk::store::pg
