// Renders a FormTemplate's printed matter. The layout rules (labels in a cell left of each field,
// checkbox labels right of their squares, circled-choice labels inside their option boxes) live
// here once, so the blank image, the generated pages and the template agree by construction.
#include "samples/generator/render.hpp"

#include <array>
#include <cmath>
#include <unordered_map>

#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>

namespace kamiflow::samples {
namespace {

constexpr std::array<const char*, 4> kFontFiles{
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf",
    "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf",
    "/usr/share/fonts/opentype/ipafont-mincho/ipamp.ttf",
};
constexpr int kMeasurePx = 200;  // advances are measured once at this size and scaled
// OpenCV's freetype puts a kanji's ink at org.y + [0.20, 1.07] em; shifting the origin up by
// 0.14 em makes "top of the em box" mean what a layout expects (ink within ~[0.06, 0.93] em).
constexpr double kOriginShiftEm = 0.14;
const cv::Scalar kPrintInk(40, 40, 40);

}  // namespace

std::string_view font_name(Font f) {
  switch (f) {
    case Font::kGothic: return "IPAGothic";
    case Font::kPGothic: return "IPAPGothic";
    case Font::kMincho: return "IPAMincho";
    case Font::kPMincho: return "IPAPMincho";
  }
  return "IPAGothic";
}

cv::Rect MmScale::rect(const ocr::BoxMm& b) const {
  return cv::Rect(cv::Point(static_cast<int>(std::lround(px(b.x))), static_cast<int>(std::lround(px(b.y)))),
                  cv::Point(static_cast<int>(std::lround(px(b.x + b.w))), static_cast<int>(std::lround(px(b.y + b.h)))));
}

std::vector<std::string> utf8_chars(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 1;
    if (i + n > s.size()) n = 1;
    out.emplace_back(s.substr(i, n));
    i += n;
  }
  return out;
}

struct TextPainter::Impl {
  std::array<cv::Ptr<cv::freetype::FreeType2>, 4> fonts;
  std::array<std::unordered_map<std::string, double>, 4> advances;
};

TextPainter::TextPainter() : impl_(std::make_shared<Impl>()) {
  for (std::size_t i = 0; i < kFontFiles.size(); ++i) {
    impl_->fonts[i] = cv::freetype::createFreeType2();
    impl_->fonts[i]->loadFontData(kFontFiles[i], 0);
  }
}

TextPainter& TextPainter::for_this_thread() {
  thread_local TextPainter painter;
  return painter;
}

double TextPainter::advance_em(Font font, const std::string& ch) {
  auto idx = static_cast<std::size_t>(font);
  auto& cache = impl_->advances[idx];
  if (auto it = cache.find(ch); it != cache.end()) return it->second;
  // getTextSize reports ink extents, not advances; two copies of a glyph differ by one advance.
  int baseline = 0;
  auto& ft = impl_->fonts[idx];
  int one = ft->getTextSize(ch, kMeasurePx, -1, &baseline).width;
  int two = ft->getTextSize(ch + ch, kMeasurePx, -1, &baseline).width;
  double adv = std::max(0, two - one) / static_cast<double>(kMeasurePx);
  cache.emplace(ch, adv);
  return adv;
}

double TextPainter::width_em(Font font, std::string_view text) {
  double w = 0;
  for (const auto& ch : utf8_chars(text)) w += advance_em(font, ch);
  return w;
}

void TextPainter::draw_char(cv::Mat& img, Font font, const std::string& ch, cv::Point2d top_left, double em_px,
                            const cv::Scalar& colour, bool bold) {
  if (ch == " " || ch == "\xe3\x80\x80") return;
  int h = std::max(4, static_cast<int>(std::lround(em_px)));
  cv::Point org(static_cast<int>(std::lround(top_left.x)),
                static_cast<int>(std::lround(top_left.y - kOriginShiftEm * em_px)));
  auto& ft = impl_->fonts[static_cast<std::size_t>(font)];
  ft->putText(img, ch, org, h, colour, -1, cv::LINE_AA, false);
  if (bold) {  // IPA fonts have no bold face: a second pass offset by ~3 % of the em thickens strokes
    int d = std::max(1, static_cast<int>(std::lround(em_px * 0.03)));
    ft->putText(img, ch, org + cv::Point(d, 0), h, colour, -1, cv::LINE_AA, false);
  }
}

