#pragma once
// The consult header as columns: one list drives INSERT, UPDATE and SELECT so the three
// cannot drift apart.
#include <string>

#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace mk::store::sqlite {

// "reference, modality, ..., version" — every header column except id.
const std::string& consult_header_columns();
size_t consult_header_column_count();
// Binds the values of consult_header_columns() in order.
void bind_consult_header(Query& q, const Consult& c, const PatientId& patient);
// Reads "c.id, <header columns>, p.id, p.bsn, p.name, p.birth_date, p.sex, p.postcode"
// (the SELECT list of consult_header_select()) into a Consult without children.
Consult read_consult_header(const Query& q);
// "SELECT <that list> FROM consults c JOIN patients p ON p.id = c.patient_id "
const std::string& consult_header_select();

}  // namespace mk::store::sqlite
