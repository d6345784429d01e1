// `kamiflow review serve|history`: the browser review screen (engine/review/, docs/review.md) and
// a record's audit trail. `review accept` also checks its corrections through ReviewService.
#include <iomanip>
#include <iostream>

#include "engine/batch/runner.hpp"
#include "engine/cli/conventions.hpp"
#include "engine/cli/review_subcommands.hpp"
#include "engine/review/server.hpp"
#include "engine/review/service.hpp"
#include "samples/generator/samples.hpp"

namespace kamiflow::cli {
namespace {

ExitCode fail(const char* what, const Status& st) {
  std::cerr << "kamiflow review " << what << ": " << st.ToString() << "\n";
  return st.code() == StatusCode::kNotFound || st.code() == StatusCode::kInvalidInput ? ExitCode::kUsage
                                                                                      : ExitCode::kFailure;
}

}  // namespace

Result<std::vector<review::TemplatePtr>> review_templates(const std::string& dir, const Logger& logger) {
  // The shipped sample forms by default, as `kamiflow report` uses them.
  const std::string d = dir.empty() ? samples::default_forms_dir().string() : dir;
  std::vector<std::string> skipped;
  KF_ASSIGN_OR_RETURN(auto templates, review::load_template_dir(d, &skipped));
  for (const auto& s : skipped) logger->debug("review: not a template: {}", s);
  if (templates.empty()) return Status::NotFound("no template found in " + d + " (give the folder with --templates)");
  return templates;
}

SubCommand add_review_serve(CLI::App& review) {
  struct Args {
    std::string db, templates, bind = "127.0.0.1", token;
    int port = 0;
  };
  auto a = std::make_shared<Args>();
  CLI::App* app = review.add_subcommand("serve", "Review in the browser: queue, one record at a time, keyboard first");
  app->add_option("--db", a->db, "Record database (a SQLite file or postgresql://...)")->required()->check(existing_database());
  app->add_option("--bind", a->bind, "Address to listen on (default 127.0.0.1; a LAN address still needs the token)");
  app->add_option("--port", a->port, "Port (default: a free one)")->check(CLI::Range(0, 65535));
  app->add_option("--templates", a->templates,
                  "Folder of form templates (<id>/template.lua or *.lua) to check corrections with "
                  "(default: the sample forms)");
  app->add_option("--token", a->token, "Access token (default: random; at least 16 characters)");
  return {app, [a](CliContext& ctx) {
            auto templates = review_templates(a->templates, ctx.logger);
            if (!templates.ok()) return fail("serve", templates.status());
            auto service = review::ReviewService::open(a->db, std::move(*templates));
            if (!service.ok()) return fail("serve", service.status());
            review::ServeOptions opts{a->bind, a->port, a->token};
            auto server = review::ReviewServer::start(**service, opts, ctx.logger);
            if (!server.ok()) return fail("serve", server.status());
            std::cout << "確認画面: " << (*server)->url() << "\n"
                      << "(listening on " << a->bind << ":" << (*server)->port() << "; Ctrl-C to stop)" << std::endl;
            engine::SignalCancellation signals;
            Status st = (*server)->run(&signals.flag());
            if (!st.ok()) return fail("serve", st);
            return ExitCode::kOk;
          }};
}

SubCommand add_review_history(CLI::App& review) {
  struct Args {
    std::string db;
    long long id = 0;
  };
  auto a = std::make_shared<Args>();
  CLI::App* app = review.add_subcommand("history", "Print a record's audit trail: who changed what, when");
  app->add_option("--db", a->db, "Record database (a SQLite file or postgresql://...)")->required()->check(existing_database());
  app->add_option("record", a->id, "Record id")->required();
  return {app, [a](CliContext&) {
            auto service = review::ReviewService::open(a->db, {});
            if (!service.ok()) return fail("history", service.status());
            auto rows = (*service)->history(a->id);
            if (!rows.ok()) return fail("history", rows.status());
            for (const auto& e : *rows) {
              std::cout << e.at << "  " << e.reviewer << "  " << e.action;
              if (!e.field.empty()) std::cout << "  " << e.field << ": \"" << e.old_value << "\" → \"" << e.new_value << "\"";
              else if (!e.new_value.empty() || !e.old_value.empty()) std::cout << "  " << e.new_value;
              std::cout << "\n";
            }
            std::cout << rows->size() << " audit row(s) for record " << a->id << "\n";
            return ExitCode::kOk;
          }};
}

}  // namespace kamiflow::cli
