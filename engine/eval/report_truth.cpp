// Ground truth of a samples batch, keyed by (file name, page), compared with eval's rules.
#include "engine/eval/report_truth.hpp"

#include <fstream>
#include <map>
#include <utility>

#include <nlohmann/json.hpp>

#include "engine/eval/eval.hpp"

namespace kamiflow::eval {
namespace {

namespace fs = std::filesystem;

Result<nlohmann::json> read_json(const fs::path& p) {
  std::ifstream in(p);
  if (!in) return Status::NotFound("cannot read " + p.string());
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(p.string() + ": " + e.what());
  }
}

class SamplesTruth final : public ReportTruth {
 public:
  explicit SamplesTruth(std::map<std::pair<std::string, int>, nlohmann::json> pages) : pages_(std::move(pages)) {}

  std::optional<std::map<std::string, std::string>> observe(const std::string& source_file, int page,
                                                             const Result<ocr::Record>& outcome,
                                                             const std::vector<std::string>& known_forms) override {
    auto it = pages_.find({fs::path(source_file).filename().string(), page});
    if (it == pages_.end()) return std::nullopt;
    accuracy_.add(compare_page(it->second, outcome, known_forms));
    std::map<std::string, std::string> expected;
    const nlohmann::json fields = it->second.value("fields", nlohmann::json::object());  // kept alive
    for (const auto& [name, f] : fields.items()) {
      if (f.is_object()) expected[name] = f.value("value", "");
    }
    return expected;
  }

  TruthRates rates() const override {
    EvalReport r = accuracy_.report(0);
    return {r.total.field_exact_rate(), r.total.silent_error_rate(), r.total.review_rate()};
  }

 private:
  std::map<std::pair<std::string, int>, nlohmann::json> pages_;
  EvalAccumulator accuracy_;
};

}  // namespace

Result<std::shared_ptr<ReportTruth>> load_report_truth(const fs::path& dir) {
  KF_ASSIGN_OR_RETURN(nlohmann::json manifest, read_json(dir / "manifest.json"));
  std::map<std::pair<std::string, int>, nlohmann::json> pages;
  for (const auto& p : manifest.value("pages", nlohmann::json::array())) {
    KF_ASSIGN_OR_RETURN(nlohmann::json truth, read_json(dir / p.value("truth", "")));
    pages[{fs::path(p.value("file", "")).filename().string(), p.value("page", 1)}] = std::move(truth);
  }
  return std::shared_ptr<ReportTruth>(std::make_shared<SamplesTruth>(std::move(pages)));
}

}  // namespace kamiflow::eval
