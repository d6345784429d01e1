// kamiflow::ocr::detect_form_structure: the ruled structure of a blank form, for drafting a template.
//
// Contract: takes one page of a blank (unfilled) printed form, scanned or rendered at 150-300 dpi and
// possibly skewed by a few degrees, and returns what a template author would measure by hand: the
// deskewed page, and every writing area found in its ruled cells, with the printed label beside it,
// the character boxes of a digit row, the check-box squares with the option text right of each,
// and the printed choices of a ○-to-circle row. Geometry is in millimetres on the deskewed page
// (its top-left corner is 0,0), so the deskewed page is the draft template's reference image.
// Labels are read with Tesseract's jpn model; the result says what was seen, never what it means
// (naming and typing are the template writer's job: engine/templates/template_draft.hpp).
// Never modifies its input. Creates its own Tesseract engine: call from one thread at a time per
// call; calls on different threads are independent. Cost: ~1-2 s per A4 page (mostly OCR).
#pragma once

#include <string>
#include <vector>

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/page_image.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

struct StructureOptions {
  double dpi = 0;            // 0: the image's own dpi, else estimated from an A4/A3 page width
  std::string tessdata_dir;  // "" = Tesseract's default (the jpn models as the extractor finds them)
  bool read_text = true;     // false: geometry only (no OCR; every text is "")
};

// A piece of printed text on the form and where it is.
struct DetectedText {
  std::string text;  // OCR of the printed text, spaces removed ("" when unread)
  BoxMm box;
  std::vector<std::string> alternatives;  // labels: a second model's different read, if any
};

enum class AreaKind {
  kWriting,     // an empty ruled cell (or one with printed words in it: see `printed`)
  kCharBoxes,   // a row of small ruled boxes, one character each (`cells`)
  kCheckboxes,  // small squares, each with its printed option text to the right (`options`)
  kChoices,     // printed words separated by ・ or wide gaps, one of which is circled (`options`)
};

struct DetectedArea {
  AreaKind kind = AreaKind::kWriting;
  BoxMm box;                          // the ruled cell, at the centre of its lines
  DetectedText label;                 // the label cell left of the area (or above it); empty text: none
  bool label_shaded = false;          // the label cell is tinted, as most forms print label cells
  std::vector<BoxMm> cells;           // kCharBoxes: each box, left to right
  std::vector<DetectedText> options;  // kCheckboxes: box = the square; kChoices: box = around the word
  std::vector<DetectedText> printed;  // kWriting: words printed inside the cell (令和　年　月　日)
};

struct FormStructure {
  PageImage page;             // deskewed, grey, at `dpi`
  double dpi = 0;
  double width_mm = 0, height_mm = 0;
  double skew_degrees = 0;    // rotation undone (positive: the form appeared turned counter-clockwise)
  double line_mm = 0;         // median thickness of the ruled lines
  std::vector<DetectedArea> areas;  // reading order: top to bottom, then left to right
  std::vector<DetectedText> notes;  // printed lines outside every cell (instructions, titles)
};

[[nodiscard]] Result<FormStructure> detect_form_structure(const PageImage& blank, const StructureOptions& options = {});

}  // namespace kamiflow::ocr
