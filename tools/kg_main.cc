// kg: the command line. Each subcommand lives in its own cmd_*.cc file;
// RunKg (cli_commands.cc) parses the arguments and runs one.
#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "tools/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  kg::cli::FdStreamBuf stdout_buf(STDOUT_FILENO);  // remembers why a write failed
  std::ostream out(&stdout_buf);
  return kg::cli::RunKg(args, out, std::cerr);
}
