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
// Reads a row of consult_header_select() into a Consult without children.
Consult read_consult_header(const Row& r);

}  // namespace mk::store::pg
