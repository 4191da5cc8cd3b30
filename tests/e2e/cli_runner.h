// Runs the real chronicle binary for end-to-end tests.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace chronicle::testing {

struct CliResult {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string shell_quote(const std::string& value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

// Runs `chronicle ARGS...` with optional standard input; captures stdout, stderr and the status.
inline CliResult run_cli(const std::vector<std::string>& args, const std::string& stdin_text = {}) {
  namespace fs = std::filesystem;
  fs::path scratch = fs::temp_directory_path() / ("chronicle-e2e-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  fs::path err_file = scratch / "stderr.txt";
  fs::path in_file = scratch / "stdin.txt";
  {
    std::ofstream in(in_file, std::ios::binary);
    in << stdin_text;
  }
  std::string command = shell_quote(CHRONICLE_CLI);
  // Appended piece by piece: gcc 12 warns (-Wrestrict) on `" " + shell_quote(arg)` here.
  for (const std::string& arg : args) {
    command += ' ';
    command += shell_quote(arg);
  }
  command += " < ";
  command += shell_quote(in_file.string());
  command += " 2> ";
  command += shell_quote(err_file.string());
  CliResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 65536> buffer;
  size_t read = 0;
  while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.out.append(buffer.data(), read);
  }
  int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_file, std::ios::binary);
  std::stringstream err_text;
  err_text << err.rdbuf();
  result.err = err_text.str();
  return result;
}

inline std::vector<nlohmann::json> parse_lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream stream(text);
  std::string line;
  while (std::getline(stream, line)) {
    if (line.empty()) continue;
    lines.push_back(nlohmann::json::parse(line, nullptr, false));
  }
  return lines;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fresh temporary directory for one test.
inline std::filesystem::path temp_dir(const std::string& name) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() /
                 ("chronicle-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Does an event match what a reader expects? Empty expectations match anything.
struct Expected {
  std::string root;            // "04"
  std::string source_country;  // "RUS"
  std::string target_country;  // "SYR", or "-" for no target
  std::string date_prefix;     // "2025-10-15" or "2025-12"
  std::string place_country;   // "SYR"
  int hedged = -1;             // 0/1 or -1 for either
  int negated = 0;             // expected events are not negated unless said
};

inline std::string country_of(const nlohmann::json& side) {
  if (side.is_null()) return "-";
  return side.value("country", std::string());
}

inline bool matches(const nlohmann::json& event, const Expected& want) {
  if (!want.root.empty() && event.value("root", "") != want.root) return false;
  if (!want.source_country.empty() && country_of(event["source"]) != want.source_country) return false;
  if (!want.target_country.empty() && country_of(event["target"]) != want.target_country) return false;
  if (!want.date_prefix.empty()) {
    if (!event["date"].is_string()) return false;
    if (event["date"].get<std::string>().rfind(want.date_prefix, 0) != 0) return false;
  }
  if (!want.place_country.empty()) {
    if (event["place"].is_null() || event["place"].value("country", "") != want.place_country) {
      return false;
    }
  }
  if (want.hedged >= 0 && event.value("hedged", false) != (want.hedged == 1)) return false;
  if (want.negated >= 0 && event.value("negated", false) != (want.negated == 1)) return false;
  return true;
}

inline std::string describe(const std::vector<nlohmann::json>& events) {
  std::string text;
  for (const auto& event : events) {
    text += event.value("code", "") + " " + country_of(event["source"]) + "->" +
            country_of(event["target"]) + " " +
            (event["date"].is_string() ? event["date"].get<std::string>() : "-") + " | " +
            event.value("sentence_text", "").substr(0, 90) + "\n";
  }
  return text;
}

}  // namespace chronicle::testing
