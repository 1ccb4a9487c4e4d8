#include "tools/commands.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <exception>
#include <new>
#include <system_error>

namespace kg::cli {

std::vector<Command> SetupAllCommands(CLI::App& app, const GlobalOptions& g) {
  std::vector<Command> commands;
  commands.push_back(SetupIngestCommand(app, g));
  commands.push_back(SetupRetractCommand(app, g));
  commands.push_back(SetupShowCommand(app, g));
  commands.push_back(SetupSearchCommand(app, g));
  commands.push_back(SetupNeighborsCommand(app, g));
  commands.push_back(SetupPathCommand(app, g));
  commands.push_back(SetupTimelineCommand(app, g));
  commands.push_back(SetupActiveCommand(app, g));
  commands.push_back(SetupExportCommand(app, g));
  commands.push_back(SetupStatsCommand(app, g));
  commands.push_back(SetupLogCommand(app, g));
  commands.push_back(SetupDiffCommand(app, g));
  commands.push_back(SetupCompactCommand(app, g));
  commands.push_back(SetupCheckCommand(app, g));
  commands.push_back(SetupServeCommand(app, g));
  commands.push_back(SetupRepairCommand(app, g));
  return commands;
}

int RunKg(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"kg: a knowledge graph of actors, locations and dated relations"};
  GlobalOptions globals;
  globals.out = &out;
  globals.err = &err;
  app.add_option("--db", globals.db, "Store directory (default: $KG_DB, else ./kg.db)");
  app.require_subcommand(1);
  app.fallthrough();
  std::vector<Command> commands = SetupAllCommands(app, globals);
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e, out, err);
    err << "kg: " << e.what() << " (see kg --help)\n";
    return kExitBadInput;
  }
  try {
    for (const auto& c : commands) {
      if (c.app->parsed()) return FinishOutput(globals, c.run());
    }
  } catch (const std::bad_alloc&) {
    err << "kg: " << globals.DbPath() << ": out of memory\n";
    return kExitEnvironment;
  } catch (const std::system_error& e) {  // no thread to be had, and the like
    err << "kg: " << globals.DbPath() << ": " << e.code().message() << '\n';
    return kExitEnvironment;
  } catch (const std::exception& e) {
    err << "kg: internal error: " << e.what() << '\n';
    return kExitInternal;
  }
  return kExitBadInput;
}

}  // namespace kg::cli
