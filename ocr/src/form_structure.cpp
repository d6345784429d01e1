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
#include <utility>

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
  std::string read(const cv::Rect& r) { return read_with(r, Models::kPrimary).text; }
  // Notes only name the title and say 「○で囲む」: Debian's fast model reads them ~3x quicker.
  std::string read_note(const cv::Rect& r) { return read_with(r, Models::kFast).text; }
  // A label: the second (Debian fast) model's read is kept too when it differs, so the template
  // writer can pick the one it recognises (異動日 read 畦動日 by one model).
  DetectedText read_label(const cv::Rect& r, const BoxMm& box) {
    DetectedText t = read_with(r, Models::kBoth);
    t.box = box;
    return t;
  }

 private:
  enum class Models { kPrimary, kBoth, kFast };

  DetectedText read_with(const cv::Rect& r, Models models) {
    DetectedText out;
    if (!on_ || r.area() == 0) return out;
    const int pad = std::max(2, static_cast<int>(dpi_ / 50));
    cv::Rect grown = cv::Rect(r.x - pad, r.y - pad, r.width + 2 * pad, r.height + 2 * pad) & cv::Rect(0, 0, grey_.cols, grey_.rows);
    cv::Mat crop = grey_(grown).clone();
    if (dpi_ < 290) cv::resize(crop, crop, cv::Size(), 300 / dpi_, 300 / dpi_, cv::INTER_CUBIC);  // x-height ≥ ~20 px
    cv::threshold(crop, crop, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);  // a tinted label cell becomes white
    cv::copyMakeBorder(crop, crop, 12, 12, 12, 12, cv::BORDER_CONSTANT, cv::Scalar(255));
    if (models == Models::kFast) {
      auto fast = pool_.second_opinion("jpn");
      if (fast.ok() && *fast) {
        out.text = recognise(**fast, crop);
        return out;
      }
    }
    auto engine = pool_.get("jpn");
    if (engine.ok()) out.text = recognise(**engine, crop);
    if (models == Models::kBoth) {
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

DetectedText text_at(std::string text, const BoxMm& box) {
  DetectedText t;
  t.text = std::move(text);
  t.box = box;
  return t;
}

// Everything the steps below share about one deskewed page.
struct Page {
  const Geometry& g;
  const cv::Mat& ink;
  const std::vector<Cell>& cells;
  const std::vector<Marks>& marks;
  TextReader& reader;
  double tol;  // how far apart two lines may be and still be one shared border
  std::vector<Role> role;
  std::vector<int> label_of;
};

double resolve_dpi(const PageImage& blank, const cv::Mat& grey, const StructureOptions& options) {
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
  return dpi;
}

// Roles, in reading order: a cell with words is a label unless it is the writing cell of the
// label left of it, which it is when it holds several words on one line (choices, or a printed
// 令和　年　月　日) and is not tinted like a label. An empty cell is a writing cell.
void assign_roles(Page& p, const std::vector<bool>& in_row) {
  const auto& cells = p.cells;
  p.role.assign(cells.size(), Role::kNone);
  p.label_of.assign(cells.size(), -1);
  for (size_t i = 0; i < cells.size(); ++i) {
    const Cell& c = cells[i];
    if (!c.children.empty() || in_row[i]) continue;  // a frame around cells, or one character box
    int left = -1;
    for (size_t j = 0; j < cells.size(); ++j) {
      if (j != i && p.role[j] == Role::kLabel && touches_left(cells[j], c, p.tol)) left = static_cast<int>(j);
    }
    const Marks& m = p.marks[i];
    if (!m.words.empty() && m.squares.empty()) {
      bool field = false;
      if (left >= 0 && m.words.size() >= 2 && c.shade >= cells[left].shade) {
        const double y0 = m.words.front().y;
        field = std::all_of(m.words.begin(), m.words.end(), [&](const cv::Rect& w) { return std::abs(w.y - y0) < p.g.px(2.5); });
      }
      p.role[i] = field ? Role::kField : Role::kLabel;
    } else {
      if (p.g.mm(c.outer.width) < 5 || p.g.mm(c.outer.height) < 4) continue;
      p.role[i] = Role::kField;
    }
    if (p.role[i] == Role::kField) p.label_of[i] = left;
  }
  // Unlabelled writing cells: a header cell right above names them when it is about as wide
  // (office-use tables), not a tall label cell that happens to end there.
  for (size_t i = 0; i < cells.size(); ++i) {
    if (p.role[i] != Role::kField || p.label_of[i] >= 0) continue;
    for (size_t j = 0; j < cells.size(); ++j) {
      if (p.role[j] == Role::kLabel && touches_above(cells[j], cells[i], p.tol) &&
          cells[j].outer.width < 1.3 * cells[i].outer.width)
        p.label_of[i] = static_cast<int>(j);
    }
  }
}

void set_label(const Page& p, int label_cell, DetectedArea& a) {
  cv::Rect words;
  for (const auto& w : p.marks[label_cell].words) words |= w;
  a.label = p.reader.read_label(words, p.g.box(p.cells[label_cell].outer));
  a.label_shaded = p.cells[label_cell].shade < 245;
}

// Check boxes: each square, with the words on its line right of it up to the next square.
void add_checkboxes(const Page& p, const Cell& c, const Marks& m, DetectedArea& a) {
  a.kind = AreaKind::kCheckboxes;
  for (const cv::Rect& sq : m.squares) {
    // The option box lies at the centre of the square's lines: half a stroke inside its ink.
    const double stroke = cv::countNonZero(p.ink(sq)) / (2.0 * (sq.width + sq.height)) / 2.0;
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
    a.options.push_back(text_at(p.reader.read(text), p.g.box(inner)));
  }
}

// Words printed in a writing cell: 令和　年　月　日 (kept as `printed`), else choices to circle.
void add_printed_words(const Page& p, const Marks& m, DetectedArea& a) {
  std::vector<DetectedText> words;
  std::string all;
  for (const auto& w : m.words) {
    words.push_back(text_at(p.reader.read(w), p.g.box(cv::Rect2d(w))));
    all += words.back().text;
  }
  if (all.find("年") != std::string::npos && all.find("月") != std::string::npos) {
    a.kind = AreaKind::kWriting;
    a.printed = words;
    return;
  }
  a.kind = AreaKind::kChoices;
  // The circle is drawn round the word: room on each side, nearly the cell's height.
  for (auto& w : words) {
    const double x0 = std::max(a.box.x + 0.5, w.box.x - 4), x1 = std::min(a.box.x + a.box.w - 0.5, w.box.x + w.box.w + 4);
    w.box = {x0, a.box.y + 1, x1 - x0, std::max(1.0, a.box.h - 2)};
    a.options.push_back(w);
  }
}

// A row of character boxes is a field of its own (the sample forms print no outline round it);
// its label is the label cell just left of the row.
DetectedArea char_box_area(const Page& p, const std::vector<int>& row) {
  DetectedArea a;
  a.kind = AreaKind::kCharBoxes;
  cv::Rect2d span = p.cells[row.front()].outer;
  for (int k : row) {
    a.cells.push_back(p.g.box(p.cells[k].outer));
    span |= p.cells[k].outer;
  }
  a.box = p.g.box(span);
  for (size_t j = 0; j < p.cells.size(); ++j) {
    if (p.role[j] != Role::kLabel) continue;
    const cv::Rect2d& l = p.cells[j].outer;
    const double right = l.x + l.width;
    const double overlap = std::min(l.y + l.height, span.y + span.height) - std::max(l.y, span.y);
    if (right > span.x - p.g.px(4) && right < span.x + p.tol && overlap > 0.5 * span.height) set_label(p, static_cast<int>(j), a);
  }
  return a;
}

// The cells of a deskewed page and what is printed in each.
struct Analysis {
  cv::Mat ink;
  structure::Rules rules;
  std::vector<Cell> cells;
  std::vector<Marks> marks;
};

Analysis analyse(const cv::Mat& grey, double dpi) {
  Analysis a;
  a.ink = structure::ink_mask(grey, dpi);
  a.rules = structure::find_rules(a.ink, dpi);
  a.cells = structure::find_cells(a.rules, grey, dpi);
  for (const auto& c : a.cells) {
    std::vector<cv::Rect> kids;
    for (int k : c.children) kids.push_back(cv::Rect(a.cells[k].outer));
    a.marks.push_back(structure::find_marks(a.ink, a.rules, c.inner, dpi, kids));
  }
  return a;
}

// A form prints its labels left of the cells they name. A sheet scanned upside down shows them
// right of writing cells instead: count both kinds of neighbours.
bool upside_down(const Analysis& a, const Geometry& g) {
  const double tol = std::max(g.px(1.0), 2 * a.rules.line_px);
  int upright = 0, turned = 0;
  for (size_t i = 0; i < a.cells.size(); ++i) {
    const bool text = !a.marks[i].words.empty() && a.cells[i].children.empty();
    if (!text) continue;
    for (size_t j = 0; j < a.cells.size(); ++j) {
      // A writing cell: empty, or holding check boxes or character boxes.
      const bool writing = a.marks[j].words.empty() || !a.marks[j].squares.empty() || !a.cells[j].children.empty();
      if (i == j || !writing || g.mm(a.cells[j].outer.width) < 15) continue;
      if (touches_left(a.cells[i], a.cells[j], tol)) ++upright;
      if (touches_left(a.cells[j], a.cells[i], tol)) ++turned;
    }
  }
  return turned > upright + 1;
}

}  // namespace

Result<FormStructure> detect_form_structure(const PageImage& blank, const StructureOptions& options) {
  const cv::Mat& src = PageImageAccess::mat(blank);
  if (src.empty()) return Status::InvalidInput("blank form: empty image");
  cv::Mat grey;
  if (src.channels() == 3) cv::cvtColor(src, grey, cv::COLOR_BGR2GRAY);
  else grey = src;
  const double dpi = resolve_dpi(blank, grey, options);
  if (dpi < 100 || dpi > 1200) return Status::InvalidInput("blank form: implausible resolution " + std::to_string(dpi) + " dpi (give --dpi)");
  FormStructure out;
  out.dpi = dpi;
  const Geometry g{dpi};
  const double angle = structure::deskew_angle(structure::ink_mask(grey, dpi), dpi);
  grey = structure::rotate_page(grey, angle);
  Analysis an = analyse(grey, dpi);
  bool turned = false;
  if (upside_down(an, g)) {  // fed the wrong way round: labels would stand right of their cells
    cv::rotate(grey, grey, cv::ROTATE_180);
    an = analyse(grey, dpi);
    turned = true;
  }
  const double skew = turned ? (angle >= 0 ? 180 - angle : -180 - angle) : -angle;  // in (-180, 180]
  out.skew_degrees = skew == 0 ? 0.0 : skew;  // never "-0.00"
  out.page = PageImageAccess::wrap(grey, dpi);
  out.width_mm = g.mm(grey.cols);
  out.height_mm = g.mm(grey.rows);
  const cv::Mat& ink = an.ink;
  const structure::Rules& rules = an.rules;
  out.line_mm = g.mm(rules.line_px);
  const std::vector<Cell>& cells = an.cells;
  const std::vector<Marks>& marks = an.marks;
  TextReader reader(grey, dpi, options);
  Page page{g, ink, cells, marks, reader, std::max(g.px(1.0), 2 * rules.line_px), {}, {}};
  const std::vector<std::vector<int>> rows = char_box_rows(cells, marks, g);
  std::vector<bool> in_row(cells.size(), false);
  for (const auto& r : rows) {
    for (int k : r) in_row[k] = true;
  }
  assign_roles(page, in_row);
  for (size_t i = 0; i < cells.size(); ++i) {
    if (page.role[i] != Role::kField) continue;
    DetectedArea a;
    a.box = g.box(cells[i].outer);
    if (page.label_of[i] >= 0) set_label(page, page.label_of[i], a);
    if (!marks[i].squares.empty()) add_checkboxes(page, cells[i], marks[i], a);
    else if (!marks[i].words.empty()) add_printed_words(page, marks[i], a);
    out.areas.push_back(std::move(a));
  }
  for (const auto& r : rows) out.areas.push_back(char_box_area(page, r));
  std::sort(out.areas.begin(), out.areas.end(), [](const DetectedArea& x, const DetectedArea& y) {
    if (std::abs(x.box.y - y.box.y) > 2) return x.box.y < y.box.y;
    return x.box.x < y.box.x;
  });
  for (const auto& line : structure::text_lines_outside(ink, rules, cells, dpi)) {
    out.notes.push_back(text_at(reader.read_note(line), g.box(cv::Rect2d(line))));
  }
  return out;
}

}  // namespace kamiflow::ocr
