// kg: the command line. Each subcommand lives in its own cmd_*.cc file.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "tools/cli_common.h"
#include "tools/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"kg: a knowledge graph of actors, locations and dated relations"};
  kg::cli::GlobalOptions globals;
  app.add_option("--db", globals.db, "Store directory (default: $KG_DB, else ./kg.db)");
  app.require_subcommand(1);
  app.fallthrough();
  std::vector<kg::cli::Command> commands = kg::cli::SetupAllCommands(app, globals);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "kg: " << e.what() << " (see kg --help)\n";
    return kg::cli::kExitBadInput;
  }
  try {
    for (const auto& c : commands) {
      if (c.app->parsed()) return c.run();
    }
  } catch (const std::exception& e) {
    std::cerr << "kg: internal error: " << e.what() << '\n';
    return kg::cli::kExitInternal;
  }
  return kg::cli::kExitBadInput;
}
