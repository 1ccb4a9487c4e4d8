// kg: the command line. Each subcommand lives in its own cmd_*.cc file;
// RunKg (cli_commands.cc) parses the arguments and runs one.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include <exception>
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
  int code = kg::cli::RunKg(args, std::cout, std::cerr);
  // Output that could not be written (a full disk, a closed pipe) is an
  // environment failure: exit 3, with the reason.
  errno = 0;
  std::cout.flush();
  int err = errno;
  if (std::fflush(stdout) != 0 && err == 0) err = errno;
  if (std::ferror(stdout) || !std::cout) {
    if (err == 0) err = EIO;
    std::cerr << "kg: standard output: " << std::strerror(err) << '\n';
    return kg::cli::kExitEnvironment;
  }
  return code;
}
