// kg: the command line. Each subcommand lives in its own cmd_*.cc file;
// RunKg (cli_commands.cc) parses the arguments and runs one.
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include <exception>
#include <ostream>
#include <new>

#include "tools/commands.h"

namespace {

std::string store_path;  // for the last words below

// An exception that escapes a thread kg does not own (RocksDB's flushes and
// compactions): std::bad_alloc under a memory limit is the environment's
// failure, exit 3 with its reason, like a crash otherwise.
[[noreturn]] void OnTerminate() {
  std::string msg = "kg: internal error: terminated\n";
  if (std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::bad_alloc&) {
      msg = "kg: " + store_path + ": out of memory\n";
    } catch (...) {
    }
  }
  ssize_t written = ::write(STDERR_FILENO, msg.data(), msg.size());
  (void)written;
  ::_exit(kg::cli::kExitEnvironment);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  kg::cli::GlobalOptions g;
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--db") g.db = args[i + 1];
  }
  store_path = g.DbPath();
  std::set_terminate(OnTerminate);
  kg::cli::FdStreamBuf stdout_buf(STDOUT_FILENO);  // remembers why a write failed
  std::ostream out(&stdout_buf);
  return kg::cli::RunKg(args, out, std::cerr);
}
