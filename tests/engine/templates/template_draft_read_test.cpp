// The draft of `template new`, with no edits, reads filled samples of its form: ≥ 80 % of the
// hand-written template's fields exact (issue #15). Each sample form's blank is drafted, the
// draft and its reference written to a folder and loaded with the ordinary loader, a few pages
// of that form generated (development seed), and every page extracted with the draft alone.
// Two pages a form keep it quick; the pages are generated once and read by each draft.
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
std::string as_truth_values(const ocr::FieldSpec& truth, const ocr::FieldSpec& draft, const std::string& value,
                            std::pair<double, double> shift) {
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
    const int k = testing::match_box(o.box, boxes, -shift.first, -shift.second);
    hit.insert(k < 0 ? -1 : k);
  }
  std::string out;
  for (int k : hit) out += (out.empty() ? "" : ",") + (k < 0 ? std::string("?") : truth.options[k].value);
  return out;
}

struct Tally {
  int fields = 0, exact = 0;
};

// Filled pages of `form` (development seed) in `dir`, once for every draft of that form.
void generate_pages(const samples::TemplatePtr& form, const fs::path& dir) {
  samples::GenerateOptions g;
  g.count = 2;
  g.seed = 42;  // development seed (< 100)
  g.out_dir = dir;
  g.multipage = 0;
  g.jobs = 2;
  EXPECT_TRUE(samples::generate({form}, nullptr, g).ok());
}

// Drafts `form` from `blank` and reads the generated pages in `scans` with the draft alone.
Tally read_with_draft(const samples::TemplatePtr& form, const ocr::PageImage& blank, const fs::path& scans,
                      const std::string& variant) {
  Tally t;
  testing::TempDir dir;
  auto s = ocr::detect_form_structure(blank);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) return t;
  EXPECT_TRUE(testing::write_draft(*s, form->id, dir / "draft").ok());
  auto draft = load_template((dir / "draft" / "template.lua").string());
  EXPECT_TRUE(draft.ok()) << draft.status().ToString();
  if (!draft.ok()) return t;
  auto extractor = ocr::Extractor::create({*draft});
  EXPECT_TRUE(extractor.ok()) << extractor.status().ToString();
  if (!extractor.ok()) return t;
  // The draft's frame is its blank's: a scanned blank lay a little off on the glass.
  const auto shift = testing::frame_shift(*form, **draft);
  const auto manifest = nlohmann::json::parse(testing::read_file(scans / "manifest.json"));
  std::string wrong;
  for (const auto& p : manifest["pages"]) {
    const auto truth = nlohmann::json::parse(testing::read_file(scans / p["truth"].get<std::string>()));
    auto page_src = ocr::PageSource::open((scans / p["file"].get<std::string>()).string());
    if (!page_src.ok()) continue;
    auto page = (*page_src)->page(p["page"].get<int>() - 1);
    if (!page.ok()) continue;
    auto rec = (*extractor)->extract(*page, {});
    for (const auto& f : form->fields) {
      ++t.fields;
      const std::string expected = truth["fields"].value(f.name, nlohmann::json::object()).value("value", "");
      const int m = testing::match_field(f, **draft, shift.first, shift.second);
      if (!rec.ok() || m < 0) {
        wrong += " " + f.name + "(" + (rec.ok() ? "unmatched" : rec.status().message()) + ")";
        continue;
      }
      const auto& d = (*draft)->fields[m];
      const ocr::FieldResult* r = rec->find(d.name);
      std::string got = r ? r->value : "";
      if (f.type == ocr::FieldType::kCheckboxGroup || f.type == ocr::FieldType::kCircledChoice) got = as_truth_values(f, d, got, shift);
      if (got == expected) ++t.exact;
      else wrong += " " + f.name + "[" + got + "≠" + expected + "]";
    }
  }
  std::printf("[ read     ] %-15s %-16s %d/%d fields exact with the unedited draft;%s\n", form->id.c_str(), variant.c_str(),
              t.exact, t.fields, wrong.c_str());
  return t;
}

TEST(TemplateDraftRead, DraftsReadFilledSamplesOfTheirForm) {
  auto forms = samples::load_forms(testing::source_dir() / "samples" / "forms");
  ASSERT_TRUE(forms.ok()) << forms.status().ToString();
  Tally rendered, scanned;
  for (size_t i = 0; i < forms->size(); ++i) {
    const auto& form = (*forms)[i];
    testing::TempDir scans;
    generate_pages(form, scans.path());
    const Tally r = read_with_draft(form, testing::rendered_blank(*form), scans.path(), "rendered blank");
    rendered.fields += r.fields, rendered.exact += r.exact;
    // Two drafts from scanned blanks keep the test short: inkan_touroku at 300 dpi, and sodai_gomi
    // at 200 dpi skewed 3.4° (the same scans as in template_draft_test.cpp).
    if (i != 0 && i != 3) continue;
    const int dpi = i == 0 ? 300 : 200;
    const Tally sc = read_with_draft(form, testing::scanned_blank(*form, 11 + i, dpi), scans.path(),
                                    "scanned " + std::to_string(dpi) + " dpi");
    scanned.fields += sc.fields, scanned.exact += sc.exact;
  }
  std::printf("[ read     ] drafts from rendered blanks: %d/%d = %.1f %% exact; from scanned blanks: %d/%d = %.1f %%\n",
              rendered.exact, rendered.fields, 100.0 * rendered.exact / std::max(1, rendered.fields), scanned.exact,
              scanned.fields, 100.0 * scanned.exact / std::max(1, scanned.fields));
  EXPECT_GE(rendered.exact, 0.8 * rendered.fields);
  EXPECT_GE(scanned.exact, 0.8 * scanned.fields);
}

}  // namespace
}  // namespace kamiflow
