// The subcommands of kg, one Setup function per cmd_*.cc file. Each adds its
// subcommand and flags to the app and returns how to run it once parsed.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "tools/cli_common.h"

namespace kg::cli {

struct Command {
  CLI::App* app;
  std::function<int()> run;  // returns the exit code
};

Command SetupIngestCommand(CLI::App& app, const GlobalOptions& g);
Command SetupRetractCommand(CLI::App& app, const GlobalOptions& g);
Command SetupShowCommand(CLI::App& app, const GlobalOptions& g);
Command SetupSearchCommand(CLI::App& app, const GlobalOptions& g);
Command SetupStatsCommand(CLI::App& app, const GlobalOptions& g);
Command SetupCheckCommand(CLI::App& app, const GlobalOptions& g);
Command SetupRepairCommand(CLI::App& app, const GlobalOptions& g);
Command SetupNeighborsCommand(CLI::App& app, const GlobalOptions& g);
Command SetupPathCommand(CLI::App& app, const GlobalOptions& g);
Command SetupTimelineCommand(CLI::App& app, const GlobalOptions& g);
Command SetupActiveCommand(CLI::App& app, const GlobalOptions& g);
Command SetupExportCommand(CLI::App& app, const GlobalOptions& g);
Command SetupServeCommand(CLI::App& app, const GlobalOptions& g);
Command SetupLogCommand(CLI::App& app, const GlobalOptions& g);      // cmd_history.cc
Command SetupDiffCommand(CLI::App& app, const GlobalOptions& g);     // cmd_history.cc
Command SetupCompactCommand(CLI::App& app, const GlobalOptions& g);  // cmd_history.cc

std::vector<Command> SetupAllCommands(CLI::App& app, const GlobalOptions& g);

// Runs one kg command line (args without the program name), writing its
// answer to out and its error lines to err; returns the exit code.
int RunKg(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace kg::cli
