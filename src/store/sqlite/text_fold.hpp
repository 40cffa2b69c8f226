#pragma once
// Case folding for the consult text search. SQLite's lower() folds ASCII only; Dutch names
// carry accents ("Özdemir", "Émile"), so both the stored text (through the SQL function
// mk_fold) and the search term are folded by this one function.
#include <string>
#include <string_view>

struct sqlite3;

namespace mk::store::sqlite {

// Lower-cases ASCII and the Latin-1 capitals À..Þ (UTF-8 C3 80..C3 9E, except ×).
std::string fold_case(std::string_view text);

// Registers mk_fold(text) on a connection; returns the SQLite result code.
int register_fold_function(sqlite3* db);

}  // namespace mk::store::sqlite
