// `template new` against the hand-written templates of kamiflow's own sample forms: on each blank
// (as rendered, and "scanned" with the generator's degradations at 300 and 200 dpi, skewed up to
// 4°, one sheet upside down), the draft must find ≥ 90 % of the fields with every edge within
// 1 mm, give ≥ 80 % the right type, and find every digit-box cell and every check box (issue
// #15). Fields are matched by box overlap, never by name. Development seeds only (< 100).
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include "engine/templates/loader.hpp"
#include "engine/templates/template_draft.hpp"
#include "kamiflow/ocr/form_structure.hpp"
#include "samples/generator/samples.hpp"
#include "draft_match.hpp"
#include "test_support.hpp"

namespace kamiflow {
namespace {

using testing::edge_error;
using testing::match_box;
using testing::match_field;
using testing::visible_box;

struct Score {
  int fields = 0, found = 0, typed = 0, cells = 0, cells_found = 0, boxes = 0, boxes_found = 0;
};

Score score(const ocr::FormTemplate& truth, const ocr::FormTemplate& draft, std::string* misses) {
  Score s;
  const auto [dx, dy] = testing::frame_shift(truth, draft);
  for (const auto& f : truth.fields) {
    ++s.fields;
    const int m = match_field(f, draft, dx, dy);
    const ocr::FieldSpec* d = m >= 0 ? &draft.fields[m] : nullptr;
    if (d && edge_error(visible_box(f), visible_box(*d), dx, dy) <= 1.0) ++s.found;
    else *misses += " " + f.name + (d ? "(box)" : "(none)");
    if (d && d->type == f.type) ++s.typed;
    else if (d) *misses += " " + f.name + "(type " + std::string(ocr::field_type_name(d->type)) + ")";
    if (f.type == ocr::FieldType::kDigitBoxes) {
      for (const auto& c : f.cells) {
        ++s.cells;
        const int k = d ? match_box(c, d->cells, dx, dy) : -1;
        if (k >= 0 && edge_error(c, d->cells[k], dx, dy) <= 1.0) ++s.cells_found;
        else *misses += " " + f.name + "(cell)";
      }
    }
    if (f.type == ocr::FieldType::kCheckboxGroup) {
      std::vector<ocr::BoxMm> drafted;
      if (d) for (const auto& o : d->options) drafted.push_back(o.box);
      for (const auto& o : f.options) {
        ++s.boxes;
        const int k = match_box(o.box, drafted, dx, dy);
        if (k >= 0 && edge_error(o.box, drafted[k], dx, dy) <= 1.0) ++s.boxes_found;
        else *misses += " " + f.name + "." + o.value + "(box)";
      }
    }
  }
  return s;
}

TEST(TemplateDraft, FindsTheFieldsOfEverySampleFormRenderedAndScanned) {
  auto forms = samples::load_forms(testing::source_dir() / "samples" / "forms");
  ASSERT_TRUE(forms.ok()) << forms.status().ToString();
  ASSERT_EQ(forms->size(), 4u);
  Score total;
  for (size_t i = 0; i < forms->size(); ++i) {
    const auto& form = *(*forms)[i];
    struct Variant {
      std::string name;
      ocr::PageImage page;
    };
    const int dpi = i % 2 == 0 ? 300 : 200;
    std::vector<Variant> variants = {{"rendered", testing::rendered_blank(form)},
                                     {"scanned " + std::to_string(dpi) + " dpi", testing::scanned_blank(form, 11 + i, dpi)}};
    // One sheet fed the wrong way round, as the generator does to one page in ten.
    if (i == 2) variants.push_back({"upside down", testing::scanned_blank(form, 31, 300, 4.0, true)});
    for (const auto& v : variants) {
      auto s = ocr::detect_form_structure(v.page);
      ASSERT_TRUE(s.ok()) << s.status().ToString();
      const TemplateDraft draft = draft_template(*s, form.id, "blank.png");
      EXPECT_TRUE(check_template(draft.form, false).empty()) << form.id << " " << v.name;
      std::string misses;
      const Score sc = score(form, draft.form, &misses);
      std::printf("[ draft    ] %-15s %-16s fields %d/%d typed %d cells %d/%d boxes %d/%d skew %.2f°%s\n", form.id.c_str(),
                  v.name.c_str(), sc.found, sc.fields, sc.typed, sc.cells_found, sc.cells, sc.boxes_found, sc.boxes,
                  s->skew_degrees, misses.c_str());
      EXPECT_GE(sc.found, 0.9 * sc.fields) << form.id << " " << v.name << ":" << misses;
      EXPECT_GE(sc.typed, 0.8 * sc.fields) << form.id << " " << v.name << ":" << misses;
      EXPECT_EQ(sc.cells_found, sc.cells) << form.id << " " << v.name << ":" << misses;
      EXPECT_EQ(sc.boxes_found, sc.boxes) << form.id << " " << v.name << ":" << misses;
      total.fields += sc.fields, total.found += sc.found, total.typed += sc.typed;
    }
  }
  std::printf("[ draft    ] all: fields found %d/%d, typed right %d/%d\n", total.found, total.fields, total.typed,
              total.fields);
}

TEST(TemplateDraft, NamesFromTheLabelDictionary) {
  EXPECT_EQ(label_to_id("氏名"), "name");
  EXPECT_EQ(label_to_id("代理人氏名"), "agent_name");
  EXPECT_EQ(label_to_id("生年月日"), "birth_date");
  EXPECT_EQ(label_to_id("電話番号"), "phone");
  EXPECT_EQ(label_to_id("郵便番号"), "postal_code");
  EXPECT_EQ(label_to_id("フリガナ"), "kana");
  EXPECT_EQ(label_to_id("児童との続柄"), "child_relationship");
  EXPECT_EQ(label_to_id("あいうえお"), "");
  EXPECT_EQ(option_to_id("祖父母"), "grandparent");
  EXPECT_EQ(option_to_id("男"), "male");
  EXPECT_EQ(option_to_id("？"), "");
}

// Two 氏名 labels, an unlabelled cell, character boxes and a 複数可 check-box group: unique names,
// numbered fallbacks, the role's validator, `multiple`, and Lua that loads.
TEST(TemplateDraft, DraftLuaLoadsWithUniqueNamesAndGuessComments) {
  ocr::FormStructure s;
  s.dpi = 150;
  s.width_mm = 210;
  s.height_mm = 297;
  ocr::DetectedArea a;
  a.box = {40, 40, 100, 10};
  a.label = {"氏名", {14, 40, 26, 10}, {}};
  s.areas = {a, a, a};
  s.areas[1].box.y = 60;
  s.areas[2].box.y = 80;
  s.areas[2].label = {};
  ocr::DetectedArea boxes;
  boxes.kind = ocr::AreaKind::kCharBoxes;
  boxes.box = {40, 100, 21, 8};
  boxes.label = {"郵便番号", {14, 100, 26, 8}, {}};
  for (int k = 0; k < 3; ++k) boxes.cells.push_back({40 + 7.0 * k, 100, 7, 8});
  s.areas.push_back(boxes);
  ocr::DetectedArea checks;
  checks.kind = ocr::AreaKind::kCheckboxes;
  checks.box = {40, 120, 100, 10};
  checks.label = {"品目（複数可）", {14, 120, 26, 10}, {}};
  checks.options = {{"家具", {42, 123, 4, 4}, {}}, {"謎", {70, 123, 4, 4}, {}}};
  s.areas.push_back(checks);
  const TemplateDraft d = draft_template(s, "x_form", "blank.png");
  ASSERT_EQ(d.form.fields.size(), 5u);
  EXPECT_TRUE(d.form.fields[4].multiple);
  EXPECT_EQ(d.form.fields[4].name, "items");
  EXPECT_EQ(d.form.fields[4].options[0].value, "furniture");
  EXPECT_EQ(d.form.fields[4].options[1].value, "option_02");
  EXPECT_EQ(d.form.fields[0].name, "name");
  EXPECT_EQ(d.form.fields[1].name, "name_2");
  EXPECT_EQ(d.form.fields[2].name, "field_03");
  EXPECT_EQ(d.form.fields[3].type, ocr::FieldType::kDigitBoxes);
  EXPECT_EQ(d.form.fields[3].validators, std::vector<std::string>{"postal_code"});
  testing::TempDir dir;
  const std::string lua = template_lua(d);
  EXPECT_NE(lua.find("-- guess, check: label 「郵便番号」; a row of 3 character boxes"), std::string::npos) << lua;
  ASSERT_TRUE(write_file_atomically(dir / "t.lua", lua).ok());
  TemplateLoadOptions o;
  o.require_reference_image = false;
  auto loaded = load_template((dir / "t.lua").string(), o);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString() << "\n" << lua;
  EXPECT_EQ((*loaded)->fields[3].cells.size(), 3u);
}

}  // namespace
}  // namespace kamiflow
