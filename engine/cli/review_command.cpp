// `kamiflow review`: the reviewer's side of the record store — list records that need a human,
// export them (with crop paths) for a spreadsheet, and mark them reviewed with corrections.
// Field values are printed here on purpose: this is the review UI, not a log (DESIGN.md §5.6
// governs logs; the reviewer is the person entitled to see the data).
#include <filesystem>
#include <iostream>
#include <cstdlib>
#include <map>

#include <nlohmann/json.hpp>

#include "engine/base/messages.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/review_subcommands.hpp"
#include "engine/os/atomic_file.hpp"
#include "engine/store/csv_writer.hpp"
#include "engine/store/record_store.hpp"

namespace kamiflow::cli {
namespace {

struct ReviewArgs {
  std::string db;
  std::string out;
  bool all_fields = false;
  bool json = false;
  long long id = 0;
  std::vector<std::string> corrections;  // field=value
  std::string templates;                 // folder of templates to check corrections with
  std::string reviewer;                  // for the audit trail
};

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

// Review never creates a database: a mistyped --db is an error, not a new empty file.
Result<std::unique_ptr<engine::RecordStore>> open_existing(const std::string& db) {
  engine::RecordStoreOptions options;
  options.create_if_missing = false;
  return engine::RecordStore::open(db, options);
}

Result<std::vector<engine::StoredRecord>> needing_review(const std::string& db) {
  KF_ASSIGN_OR_RETURN(auto store, open_existing(db));
  return store->records(engine::RecordState::kNeedsReview);
}

ExitCode report(const Status& st) {
  std::cerr << "error: " << st.ToString() << "\n";
  return st.code() == StatusCode::kNotFound || st.code() == StatusCode::kInvalidInput ? ExitCode::kUsage
                                                                                      : ExitCode::kFailure;
}

ExitCode list(const ReviewArgs& a) {
  auto recs = needing_review(a.db);
  if (!recs.ok()) return report(recs.status());
  if (a.json) {  // one object: {"records": [{id, source_file, page, form_id, fields: [...]}], "count": n}
    nlohmann::json out = {{"count", 0}, {"records", nlohmann::json::array()}};
    for (const auto& r : *recs) {
      if (r.verdict != engine::RecordVerdict::kNone) continue;  // rescan/rejected: out of the queue
      nlohmann::json fields = nlohmann::json::array();
      for (const auto& f : r.fields) {
        if (!a.all_fields && f.flags.empty()) continue;
        fields.push_back({{"name", f.name}, {"raw", f.raw}, {"value", f.value}, {"confidence", f.confidence},
                          {"flags", f.flags}, {"crop_path", f.crop_path}});
      }
      out["records"].push_back({{"id", r.id}, {"source_file", r.source_file}, {"page", r.page},
                                {"form_id", r.form_id}, {"fields", fields}});
      out["count"] = out["records"].size();
    }
    std::cout << out.dump() << "\n";
    return ExitCode::kOk;
  }
  for (const auto& r : *recs) {
    if (r.verdict != engine::RecordVerdict::kNone) continue;  // rescan/rejected: out of the queue
    std::cout << "#" << r.id << "  " << r.source_file << "  page " << r.page << "  form " << r.form_id << "\n";
    for (const auto& f : r.fields) {
      if (!a.all_fields && f.flags.empty()) continue;
      std::cout << "    " << f.name << ": raw=\"" << f.raw << "\" value=\"" << f.value << "\" confidence="
                << f.confidence << " flags=" << (f.flags.empty() ? "-" : join(f.flags));
      if (!f.crop_path.empty()) std::cout << " crop=" << f.crop_path;
      std::cout << "\n";
    }
  }
  long long queued = 0;
  for (const auto& r : *recs) queued += r.verdict == engine::RecordVerdict::kNone;
  const std::string db = engine::redact_database_url(a.db);  // never a password on the screen
  std::cout << ui(std::to_string(queued) + " 件の記録が確認待ちです" +
                     (queued == 0 ? "" : ": 画像と見比べ、kamiflow review serve --db " + db + " で確認してください"),
                 std::to_string(queued) + " record(s) need review" +
                     (queued == 0 ? "" : ": compare with the images in kamiflow review serve --db " + db))
            << "\n";
  return ExitCode::kOk;
}

ExitCode export_csv(const ReviewArgs& a) {
  auto recs = needing_review(a.db);
  if (!recs.ok()) return report(recs.status());
  std::vector<std::vector<std::string>> rows = {
      {"record_id", "source_file", "page", "form_id", "field", "raw", "value", "confidence", "flags", "crop_path"}};
  for (const auto& r : *recs)
    for (const auto& f : r.fields)
      if (!f.flags.empty())
        rows.push_back({std::to_string(r.id), r.source_file, std::to_string(r.page), r.form_id, f.name, f.raw, f.value,
                        std::to_string(f.confidence), join(f.flags), f.crop_path});
  std::filesystem::path out(a.out);
  std::error_code ec;
  if (out.extension() != ".csv") {
    std::filesystem::create_directories(out, ec);
    out /= "needs_review.csv";
  } else if (out.has_parent_path()) {
    std::filesystem::create_directories(out.parent_path(), ec);
  }
  auto text = csv_encode(rows);
  if (!text.ok()) return report(text.status());
  Status st = write_file_atomically(out, *text);
  if (!st.ok()) return report(st);
  std::cout << "wrote " << rows.size() - 1 << " flagged field(s) of " << recs->size() << " record(s) to "
            << out.string() << "\n";
  return ExitCode::kOk;
}

ExitCode accept(const ReviewArgs& a, CliContext& ctx) {
  std::map<std::string, std::string> corrections;
  for (const auto& c : a.corrections) {
    auto eq = c.find('=');
    if (eq == std::string::npos || eq == 0) return report(Status::InvalidInput("expected field=value, got '" + c + "'"));
    corrections[c.substr(0, eq)] = c.substr(eq + 1);
  }
  // Corrections go through the template's normalisers and validators, as in the browser.
  auto templates = review_templates(a.templates, ctx.logger);
  if (!templates.ok()) return report(templates.status());
  auto service = review::ReviewService::open(a.db, std::move(*templates));
  if (!service.ok()) return report(service.status());
  const char* user = std::getenv("USER");
  const std::string who = !a.reviewer.empty() ? a.reviewer : std::string("cli:") + (user ? user : "unknown");
  Status st = (*service)->accept(a.id, corrections, who);
  if (!st.ok()) return report(st);
  std::cout << ui("記録 " + std::to_string(a.id) + " を確認済みにしました（修正 " + std::to_string(corrections.size()) +
                     " 件）: kamiflow export で出力されます",
                 "record " + std::to_string(a.id) + " reviewed (" + std::to_string(corrections.size()) +
                     " correction(s)); kamiflow export writes it out")
            << "\n";
  return ExitCode::kOk;
}

}  // namespace

Command add_review_command(CLI::App& parent) {
  auto args = std::make_shared<ReviewArgs>();
  CLI::App* app = parent.add_subcommand("review", "Records that need a human: list, export, accept, serve, history");
  app->require_subcommand(1);
  CLI::App* ls = app->add_subcommand("list", "Show records needing review with their flagged fields");
  ls->add_option("--db", args->db, "Record database (a SQLite file or postgresql://...)")->required();
  ls->add_flag("--all-fields", args->all_fields, "Show every field, not only flagged ones");
  ls->add_flag("--json", args->json, "Print one JSON object: {count, records: [{id, source_file, page, form_id, fields}]}");
  CLI::App* ex = app->add_subcommand("export", "Write flagged fields (with crop paths) to CSV");
  ex->add_option("--db", args->db, "Record database (a SQLite file or postgresql://...)")->required();
  ex->add_option("--out", args->out, "file.csv, or a directory (gets needs_review.csv)")->required();
  CLI::App* ok = app->add_subcommand("accept", "Mark a record reviewed, optionally correcting fields");
  ok->add_option("--db", args->db, "Record database (a SQLite file or postgresql://...)")->required();
  ok->add_option("id", args->id, "Record id (from review list)")->required();
  ok->add_option("corrections", args->corrections, "field=value corrections (checked like OCR values)");
  ok->add_option("--templates", args->templates, "Folder of form templates (default: the sample forms)");
  ok->add_option("--reviewer", args->reviewer, "Name for the audit trail (default: cli:$USER)");
  SubCommand serve = add_review_serve(*app);
  SubCommand history = add_review_history(*app);
  return {app, [args, ls, ex, serve, history](CliContext& ctx) {
            if (ls->parsed()) return list(*args);
            if (ex->parsed()) return export_csv(*args);
            if (serve.app->parsed()) return serve.run(ctx);
            if (history.app->parsed()) return history.run(ctx);
            return accept(*args, ctx);
          }};
}

}  // namespace kamiflow::cli
