#pragma once

namespace mk::cli {

// Parses the command line and runs one command; returns the process exit code
// (0 success, 1 failure, 2 usage error).
int run(int argc, char** argv);

}  // namespace mk::cli
