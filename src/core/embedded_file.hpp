#pragma once
#include <string>

namespace mk {

// A file compiled into the binary (schema migrations, web assets).
struct EmbeddedFile {
  std::string name;
  std::string content;
};

}  // namespace mk
