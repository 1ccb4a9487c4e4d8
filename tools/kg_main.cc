// kg: the command line. Each subcommand lives in its own cmd_*.cc file;
// RunKg (cli_commands.cc) parses the arguments and runs one.
#include <iostream>
#include <string>
#include <vector>

#include "tools/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return kg::cli::RunKg(args, std::cout, std::cerr);
}
