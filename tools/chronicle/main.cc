// chronicle: news reports in, evidenced CAMEO events out. See README.md and `chronicle --help`.
#include <iostream>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace chronicle::cli;
  CLI::App app{
      "Chronicle reads news reports and writes coded political events (CAMEO), each traced to "
      "its sentence."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "chronicle 0.1.0");
  std::vector<std::pair<CLI::App*, std::function<int()>>> commands;
  auto remember = [&](std::function<int()> run) {
    commands.emplace_back(app.get_subcommands({}).back(), std::move(run));
  };
  remember(add_extract(app));
  remember(add_ingest(app));
  remember(add_events(app));
  remember(add_export(app));
  remember(add_annotate(app));
  remember(add_train(app));
  remember(add_eval(app));
  remember(add_serve(app));
  remember(add_duplicates(app));
  remember(add_timeline(app));
  remember(add_network(app));
  remember(add_stats(app));
  remember(add_actors(app));
  remember(add_actor(app));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return kExitUsage;
  }
  for (auto& [command, run] : commands) {
    if (command->parsed()) return run();
  }
  return kExitUsage;
}