double TextPainter::draw_text(cv::Mat& img, Font font, std::string_view text, cv::Point2d top_left, double em_px,
                              const cv::Scalar& colour, bool bold) {
  double x = top_left.x;
  for (const auto& ch : utf8_chars(text)) {
    draw_char(img, font, ch, {x, top_left.y}, em_px, colour, bold);
    x += advance_em(font, ch) * em_px;
  }
  return x;
}

void draw_stroke(cv::Mat& img, cv::Point2d a, cv::Point2d b, double width_px, const cv::Scalar& colour) {
  cv::Point2d d = b - a;
  double len = std::hypot(d.x, d.y);
  if (len < 1e-9) return;
  cv::Point2d n(-d.y / len * width_px / 2, d.x / len * width_px / 2);
  constexpr int kShift = 4;  // sub-pixel precision: lines land where the millimetres say
  auto fx = [](cv::Point2d p) {
    return cv::Point(static_cast<int>(std::lround(p.x * (1 << kShift))), static_cast<int>(std::lround(p.y * (1 << kShift))));
  };
  std::array<cv::Point, 4> quad{fx(a + n), fx(b + n), fx(b - n), fx(a - n)};
  cv::fillConvexPoly(img, quad.data(), 4, colour, cv::LINE_AA, kShift);
}

void draw_rect_outline(cv::Mat& img, const cv::Rect2d& r, double width_px, const cv::Scalar& colour) {
  double h = width_px / 2;  // extend each side so the corners close
  cv::Point2d tl = r.tl(), br = r.br();
  draw_stroke(img, {tl.x - h, tl.y}, {br.x + h, tl.y}, width_px, colour);
  draw_stroke(img, {tl.x - h, br.y}, {br.x + h, br.y}, width_px, colour);
  draw_stroke(img, {tl.x, tl.y}, {tl.x, br.y}, width_px, colour);
  draw_stroke(img, {br.x, tl.y}, {br.x, br.y}, width_px, colour);
}

