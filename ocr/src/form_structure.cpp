// detect_form_structure: cells → writing areas. A form's grammar, as municipal forms print it:
// a label cell (often tinted) with the writing cell right of it; a writing cell holding a row of
// character boxes, check-box squares with their option text, or printed choices between ・;
// header cells above the cells they name (office-use tables). What each area *means* is left to
// the template writer (engine/templates/template_draft.cpp), which names and types it.
#include "kamiflow/ocr/form_structure.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include <opencv2/imgproc.hpp>

#include "form_structure_internal.hpp"
#include "page_image_access.hpp"
#include "tesseract_engine.hpp"

namespace kamiflow::ocr {
namespace {

using structure::Cell;
using structure::Marks;

struct Geometry {
  double dpi;
  double mm(double px) const { return px * 25.4 / dpi; }
  double px(double mm_) const { return mm_ * dpi / 25.4; }
  BoxMm box(const cv::Rect2d& r) const { return {mm(r.x), mm(r.y), mm(r.width), mm(r.height)}; }
};

// Reads one printed word or line; "" when OCR is off or fails (a draft can do without a label).
class TextReader {
 public:
  TextReader(const cv::Mat& grey, double dpi, const StructureOptions& o) : grey_(grey), dpi_(dpi), on_(o.read_text), pool_(o.tessdata_dir) {}
  std::string read(const cv::Rect& r) { return read_both(r, false).text; }
  // A label: the second (Debian fast) model's read is kept too when it differs, so the template
  // writer can pick the one it recognises (異動日 read 畦動日 by one model).
  DetectedText read_label(const cv::Rect& r, const BoxMm& box) {
    DetectedText t = read_both(r, true);
    t.box = box;
    return t;
  }

 private:
  DetectedText read_both(const cv::Rect& r, bool second) {
    DetectedText out;
    if (!on_ || r.area() == 0) return out;
    const int pad = std::max(2, static_cast<int>(dpi_ / 50));
    cv::Rect grown = cv::Rect(r.x - pad, r.y - pad, r.width + 2 * pad, r.height + 2 * pad) & cv::Rect(0, 0, grey_.cols, grey_.rows);
    cv::Mat crop = grey_(grown).clone();
    if (dpi_ < 290) cv::resize(crop, crop, cv::Size(), 300 / dpi_, 300 / dpi_, cv::INTER_CUBIC);  // x-height ≥ ~20 px
    cv::threshold(crop, crop, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);  // a tinted label cell becomes white
    cv::copyMakeBorder(crop, crop, 12, 12, 12, 12, cv::BORDER_CONSTANT, cv::Scalar(255));
    auto engine = pool_.get("jpn");
    if (engine.ok()) out.text = recognise(**engine, crop);
    if (second) {
      auto other = pool_.second_opinion("jpn");
      if (other.ok() && *other) {
        const std::string alt = recognise(**other, crop);
        if (!alt.empty() && alt != out.text) out.alternatives.push_back(alt);
      }
    }
    return out;
  }

  static std::string recognise(TesseractEngine& engine, const cv::Mat& crop) {
    auto read = engine.read(crop, OcrRequest{LineMode::kSingleLine, "", true, 300});
    if (!read.ok()) return "";
    std::string out;
    for (size_t i = 0; i < read->text.size(); ++i) {
      if (read->text[i] == ' ' || read->text[i] == '\n') continue;
      if (read->text.compare(i, 3, "\xE3\x80\x80") == 0) {  // U+3000 ideographic space
        i += 2;
        continue;
      }
      out += read->text[i];
    }
    return out;
  }

  const cv::Mat& grey_;
  double dpi_;
  bool on_;
  EnginePool pool_;
};

bool touches_left(const Cell& label, const Cell& cell, double tol) {
  if (std::abs(label.outer.x + label.outer.width - cell.outer.x) > tol) return false;
  const double top = std::max(label.outer.y, cell.outer.y);
  const double bottom = std::min(label.outer.y + label.outer.height, cell.outer.y + cell.outer.height);
  return bottom - top > 0.5 * std::min(label.outer.height, cell.outer.height);
}

bool touches_above(const Cell& label, const Cell& cell, double tol) {
  if (std::abs(label.outer.y + label.outer.height - cell.outer.y) > tol) return false;
  const double left = std::max(label.outer.x, cell.outer.x);
  const double right = std::min(label.outer.x + label.outer.width, cell.outer.x + cell.outer.width);
  return right - left > 0.8 * cell.outer.width;
}

// A character box: a small, empty leaf cell.
bool is_char_box(const Cell& c, const Marks& m, const Geometry& g) {
  const double w = g.mm(c.outer.width), h = g.mm(c.outer.height);
  return c.children.empty() && m.words.empty() && m.squares.empty() && w >= 3.5 && w <= 14 && h >= 4 && h <= 14;
}

// Rows of character boxes: boxes of one height side by side, with at most a hyphen's gap between
// them (〒123-4567). Each row is left to right; a lone box is no row.
std::vector<std::vector<int>> char_box_rows(const std::vector<Cell>& cells, const std::vector<Marks>& marks, const Geometry& g) {
  std::vector<int> boxes;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (is_char_box(cells[i], marks[i], g)) boxes.push_back(static_cast<int>(i));
  }
  std::sort(boxes.begin(), boxes.end(), [&](int a, int b) { return cells[a].outer.x < cells[b].outer.x; });
  std::vector<std::vector<int>> rows;
  std::vector<bool> used(cells.size(), false);
  for (int first : boxes) {
    if (used[first]) continue;
    std::vector<int> row{first};
    used[first] = true;
    for (int b : boxes) {
      if (used[b]) continue;
      const Cell& last = cells[row.back()];
      const Cell& c = cells[b];
      const double gap = c.outer.x - (last.outer.x + last.outer.width);
      if (c.parent == last.parent && std::abs(c.outer.y - last.outer.y) < g.px(1) &&
          std::abs(c.outer.height - last.outer.height) < g.px(1) && gap > -g.px(1) && gap < g.px(5)) {
        row.push_back(b);
        used[b] = true;
      }
    }
    if (row.size() >= 2) rows.push_back(row);
    else used[first] = false;
  }
  return rows;
}

enum class Role { kNone, kLabel, kField };

}  // namespace

