// Internal to ocr/: the steps of detect_form_structure (kamiflow/ocr/form_structure.hpp), each a
// pure function of images in pixels, so tests can drive them one by one.
//   form_structure_grid.cpp  — ink mask, deskew, ruled lines, the cells they enclose
//   form_structure_marks.cpp — printed words and check-box squares inside a cell
//   form_structure.cpp       — cells → areas (labels, digit rows, options) and the OCR of labels
#pragma once

#include <vector>

#include <opencv2/core.hpp>

namespace kamiflow::ocr::structure {

// 255 where the page has ink (Otsu on a lightly smoothed grey page), else 0.
cv::Mat ink_mask(const cv::Mat& grey, double dpi);

// The angle (degrees, OpenCV's sense: positive turns the image counter-clockwise) that makes the
// page's rules and text lines horizontal: projection profiles at ~100 dpi, ±5°, 0.02° steps.
double deskew_angle(const cv::Mat& ink, double dpi);
// Rotates about the page centre, filling with white; same size.
cv::Mat rotate_page(const cv::Mat& grey, double angle_degrees);

struct Rules {
  cv::Mat lines;       // 255 on horizontal and vertical ruled lines
  double line_px = 1;  // median line thickness
};
Rules find_rules(const cv::Mat& ink, double dpi);

struct Cell {
  cv::Rect inner;            // the white inside of the cell, px
  cv::Rect2d outer;          // at the centre of its ruled lines, px
  int parent = -1;           // smallest cell containing this one, or -1
  std::vector<int> children;
  double shade = 255;        // median grey of the cell's paper (label cells are often tinted)
};
// Closed white regions bounded by ruled lines, at least `min_mm` on each side.
std::vector<Cell> find_cells(const Rules& rules, const cv::Mat& grey, double dpi, double min_mm = 2.5);

struct Marks {
  std::vector<cv::Rect> squares;  // check-box squares (hollow, 2.5-7 mm)
  std::vector<cv::Rect> words;    // printed words, reading order (line by line, left to right)
  std::vector<cv::Rect> dots;     // ・ and other small marks that separate choices
};
// What is printed inside `region` (px) of the page, ignoring the ruled lines and the `exclude`
// rectangles (child cells).
Marks find_marks(const cv::Mat& ink, const Rules& rules, const cv::Rect& region, double dpi,
                 const std::vector<cv::Rect>& exclude = {});

// Printed words anywhere outside `cells` (notes, titles), as text lines (one rect per line).
std::vector<cv::Rect> text_lines_outside(const cv::Mat& ink, const Rules& rules, const std::vector<Cell>& cells,
                                         double dpi);

}  // namespace kamiflow::ocr::structure