namespace {

cv::Rect2d rect_px(const MmScale& s, const ocr::BoxMm& b) { return {s.px(b.x), s.px(b.y), s.px(b.w), s.px(b.h)}; }

// Text whose em size fits `max_em_mm` and whose width fits `max_w_mm`.
double fitted_em_mm(TextPainter& tp, std::string_view text, double max_em_mm, double max_w_mm) {
  double w = tp.width_em(Font::kGothic, text);
  return w > 0 ? std::min(max_em_mm, max_w_mm / w) : max_em_mm;
}

void draw_field_label(cv::Mat& img, const MmScale& s, TextPainter& tp, const ocr::FieldSpec& f) {
  ocr::BoxMm cell{f.box.x - kLabelCellMm, f.box.y, kLabelCellMm, f.box.h};
  // Label cells are tinted the way printed forms shade their headings; the value box stays white.
  cv::rectangle(img, rect_px(s, cell), cv::Scalar(236, 236, 236), cv::FILLED);
  draw_rect_outline(img, rect_px(s, cell), s.px(0.25), kPrintInk);
  double em = fitted_em_mm(tp, f.label, std::min(3.4, f.box.h * 0.55), kLabelCellMm - 3.0);
  tp.draw_text(img, Font::kGothic, f.label, s.pt(cell.x + 1.5, cell.y + (cell.h - em) / 2), s.px(em), kPrintInk);
}

void draw_field(cv::Mat& img, const MmScale& s, TextPainter& tp, const ocr::FieldSpec& f) {
  draw_field_label(img, s, tp, f);
  double thin = s.px(0.25);
  switch (f.type) {
    case ocr::FieldType::kDigitBoxes:
      for (std::size_t i = 0; i < f.cells.size(); ++i) {
        draw_rect_outline(img, rect_px(s, f.cells[i]), s.px(0.3), kPrintInk);
        if (i == 0) continue;
        // A wide gap between cells is where forms print the hyphen (〒100-0001).
        const auto& prev = f.cells[i - 1];
        double gap = f.cells[i].x - (prev.x + prev.w);
        if (gap >= 1.5) {
          double cy = prev.y + prev.h / 2;
          draw_stroke(img, s.pt(prev.x + prev.w + gap * 0.25, cy), s.pt(f.cells[i].x - gap * 0.25, cy), s.px(0.3),
                      kPrintInk);
        }
      }
      break;
    case ocr::FieldType::kCheckboxGroup:
      draw_rect_outline(img, rect_px(s, f.box), thin, kPrintInk);
      for (const auto& o : f.options) {
        draw_rect_outline(img, rect_px(s, o.box), s.px(0.25), kPrintInk);
        double em = std::min(3.4, o.box.h * 0.95);
        tp.draw_text(img, Font::kGothic, o.label, s.pt(o.box.x + o.box.w + 1.2, o.box.y + (o.box.h - em) / 2),
                     s.px(em), kPrintInk);
      }
      break;
    case ocr::FieldType::kCircledChoice:
      draw_rect_outline(img, rect_px(s, f.box), thin, kPrintInk);
      for (std::size_t i = 0; i < f.options.size(); ++i) {
        const auto& o = f.options[i];
        double em = fitted_em_mm(tp, o.label, std::min(3.6, o.box.h * 0.6), o.box.w * 0.8);
        double w = tp.width_em(Font::kGothic, o.label) * em;
        tp.draw_text(img, Font::kGothic, o.label, s.pt(o.box.x + (o.box.w - w) / 2, o.box.y + (o.box.h - em) / 2),
                     s.px(em), kPrintInk);
        if (i + 1 < f.options.size()) {  // the ・ between choices, centred in the gap
          const auto& n = f.options[i + 1];
          double cx = (o.box.x + o.box.w + n.box.x) / 2, cy = o.box.y + o.box.h / 2;
          cv::circle(img, cv::Point(static_cast<int>(s.px(cx)), static_cast<int>(s.px(cy))),
                     std::max(1, static_cast<int>(s.px(0.35))), kPrintInk, cv::FILLED, cv::LINE_AA);
        }
      }
      break;
    default:
      draw_rect_outline(img, rect_px(s, f.box), thin, kPrintInk);
      break;
  }
}

void draw_printed(cv::Mat& img, const MmScale& s, TextPainter& tp, const ocr::PrintedItem& p) {
  using Kind = ocr::PrintedItem::Kind;
  switch (p.kind) {
    case Kind::kText:
      tp.draw_text(img, Font::kGothic, p.text, s.pt(p.box.x, p.box.y), s.px(p.size_mm), kPrintInk, p.bold);
      break;
    case Kind::kLine:
      draw_stroke(img, s.pt(p.box.x, p.box.y), s.pt(p.box.x + p.box.w, p.box.y + p.box.h),
                  std::max(1.0, s.px(p.stroke_mm)), kPrintInk);
      break;
    case Kind::kRect:
      draw_rect_outline(img, rect_px(s, p.box), std::max(1.0, s.px(p.stroke_mm)), kPrintInk);
      break;
    case Kind::kCircleMark: {  // e.g. the 印 circle where the seal goes
      cv::Point2d c = s.pt(p.box.x + p.box.w / 2, p.box.y + p.box.h / 2);
      constexpr int kShift = 4;
      cv::circle(img, cv::Point(static_cast<int>(c.x * 16), static_cast<int>(c.y * 16)),
                 static_cast<int>(s.px(std::min(p.box.w, p.box.h) / 2) * 16), kPrintInk,
                 std::max(1, static_cast<int>(std::lround(s.px(p.stroke_mm)))), cv::LINE_AA, kShift);
      if (!p.text.empty()) {
        double em = p.size_mm;
        double w = tp.width_em(Font::kGothic, p.text) * em;
        tp.draw_text(img, Font::kGothic, p.text, s.pt(p.box.x + (p.box.w - w) / 2, p.box.y + (p.box.h - em) / 2),
                     s.px(em), kPrintInk);
      }
      break;
    }
  }
}

}  // namespace

cv::Mat render_blank(const ocr::FormTemplate& form, double dpi) {
  MmScale s{dpi};
  cv::Mat img(static_cast<int>(std::lround(s.px(form.height_mm))), static_cast<int>(std::lround(s.px(form.width_mm))),
              CV_8UC3, cv::Scalar::all(255));
  auto& tp = TextPainter::for_this_thread();
  // Fields first so printed rules (section frames, thick outlines) are drawn over cell edges.
  for (const auto& f : form.fields) draw_field(img, s, tp, f);
  for (const auto& p : form.printed) draw_printed(img, s, tp, p);
  return img;
}

}  // namespace kamiflow::samples
