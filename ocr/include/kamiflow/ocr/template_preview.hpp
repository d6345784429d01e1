// kamiflow::ocr::render_template_preview: a template drawn over its blank form or over a scan,
// so an author sees at once which box is wrong (`kamiflow template preview`).
//
// Contract: draws every field's box (red) with its name, every digit-box cell (blue) and every
// option box (green) with its value, 2 px wide at the output resolution. Over the blank form the
// template's millimetres map straight to the reference image's pixels; over a scan, the scan is
// first registered to the reference image exactly as the extractor does, and the boxes are drawn
// where that registration puts them, with the text read in each field (`values`, by field name)
// beside its name. Never modifies its inputs. Thread-safe (no shared state). Errors: no
// reference image, or a scan that does not align (the reason is in the Status).
#pragma once

#include <map>
#include <string>

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/page_image.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

// Colours of the drawing, BGR, so tests and docs can name them.
struct PreviewColours {
  static constexpr unsigned char kField[3] = {0, 0, 220};    // red
  static constexpr unsigned char kCell[3] = {220, 90, 0};    // blue
  static constexpr unsigned char kOption[3] = {0, 150, 0};   // green
};

// Over the template's reference image (BGR, at its dpi).
[[nodiscard]] Result<PageImage> render_template_preview(const FormTemplate& form);
// Over `scan` after registration (BGR, at the scan's resolution); `values`: field name → text read.
[[nodiscard]] Result<PageImage> render_scan_preview(const FormTemplate& form, const PageImage& scan,
                                                    const std::map<std::string, std::string>& values = {});

}  // namespace kamiflow::ocr
