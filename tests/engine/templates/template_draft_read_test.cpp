// The draft of `template new`, with no edits, reads filled samples of its form: ≥ 80 % of the
// hand-written template's fields exact (issue #15). Each sample form's blank is drafted, the
// draft and its reference written to a folder and loaded with the ordinary loader, a few pages
// of that form generated (development seed), and every page extracted with the draft alone.
// A hand-written field is read exactly when the draft field overlapping it (by box) reads the
// generator's truth; choices compare the hand-written option values whose boxes the draft's
// chosen options overlap.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/templates/loader.hpp"
#include "kamiflow/ocr/extractor.hpp"
#include "kamiflow/ocr/form_structure.hpp"
#include "kamiflow/ocr/page_source.hpp"
#include "samples/generator/samples.hpp"
#include "draft_match.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {

namespace fs = std::filesystem;

// The draft's chosen option values, as the hand-written template's values (by option box).
std::string as_truth_values(const ocr::FieldSpec& truth, const ocr::FieldSpec& draft, const std::string& value) {
  std::set<std::string> chosen;
  size_t start = 0;
  while (start <= value.size() && !value.empty()) {
    const size_t comma = value.find(',', start);
    chosen.insert(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::vector<ocr::BoxMm> boxes;
  for (const auto& o : truth.options) boxes.push_back(o.box);
  std::set<int> hit;
  for (const auto& o : draft.options) {
    if (!chosen.count(o.value)) continue;
    const int k = testing::match_box(o.box, boxes);
    hit.insert(k < 0 ? -1 : k);
  }
  std::string out;
  for (int k : hit) out += (out.empty() ? "" : ",") + (k < 0 ? std::string("?") : truth.options[k].value);
  return out;
}

TEST(TemplateDraftRead, DraftsReadFilledSamplesOfTheirForm) {
  auto forms = samples::load_forms(testing::source_dir() / "samples" / "forms");
  ASSERT_TRUE(forms.ok()) << forms.status().ToString();
  int fields = 0, exact = 0;
  for (const auto& form : *forms) {
    testing::TempDir dir;
    auto src = ocr::PageSource::open(form->reference_image);
    ASSERT_TRUE(src.ok());
    auto blank = (*src)->page(0);
    ASSERT_TRUE(blank.ok());
    auto s = ocr::detect_form_structure(*blank);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    ASSERT_TRUE(testing::write_draft(*s, form->id, dir / "draft").ok());
    auto draft = load_template((dir / "draft" / "template.lua").string());
    ASSERT_TRUE(draft.ok()) << draft.status().ToString();

    samples::GenerateOptions g;
    g.count = 3;
    g.seed = 42;  // development seed (< 100)
    g.out_dir = dir / "scans";
    g.multipage = 0;
    g.jobs = 2;
    ASSERT_TRUE(samples::generate({form}, nullptr, g).ok());
    auto extractor = ocr::Extractor::create({*draft});
    ASSERT_TRUE(extractor.ok()) << extractor.status().ToString();
    const auto manifest = nlohmann::json::parse(testing::read_file(dir / "scans" / "manifest.json"));
    int form_fields = 0, form_exact = 0;
    std::string wrong;
    for (const auto& p : manifest["pages"]) {
      const auto truth = nlohmann::json::parse(testing::read_file(dir / "scans" / p["truth"].get<std::string>()));
      auto page_src = ocr::PageSource::open((dir / "scans" / p["file"].get<std::string>()).string());
      ASSERT_TRUE(page_src.ok());
      auto page = (*page_src)->page(p["page"].get<int>() - 1);
      ASSERT_TRUE(page.ok());
      auto rec = (*extractor)->extract(*page, {});
      for (const auto& f : form->fields) {
        ++form_fields;
        const std::string expected = truth["fields"].value(f.name, nlohmann::json::object()).value("value", "");
        const int m = testing::match_field(f, **draft);
        if (!rec.ok() || m < 0) {
          wrong += " " + f.name + "(" + (rec.ok() ? "unmatched" : rec.status().message()) + ")";
          continue;
        }
        const auto& d = (*draft)->fields[m];
        const ocr::FieldResult* r = rec->find(d.name);
        std::string got = r ? r->value : "";
        if (f.type == ocr::FieldType::kCheckboxGroup || f.type == ocr::FieldType::kCircledChoice) got = as_truth_values(f, d, got);
        if (got == expected) ++form_exact;
        else wrong += " " + f.name + "[" + got + "≠" + expected + "]";
      }
    }
    std::printf("[ read     ] %-15s %d/%d fields exact with the unedited draft;%s\n", form->id.c_str(), form_exact,
                form_fields, wrong.c_str());
    fields += form_fields;
    exact += form_exact;
  }
  std::printf("[ read     ] all forms: %d/%d = %.1f %% exact\n", exact, fields, 100.0 * exact / std::max(1, fields));
  EXPECT_GE(exact, 0.8 * fields);
}

}  // namespace
}  // namespace kamiflow
