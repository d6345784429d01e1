// kamiflow::ocr::Extractor: a page image and the known templates become a Record.
//
// Contract: one Extractor per worker thread (it owns Tesseract instances, one per language,
// initialised once and reused); not thread-safe. extract() never modifies its input and returns:
//   - a Record (possibly with flagged fields) when a template matched and the page aligned;
//   - Status::Unclassified("... scores ...") when no template matched with enough margin;
//   - Status::Rejected("could not align to template X: ...") when alignment failed;
//   - Status::Rejected("page is W x H pixels, too small ...") when a side is under 64 pixels
//     (checked before any image operation, so a 1 x 1 page is a reason, not an exception);
//   - Status::Timeout("took longer than N s to read ...") past ExtractOptions::page_seconds;
//   - Status::Internal for an exception from OpenCV or Tesseract (caught here, never thrown);
//   - other Status codes for internal failures (e.g. Tesseract language data missing).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kamiflow/ocr/calibration.hpp"
#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/page_image.hpp"
#include "kamiflow/ocr/record.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow::ocr {

// In the message of the Rejected status for a page too small to hold any form (hostile input):
// callers that word reasons for clerks look for it (engine/batch/reasons.cpp).
inline constexpr std::string_view kPageTooSmall = "too small to hold a form";

// One Tesseract call exactly as a recogniser made it: the image handed to Tesseract (8-bit grey)
// and the request. Only produced when ExtractOptions::on_ocr_call is set (`kamiflow bench`).
struct OcrCall {
  std::string lang;
  std::string tessdata_dir;  // the model's directory: one language may come from two (fast, 4.0.0)
  PageImage image;        // a copy; the caller may keep it
  int page_seg_mode = 7;  // Tesseract PSM
  std::string whitelist;  // empty = none
  bool retry_without_whitelist = true;
  int dpi = 300;
};

struct ExtractOptions {
  bool keep_crops = false;        // fill FieldResult::crop_png
  std::string tessdata_dir;       // empty: Tesseract's default
  double classify_margin = 0.05;  // best score must beat the runner-up by this much
  double min_alignment = 0.35;    // below this the page is rejected, not read
  // Time budget of reading one page (after decoding, which PageSourceLimits bounds), checked
  // between stages and fields: a page over it is Status::Timeout "took longer than N s to read".
  // 0 = none.
  double page_seconds = 60;
  // Review thresholds per field kind for fields whose template sets none (calibration.hpp).
  // Null and default_calibration: load_default_calibration() at create(); null and not
  // default_calibration: every such field keeps FieldSpec's default.
  std::shared_ptr<const Calibration> calibration;
  bool default_calibration = true;
  // Read as kamiflow did before handwriting and the second Japanese model (issue #18): Debian's
  // fast jpn model alone, digit boxes by Tesseract, no reading checks, no calibration. Only for
  // `kamiflow bench`, which states the new reads' cost against it in the same run.
  bool previous_reading = false;
  // Off when empty. Called on the extracting thread before each Tesseract call, with a copy of
  // its input (costs a crop copy per call): for measuring, not for production runs.
  std::function<void(const OcrCall&)> on_ocr_call;
};

// Where a page came from; copied into the Record.
struct PageInfo {
  std::string source_file;
  int page = 1;  // 1-based
  std::string file_sha256;
};

// Per-stage wall time of the last extract() call, for `kamiflow bench`.
struct StageTimes {
  double preprocess_ms = 0, classify_ms = 0, register_ms = 0, recognise_ms = 0, normalise_ms = 0;
};

class Extractor {
 public:
  [[nodiscard]] static Result<std::unique_ptr<Extractor>> create(
      std::vector<std::shared_ptr<const FormTemplate>> templates, ExtractOptions options = {});
  virtual ~Extractor() = default;

  [[nodiscard]] virtual Result<Record> extract(const PageImage& page, const PageInfo& info) = 0;
  virtual const StageTimes& last_stage_times() const = 0;
};

}  // namespace kamiflow::ocr
