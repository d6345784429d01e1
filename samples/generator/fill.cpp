// Filling a rendered form (see samples_fill.hpp). One person fills one page: the pen colour and
// the font are chosen per page, with an occasional change of font between fields.
#include "samples/generator/fill.hpp"

#include <cmath>
#include <numbers>

#include <opencv2/imgproc.hpp>

namespace kamiflow::samples {
namespace {

constexpr Font kFonts[] = {Font::kGothic, Font::kPGothic, Font::kMincho, Font::kPMincho};

struct Pen {
  cv::Scalar ink;
  double stroke_mm;
  Font font;
};

Pen choose_pen(Rng& rng) {
  // Black ballpoint, blue ballpoint, blue-black fountain pen, and (rarely) pencil grey; BGR.
  static const std::vector<cv::Scalar> kInks{{25, 25, 25}, {25, 25, 25}, {140, 50, 20}, {90, 40, 30}, {95, 95, 95}};
  return {rng.pick(kInks), rng.uniform(0.3, 0.55), rng.pick(kFonts)};
}

struct TextPlacement {
  double end_x_mm = 0;
  double em_mm = 0;
};

// One line of handwriting-like text inside `box`: left-aligned with a random indent, centred
// vertically, each character slightly resized and lifted or dropped.
TextPlacement draw_line(cv::Mat& img, const MmScale& s, Font font, const std::string& text, const ocr::BoxMm& box,
                        const cv::Scalar& ink, Rng& rng) {
  auto& tp = TextPainter::for_this_thread();
  auto chars = utf8_chars(text);
  double em = std::min(box.h * rng.uniform(0.5, 0.7), rng.uniform(5.0, 7.5));  // handwriting is 5–7 mm
  double spacing = rng.uniform(0.0, 0.12);  // extra gap between characters, in em
  double indent = rng.uniform(1.0, 3.5);
  double width_em = 0;
  for (const auto& c : chars) width_em += tp.advance_em(font, c) + spacing;
  double avail = box.w - indent - 1.5;
  if (width_em * em > avail) em = avail / width_em;
  double top = box.y + (box.h - em) / 2 + rng.uniform(-0.08, 0.08) * em;
  double x = box.x + indent;
  for (const auto& c : chars) {
    double size = em * (1 + rng.uniform(-0.04, 0.04));
    double y = top + rng.gaussian() * 0.025 * em + (em - size) / 2;
    tp.draw_char(img, font, c, s.pt(x, y), s.px(size), ink);
    x += (tp.advance_em(font, c) + spacing) * em;
  }
  return {x, em};
}

double draw_digit_cells(cv::Mat& img, const MmScale& s, Font font, const std::string& digits,
                        const std::vector<ocr::BoxMm>& cells, const cv::Scalar& ink, Rng& rng) {
  auto& tp = TextPainter::for_this_thread();
  double em = 0;
  for (std::size_t i = 0; i < cells.size() && i < digits.size(); ++i) {
    const auto& c = cells[i];
    std::string ch(1, digits[i]);
    double adv = tp.advance_em(font, ch);
    em = std::min(c.h * rng.uniform(0.6, 0.75), c.w * 0.8 / std::max(adv, 0.5));
    double x = c.x + (c.w - adv * em) / 2 + rng.uniform(-0.08, 0.08) * c.w;
    double y = c.y + (c.h - em) / 2 + rng.uniform(-0.06, 0.06) * c.h;
    tp.draw_char(img, font, ch, s.pt(x, y), s.px(em), ink);
  }
  return em;
}

// The runs of digits in `drawn` ("令和7年10月5日" → 7, 10, 5): what is written in a date's slots.
std::vector<std::string> numbers_in(const std::string& drawn) {
  std::vector<std::string> numbers(1);
  for (char c : drawn) {
    if (c >= '0' && c <= '9')
      numbers.back() += c;
    else if (!numbers.back().empty())
      numbers.emplace_back();
  }
  return numbers;
}

// A date whose era and 年/月/日 are printed (f.parts): only the numbers of `drawn` ("令和7年10月5日")
// are written, each in its slot, sized and placed as a hand fits a number between printed marks.
double draw_date_slots(cv::Mat& img, const MmScale& s, Font font, const std::string& drawn, const ocr::PrintedParts& parts,
                       const cv::Scalar& ink, Rng& rng) {
  const std::vector<std::string> numbers = numbers_in(drawn);
  auto& tp = TextPainter::for_this_thread();
  double em = 0;
  for (std::size_t i = 0; i < parts.slots.size() && i < numbers.size(); ++i) {
    const ocr::BoxMm& b = parts.slots[i].box;
    const std::string& number = numbers[i];
    double width_em = 0;
    for (char c : number) width_em += tp.advance_em(font, std::string(1, c));
    em = std::min(b.h * rng.uniform(0.5, 0.7), rng.uniform(5.0, 7.5));  // as draw_line's handwriting
    if (width_em * em > b.w - 0.6) em = (b.w - 0.6) / width_em;
    const double spare = b.w - width_em * em;
    double x = b.x + spare / 2 + rng.uniform(-0.3, 0.3) * spare;
    const double y = b.y + (b.h - em) / 2 + rng.uniform(-0.06, 0.06) * em;
    for (char c : number) {
      const std::string ch(1, c);
      const double size = em * (1 + rng.uniform(-0.04, 0.04));
      tp.draw_char(img, font, ch, s.pt(x, y + rng.gaussian() * 0.025 * em + (em - size) / 2), s.px(size), ink);
      x += tp.advance_em(font, ch) * em;
    }
  }
  return em;
}

// The same slots written by hand with real MNIST digits: each number's digits side by side in
// the slot, each in a cell as wide as a digit is, as a hand writes between printed marks.
void draw_date_slots_by_hand(cv::Mat& img, const MmScale& s, const HandwritingBank& bank, const std::string& drawn,
                             const ocr::PrintedParts& parts, const HandStyle& style, const cv::Scalar& ink, Rng& rng) {
  const std::vector<std::string> numbers = numbers_in(drawn);
  for (std::size_t i = 0; i < parts.slots.size() && i < numbers.size(); ++i) {
    const ocr::BoxMm& b = parts.slots[i].box;
    const std::string& number = numbers[i];
    if (number.empty()) continue;
    const double cell_w = std::min(b.w / static_cast<double>(number.size()), b.h * 0.8);
    const double spare = b.w - cell_w * static_cast<double>(number.size());
    double x = b.x + spare / 2 + rng.uniform(-0.25, 0.25) * spare;
    for (char c : number) {
      draw_handwritten_digit(img, s, bank, c - '0', ocr::BoxMm{x, b.y, cell_w, b.h}, style, ink, rng);
      x += cell_w;
    }
  }
}

cv::Point2d jittered(const MmScale& s, const ocr::BoxMm& b, double u, double v, Rng& rng, double j = 0.07) {
  return s.pt(b.x + b.w * (u + rng.uniform(-j, j)), b.y + b.h * (v + rng.uniform(-j, j)));
}

void draw_mark(cv::Mat& img, const MmScale& s, const std::string& style, const ocr::BoxMm& b, const Pen& pen, Rng& rng) {
  double w = s.px(pen.stroke_mm * rng.uniform(0.9, 1.2));
  if (style == "check") {
    cv::Point2d a = jittered(s, b, 0.12, 0.5, rng), m = jittered(s, b, 0.42, 0.85, rng),
                e = jittered(s, b, 1.0, -0.05, rng, 0.12);  // a tick often overshoots the box
    draw_stroke(img, a, m, w, pen.ink);
    draw_stroke(img, m, e, w, pen.ink);
  } else if (style == "cross") {
    draw_stroke(img, jittered(s, b, 0.15, 0.15, rng), jittered(s, b, 0.85, 0.85, rng), w, pen.ink);
    draw_stroke(img, jittered(s, b, 0.85, 0.15, rng), jittered(s, b, 0.15, 0.85, rng), w, pen.ink);
  } else {  // filled: a blacked-out square, corners a little off
    double inset = rng.uniform(0.1, 0.2);
    std::vector<cv::Point> quad;
    for (auto [u, v] : {std::pair{inset, inset}, {1 - inset, inset}, {1 - inset, 1 - inset}, {inset, 1 - inset}}) {
      cv::Point2d p = jittered(s, b, u, v, rng, 0.05);
      quad.emplace_back(static_cast<int>(p.x * 16), static_cast<int>(p.y * 16));
    }
    cv::fillConvexPoly(img, quad, pen.ink, cv::LINE_AA, 4);
  }
}

// A loop drawn by hand around `b`: an ellipse a little larger than the label, tilted, with a
// wobbling radius, going round about 1.1 times so the ends overlap rather than meet.
void draw_circle(cv::Mat& img, const MmScale& s, const ocr::BoxMm& b, const Pen& pen, Rng& rng) {
  const double pi = std::numbers::pi;
  double cx = b.x + b.w / 2 + rng.uniform(-0.06, 0.06) * b.w, cy = b.y + b.h / 2 + rng.uniform(-0.06, 0.06) * b.h;
  double rx = b.w / 2 * rng.uniform(0.95, 1.15) + 0.4, ry = b.h / 2 * rng.uniform(0.95, 1.2) + 0.3;
  double tilt = rng.uniform(-0.15, 0.15), start = rng.uniform(0, 2 * pi), turns = rng.uniform(1.05, 1.2);
  double dir = rng.chance(0.7) ? -1 : 1;  // most people circle anticlockwise
  double wobble = rng.uniform(0.02, 0.06), phase = rng.uniform(0, 2 * pi), drift = rng.uniform(-0.08, 0.08);
  constexpr int kSteps = 120;
  std::vector<cv::Point> pts;
  for (int i = 0; i <= kSteps; ++i) {
    double t = static_cast<double>(i) / kSteps;
    double a = start + dir * t * turns * 2 * pi;
    double r = 1 + wobble * std::sin(2 * a + phase) + drift * t;
    double x = rx * r * std::cos(a), y = ry * r * std::sin(a);
    cv::Point2d p = s.pt(cx + x * std::cos(tilt) - y * std::sin(tilt), cy + x * std::sin(tilt) + y * std::cos(tilt));
    pts.emplace_back(static_cast<int>(p.x * 16), static_cast<int>(p.y * 16));
  }
  int thick = std::max(1, static_cast<int>(std::lround(s.px(pen.stroke_mm))));
  cv::polylines(img, pts, false, pen.ink, thick, cv::LINE_AA, 4);
}

// A round red personal seal (認印): ring plus the surname written top to bottom, with uneven ink.
// Stamped with multiply so black handwriting under it stays black, as with real ink.
ocr::BoxMm stamp_seal(cv::Mat& img, const MmScale& s, const std::string& surname, cv::Point2d centre_mm, Rng& rng) {
  double r_mm = rng.uniform(5.0, 7.0);
  int size = static_cast<int>(std::ceil(s.px(2 * r_mm))) + 4;
  cv::Mat mark(size, size, CV_8UC3, cv::Scalar::all(255));
  cv::Point2d c(size / 2.0, size / 2.0);
  cv::circle(mark, cv::Point(static_cast<int>(c.x), static_cast<int>(c.y)), static_cast<int>(s.px(r_mm * 0.93)),
             cv::Scalar::all(0), std::max(1, static_cast<int>(s.px(0.7))), cv::LINE_AA);
  auto chars = utf8_chars(surname);
  auto& tp = TextPainter::for_this_thread();
  double em = std::min(r_mm * 1.1, r_mm * 1.5 / std::max<std::size_t>(1, chars.size()));
  double top = size / 2.0 - s.px(em * chars.size()) / 2;
  for (std::size_t i = 0; i < chars.size(); ++i)
    tp.draw_char(mark, Font::kMincho, chars[i], {c.x - s.px(em) / 2, top + s.px(em) * static_cast<double>(i)}, s.px(em),
                 cv::Scalar::all(0), true);
  cv::Mat grey;
  cv::cvtColor(mark, grey, cv::COLOR_BGR2GRAY);
  double strength = rng.uniform(0.65, 0.95);
  const cv::Vec3d red(40, 45, 215);  // BGR vermilion
  int x0 = static_cast<int>(s.px(centre_mm.x)) - size / 2, y0 = static_cast<int>(s.px(centre_mm.y)) - size / 2;
  for (int y = 0; y < size; ++y) {
    int py = y0 + y;
    if (py < 0 || py >= img.rows) continue;
    for (int x = 0; x < size; ++x) {
      int px = x0 + x;
      if (px < 0 || px >= img.cols) continue;
      double a = (255 - grey.at<std::uint8_t>(y, x)) / 255.0 * strength * rng.uniform(0.6, 1.0);
      if (a <= 0) continue;
      auto& p = img.at<cv::Vec3b>(py, px);
      for (int k = 0; k < 3; ++k)
        p[k] = cv::saturate_cast<std::uint8_t>(p[k] * (1 - a + a * red[k] / 255.0));
    }
  }
  return {centre_mm.x - r_mm, centre_mm.y - r_mm, 2 * r_mm, 2 * r_mm};
}

}  // namespace

FillReport fill_page(cv::Mat& page, const MmScale& s, const ocr::FormTemplate& form,
                     const std::vector<FieldValue>& values, Rng& rng, double seal_probability,
                     const HandwritingPlan& handwriting) {
  FillReport report;
  report.fields.resize(form.fields.size());
  Pen pen = choose_pen(rng);
  const bool by_hand = handwriting.hand && handwriting.hand_rng && handwriting.hand_rng->chance(handwriting.rate);
  const HandStyle hand_style = by_hand ? choose_hand_style(*handwriting.hand_rng, pen.stroke_mm) : HandStyle{};
  static const std::vector<std::string> kMarks{"check", "check", "check", "cross", "fill"};
  std::string mark_style = rng.pick(kMarks);
  double name_end_mm = -1;
  const ocr::FieldSpec* name_field = nullptr;
  for (std::size_t i = 0; i < form.fields.size() && i < values.size(); ++i) {
    const auto& f = form.fields[i];
    const auto& v = values[i];
    auto& d = report.fields[i];
    if (v.blank) continue;
    if (rng.chance(0.15)) pen.font = rng.pick(kFonts);  // a writer is not a typewriter
    if (!f.parts.empty()) {
      if (by_hand) {
        d.writing = "handwritten";
        draw_date_slots_by_hand(page, s, *handwriting.hand, v.drawn, f.parts, hand_style, pen.ink,
                                *handwriting.hand_rng);
        continue;
      }
      d.writing = "typed";
      d.font = font_name(pen.font);
      d.em_mm = draw_date_slots(page, s, pen.font, v.drawn, f.parts, pen.ink, rng);
      continue;
    }
    switch (f.type) {
      case ocr::FieldType::kCheckboxGroup:
        d.mark = mark_style;
        for (std::size_t k : v.marked) draw_mark(page, s, mark_style, f.options[k].box, pen, rng);
        break;
      case ocr::FieldType::kCircledChoice:
        d.mark = "circle";
        for (std::size_t k : v.marked) draw_circle(page, s, f.options[k].box, pen, rng);
        break;
      case ocr::FieldType::kDigitBoxes:
        if (by_hand) {
          d.writing = "handwritten";
          for (std::size_t c = 0; c < f.cells.size() && c < v.drawn.size(); ++c)
            draw_handwritten_digit(page, s, *handwriting.hand, v.drawn[c] - '0', f.cells[c], hand_style, pen.ink,
                                   *handwriting.hand_rng);
          break;
        }
        d.writing = "typed";
        d.font = font_name(pen.font);
        d.em_mm = draw_digit_cells(page, s, pen.font, v.drawn, f.cells, pen.ink, rng);
        break;
      default: {
        d.font = font_name(pen.font);
        TextPlacement t = draw_line(page, s, pen.font, v.drawn, f.box, pen.ink, rng);
        d.em_mm = t.em_mm;
        if (f.name == "name") name_field = &f, name_end_mm = t.end_x_mm;
        break;
      }
    }
  }
  if (name_field && rng.chance(seal_probability)) {
    const auto& b = name_field->box;
    std::string drawn = values[static_cast<std::size_t>(name_field - form.fields.data())].drawn;
    std::string surname = drawn.substr(0, std::min(drawn.find(' '), drawn.find("\xe3\x80\x80")));
    if (surname.size() > 9) surname = surname.substr(0, 6);  // a seal shows at most the surname
    double cx = std::clamp(name_end_mm + rng.uniform(-3.0, 7.0), b.x + 8, b.x + b.w - 4);
    report.seal_box = stamp_seal(page, s, surname, {cx, b.y + b.h / 2 + rng.uniform(-2.0, 2.0)}, rng);
    report.seal = true;
  }
  return report;
}

}  // namespace kamiflow::samples
