#include "engine/cli/conventions.hpp"

#include "engine/store/record_store.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace kamiflow::cli {
namespace {

std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::vector<std::string> subcommand_names(CLI::App& app) {
  std::vector<std::string> names;
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

// Every spelling of app's non-positional options: "--template", "-t".
std::vector<std::string> option_names(CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* o : app.get_options([](const CLI::Option* o) { return !o->get_positional(); })) {
    for (const auto& l : o->get_lnames()) names.push_back("--" + l);
    for (const auto& s : o->get_snames()) names.push_back("-" + s);
  }
  return names;
}

// Does the option spelled `name` take a value (so the next argument is not an option or command)?
bool takes_value(CLI::App& app, const std::string& name) {
  for (const CLI::Option* o : app.get_options([](const CLI::Option* o) { return !o->get_positional(); }))
    if (o->check_name(name)) return o->get_expected_max() > 0 && o->get_type_size_max() > 0;  // flags expect 0
  return false;
}

bool known(const std::vector<std::string>& names, const std::string& n) {
  return std::find(names.begin(), names.end(), n) != names.end();
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string n = nearest(word, candidates);
  return n.empty() ? "" : " (did you mean '" + n + "'?)";
}

}  // namespace

void one_value_per_option(CLI::App& app) {
  for (CLI::Option* o : app.get_options([](const CLI::Option* o) { return !o->get_positional(); }))
    if (o->get_expected_max() > 1) o->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) one_value_per_option(*sub);
}

std::string nearest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = 3;
  std::vector<std::string> prefixed;
  for (const auto& c : candidates) {
    if (c.size() > word.size() && c.compare(0, word.size(), word) == 0) prefixed.push_back(c);
    const std::size_t d = distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  if (best.empty() && prefixed.size() == 1) return prefixed.front();
  return best;
}

std::optional<std::string> unknown_argument(CLI::App& app, int argc, char** argv) {
  CLI::App* current = &app;
  std::string path = "kamiflow";
  bool options_done = false;
  std::vector<std::string> global = option_names(app);
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") {
      options_done = true;  // the rest are positional values
      continue;
    }
    if (!options_done && arg.size() > 1 && arg[0] == '-') {
      std::string name = arg.substr(0, arg.find('='));
      if (name.size() > 2 && name[1] != '-') name = name.substr(0, 2);  // -vv, -j2
      if (name.size() == 2 && std::isdigit(static_cast<unsigned char>(name[1]))) continue;  // a negative number
      const std::vector<std::string> local = option_names(*current);
      if (known(local, name) || known(global, name)) {
        CLI::App& owner = known(local, name) ? *current : app;
        if (arg.find('=') == std::string::npos && name == arg && takes_value(owner, name)) ++i;  // skip its value
        continue;
      }
      std::vector<std::string> all = local;
      all.insert(all.end(), global.begin(), global.end());
      return "unknown option '" + name + "' for '" + path + "'" + did_you_mean(name, all) + "; see '" + path +
             " --help'";
    }
    // A positional word: a subcommand while the current command has subcommands.
    const std::vector<std::string> subs = subcommand_names(*current);
    if (subs.empty() || options_done) continue;
    if (!known(subs, arg)) {
      if (current != &app && current->get_options([](const CLI::Option* o) { return o->get_positional(); }).size() > 0)
        continue;  // a command with both (none today): let CLI11 decide
      return "unknown command '" + arg + "' for '" + path + "'" + did_you_mean(arg, subs) + "; see '" + path +
             " --help'";
    }
    current = current->get_subcommand(arg);
    path += " " + arg;
  }
  return std::nullopt;
}

std::optional<std::string> help_request(CLI::App& app, int argc, char** argv, std::string& error) {
  // The words of the command line, global options (and their values) left out.
  std::vector<std::string> words;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.size() > 1 && arg[0] == '-') {
      if (arg.find('=') == std::string::npos && takes_value(app, arg)) ++i;
      continue;
    }
    words.push_back(arg);
  }
  if (words.empty() || words.front() != "help") return std::nullopt;
  CLI::App* current = &app;
  std::string path = "kamiflow";
  for (std::size_t i = 1; i < words.size(); ++i) {
    const std::string& name = words[i];
    std::vector<std::string> subs = subcommand_names(*current);
    if (!known(subs, name)) {
      error = "unknown command '" + name + "' for '" + path + "'" + did_you_mean(name, subs) + "; see 'kamiflow help'";
      return std::string();
    }
    current = current->get_subcommand(name);
    path += " " + name;
  }
  return current->help();
}

CLI::Validator existing_database() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        if (engine::is_database_url(s)) return "";
        return CLI::ExistingFile(s);
      },
      "FILE|URL");
}

Status make_parent_dirs(const std::string& path) {
  if (engine::is_database_url(path)) return Status::Ok();  // a server database, not a file
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return Status::Ok();
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) return Status::IOError("cannot create folder " + parent.string() + ": " + ec.message());
  return Status::Ok();
}

Result<std::vector<std::string>> spool_stdin_inputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  static std::string spooled;  // one stdin per process; removed at exit
  for (const auto& in : inputs) {
    if (in != "-") {
      out.push_back(in);
      continue;
    }
    if (spooled.empty()) {
      std::string dir_template = (std::filesystem::temp_directory_path() / "kamiflow-stdin-XXXXXX").string();
      if (::mkdtemp(dir_template.data()) == nullptr) return Status::IOError("cannot create a folder for standard input");
      spooled = dir_template + "/stdin";
      std::ofstream f(spooled, std::ios::binary);
      std::copy(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>(),
                std::ostreambuf_iterator<char>(f));
      f.close();
      if (!f) return Status::IOError("cannot store standard input in " + spooled);
      std::atexit([] {
        std::error_code ec;
        std::filesystem::remove_all(std::filesystem::path(spooled).parent_path(), ec);
      });
    }
    out.push_back(spooled);
  }
  return out;
}

}  // namespace kamiflow::cli