Result<FormStructure> detect_form_structure(const PageImage& blank, const StructureOptions& options) {
  const cv::Mat& src = PageImageAccess::mat(blank);
  if (src.empty()) return Status::InvalidInput("blank form: empty image");
  cv::Mat grey;
  if (src.channels() == 3) cv::cvtColor(src, grey, cv::COLOR_BGR2GRAY);
  else grey = src;
  double dpi = options.dpi > 0 ? options.dpi : blank.dpi();
  if (dpi <= 0) {
    // No resolution recorded: assume the page is A4 (or A3) and snap to a common scanner setting.
    const double w_in = (grey.cols < grey.rows ? 210.0 : 297.0) / 25.4;
    dpi = grey.cols / w_in;
    for (double d : {150.0, 200.0, 240.0, 300.0, 400.0, 600.0}) {
      if (std::abs(dpi - d) < 0.04 * d) dpi = d;
    }
  }
  if (std::abs(dpi - std::round(dpi)) < 0.1) dpi = std::round(dpi);  // PNG stores pixels per metre
  if (dpi < 100 || dpi > 1200) return Status::InvalidInput("blank form: implausible resolution " + std::to_string(dpi) + " dpi (give --dpi)");
  FormStructure out;
  out.dpi = dpi;
  const Geometry g{dpi};
  const double angle = structure::deskew_angle(structure::ink_mask(grey, dpi), dpi);
  out.skew_degrees = angle == 0 ? 0.0 : -angle;  // never "-0.00"
  grey = structure::rotate_page(grey, angle);
  out.page = PageImageAccess::wrap(grey, dpi);
  out.width_mm = g.mm(grey.cols);
  out.height_mm = g.mm(grey.rows);
  const cv::Mat ink = structure::ink_mask(grey, dpi);
  const structure::Rules rules = structure::find_rules(ink, dpi);
  out.line_mm = g.mm(rules.line_px);
  const std::vector<Cell> cells = structure::find_cells(rules, grey, dpi);

  std::vector<Marks> marks;
  for (const auto& c : cells) {
    std::vector<cv::Rect> kids;
    for (int k : c.children) kids.push_back(cv::Rect(cells[k].outer));
    marks.push_back(structure::find_marks(ink, rules, c.inner, dpi, kids));
  }
  TextReader reader(grey, dpi, options);
  const double tol = std::max(g.px(1.0), 2 * rules.line_px);
  // A header cell names the cell below it only when it is about as wide (office-use tables).


  // Roles, in reading order: a cell with words is a label unless it is the writing cell of the
  // label left of it, which it is when it holds several words on one line (choices, or a printed
  // 令和　年　月　日) and is not tinted like a label.
  const std::vector<std::vector<int>> rows = char_box_rows(cells, marks, g);
  std::vector<bool> in_row(cells.size(), false);
  for (const auto& r : rows) {
    for (int k : r) in_row[k] = true;
  }
  std::vector<Role> role(cells.size(), Role::kNone);
  std::vector<int> label_of(cells.size(), -1);
  for (size_t i = 0; i < cells.size(); ++i) {
    const Cell& c = cells[i];
    if (!c.children.empty() || in_row[i]) continue;  // a frame around cells, or one character box
    int left = -1;
    for (size_t j = 0; j < cells.size(); ++j) {
      if (j != i && role[j] == Role::kLabel && touches_left(cells[j], c, tol)) left = static_cast<int>(j);
    }
    const Marks& m = marks[i];
    const bool has_text = !m.words.empty() && m.squares.empty() && c.children.empty();
    if (has_text) {
      bool field = false;
      if (left >= 0 && m.words.size() >= 2 && c.shade >= cells[left].shade) {
        const double y0 = m.words.front().y;
        field = std::all_of(m.words.begin(), m.words.end(), [&](const cv::Rect& w) { return std::abs(w.y - y0) < g.px(2.5); });
      }
      role[i] = field ? Role::kField : Role::kLabel;
    } else {
      if (g.mm(c.outer.width) < 5 || g.mm(c.outer.height) < 4) continue;
      role[i] = Role::kField;
    }
    if (role[i] == Role::kField) label_of[i] = left;
  }
  // Unlabelled writing cells: a header cell right above names them.
  for (size_t i = 0; i < cells.size(); ++i) {
    if (role[i] != Role::kField || label_of[i] >= 0) continue;
    for (size_t j = 0; j < cells.size(); ++j) {
      if (role[j] == Role::kLabel && touches_above(cells[j], cells[i], tol) &&
          cells[j].outer.width < 1.3 * cells[i].outer.width)
        label_of[i] = static_cast<int>(j);
    }
  }

  for (size_t i = 0; i < cells.size(); ++i) {
    if (role[i] != Role::kField) continue;
    const Cell& c = cells[i];
    const Marks& m = marks[i];
    DetectedArea a;
    a.box = g.box(c.outer);
    if (label_of[i] >= 0) {
      const Cell& l = cells[label_of[i]];
      cv::Rect words;
      for (const auto& w : marks[label_of[i]].words) words |= w;
      a.label = reader.read_label(words, g.box(l.outer));
      a.label_shaded = l.shade < 245;
    }
    if (!m.squares.empty()) {
      a.kind = AreaKind::kCheckboxes;
      for (size_t s = 0; s < m.squares.size(); ++s) {
        const cv::Rect& sq = m.squares[s];
        // The option box lies at the centre of the square's lines: half a stroke inside its ink.
        const double stroke = cv::countNonZero(ink(sq)) / (2.0 * (sq.width + sq.height)) / 2.0;
        // The option's text: words on the square's line, right of it, before the next square.
        double stop = c.inner.x + c.inner.width;
        for (const auto& other : m.squares) {
          if (other.x > sq.x && std::abs(other.y - sq.y) < sq.height && other.x < stop) stop = other.x;
        }
        cv::Rect text;
        for (const auto& w : m.words) {
          const double mid = w.y + w.height / 2.0;
          if (w.x > sq.x + sq.width && w.x < stop && mid > sq.y - sq.height * 0.3 && mid < sq.y + sq.height * 1.3) text |= w;
        }
        const cv::Rect2d inner(sq.x + stroke, sq.y + stroke, sq.width - 2 * stroke, sq.height - 2 * stroke);
        a.options.push_back({reader.read(text), g.box(inner)});
      }
    } else if (!m.words.empty()) {
      std::vector<DetectedText> words;
      for (const auto& w : m.words) words.push_back({reader.read(w), g.box(cv::Rect2d(w))});
      std::string all;
      for (const auto& w : words) all += w.text;
      const bool date_parts = all.find("年") != std::string::npos && all.find("月") != std::string::npos;
      if (date_parts) {
        a.kind = AreaKind::kWriting;
        a.printed = words;
      } else {
        a.kind = AreaKind::kChoices;
        // The circle is drawn round the word: room on each side, nearly the cell's height.
        for (auto& w : words) {
          const double x0 = std::max(a.box.x + 0.5, w.box.x - 4), x1 = std::min(a.box.x + a.box.w - 0.5, w.box.x + w.box.w + 4);
          w.box = {x0, a.box.y + 1, x1 - x0, std::max(1.0, a.box.h - 2)};
          a.options.push_back(w);
        }
      }
    }
    out.areas.push_back(std::move(a));
  }
  // Character-box rows: the printed boxes are the field; its label is the label cell left of the row.
  for (const auto& r : rows) {
    DetectedArea a;
    a.kind = AreaKind::kCharBoxes;
    cv::Rect2d span = cells[r.front()].outer;
    for (int k : r) {
      a.cells.push_back(g.box(cells[k].outer));
      span |= cells[k].outer;
    }
    a.box = g.box(span);
    for (size_t j = 0; j < cells.size(); ++j) {
      if (role[j] != Role::kLabel) continue;
      const cv::Rect2d& l = cells[j].outer;
      const double right = l.x + l.width;
      const double overlap = std::min(l.y + l.height, span.y + span.height) - std::max(l.y, span.y);
      if (right > span.x - g.px(4) && right < span.x + tol && overlap > 0.5 * span.height) {
        cv::Rect words;
        for (const auto& w : marks[j].words) words |= w;
        a.label = reader.read_label(words, g.box(cells[j].outer));
        a.label_shaded = cells[j].shade < 245;
      }
    }
    out.areas.push_back(std::move(a));
  }
  std::sort(out.areas.begin(), out.areas.end(), [](const DetectedArea& x, const DetectedArea& y) {
    if (std::abs(x.box.y - y.box.y) > 2) return x.box.y < y.box.y;
    return x.box.x < y.box.x;
  });
  for (const auto& line : structure::text_lines_outside(ink, rules, cells, dpi)) {
    out.notes.push_back({reader.read(line), g.box(cv::Rect2d(line))});
  }
  return out;
}

}  // namespace kamiflow::ocr
