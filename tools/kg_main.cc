// kg: the command line. Each subcommand lives in its own cmd_*.cc file;
// RunKg (cli_commands.cc) parses the arguments and runs one.
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include <cstring>
#include <exception>
#include <new>
#include <ostream>
#include <string_view>
#include <system_error>

#include "tools/commands.h"

namespace {

// The last words below, made before anything can fail: the handler runs out
// of memory as often as not, and must not allocate.
std::string out_of_memory_msg = "kg: kg.db: out of memory\n";
std::string store_prefix = "kg: kg.db: ";

void Say(std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
    if (n <= 0) return;
    text.remove_prefix(static_cast<size_t>(n));
  }
}

// An exception that escapes a thread kg does not own (RocksDB's flushes and
// compactions), or a noexcept function: std::bad_alloc under a memory limit,
// or a thread that could not be started, is the environment's failure, exit
// 3 with its reason, like a crash otherwise.
[[noreturn]] void OnTerminate() {
  if (std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::bad_alloc&) {
      Say(out_of_memory_msg);
      ::_exit(kg::cli::kExitEnvironment);
    } catch (const std::system_error& err) {
      Say(store_prefix);
      Say(std::strerror(err.code().value()));  // a static text for the codes a thread start gives
      Say("\n");
      ::_exit(kg::cli::kExitEnvironment);
    } catch (...) {
    }
  }
  Say("kg: internal error: terminated\n");
  ::_exit(kg::cli::kExitEnvironment);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  kg::cli::GlobalOptions g;
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--db") g.db = args[i + 1];
  }
  store_prefix = "kg: " + g.DbPath() + ": ";
  out_of_memory_msg = store_prefix + "out of memory\n";
  std::set_terminate(OnTerminate);
  kg::cli::FdStreamBuf stdout_buf(STDOUT_FILENO);  // remembers why a write failed
  std::ostream out(&stdout_buf);
  return kg::cli::RunKg(args, out, std::cerr);
}
