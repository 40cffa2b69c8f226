#include "cli/commands.hpp"

int main(int argc, char** argv) { return mk::cli::run(argc, argv); }
