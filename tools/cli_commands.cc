#include "tools/commands.h"

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
  commands.push_back(SetupCheckCommand(app, g));
  return commands;
}

}  // namespace kg::cli
