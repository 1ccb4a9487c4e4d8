#include "tools/commands.h"

namespace kg::cli {

std::vector<Command> SetupAllCommands(CLI::App& app, const GlobalOptions& g) {
  return {SetupIngestCommand(app, g), SetupRetractCommand(app, g), SetupShowCommand(app, g),
          SetupSearchCommand(app, g), SetupStatsCommand(app, g),   SetupCheckCommand(app, g)};
}

}  // namespace kg::cli
