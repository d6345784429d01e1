// kamiflow::write_html_report: the demo/review HTML report (out/demo/report.html, docs/report.md).
//
// Contract: ReportInput is plain data (fill it from ocr::Record with page_from_record(), or by
// hand for rejected/unclassified pages, which have no record). write_html_report() renders one
// self-contained page (no network, no CDN: inline CSS and a few lines of inline JS that the page
// does not need in order to be read) to out_dir/report.html and writes every crop and thumbnail as
// a PNG file beside it in out_dir/report_files/. Files beside the page rather than data: URIs keep
// report.html small and quick to open for batches of thousands of fields (base64 would add a third
// to every image, inside the one file the browser must parse first), and identical images are
// stored once.
//
// Every string from the input (OCR output, file names, labels, reasons) is HTML-escaped: OCR output
// is untrusted, and a field that reads "<script>" is shown as text.
//
// Durability (DESIGN.md §5.2): images are named by a hash of their bytes and each one is written
// temp + fsync + rename before the page that references them; report.html itself is written temp +
// fsync + rename; only then are images that no page references any more removed. So at every
// moment (including after a crash) report.html is either the old or the new one, and every image
// it references exists. One writer per out_dir at a time.
//
// Thread-safety: write_html_report() touches only out_dir; calls for different out_dirs may run in
// parallel. The report contains personal data (names, addresses): it says so in its footer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kamiflow/ocr/form_template.hpp"
#include "kamiflow/ocr/record.hpp"
#include "kamiflow/status.hpp"

namespace kamiflow {

// What became of a page. Shown as 受理 / 要確認 / 却下 / 分類不能 / 確認済 (a person reviewed it).
enum class PageStatus { kAccepted, kNeedsReview, kRejected, kUnclassified, kReviewed };

[[nodiscard]] std::string_view page_status_name(PageStatus s);      // "accepted", "needs_review", ...
[[nodiscard]] std::string_view page_status_label_ja(PageStatus s);  // "受理", "要確認", ...
// A field flag (ocr::flag::*) in words a clerk reads: "low_confidence" → "信頼度低". Unknown flags
// come back unchanged (so a new flag is still shown, only untranslated).
[[nodiscard]] std::string_view flag_label_ja(std::string_view flag);

struct ReportField {
  std::string name;    // record key (ascii)
  std::string label;   // printed Japanese label; the name is shown when empty
  std::string type;    // ocr::field_type_name(), e.g. "text", "digit_boxes"
  std::vector<std::uint8_t> crop_png;  // the field's image; no image cell when empty
  // Where the field is in its page's view image (ReportPage::view_jpeg), in that image's pixels.
  // When set (and the page has a view image) the crop is drawn from that one shared image with
  // CSS, instead of a file of its own: a page then costs one image file however many fields.
  std::optional<ocr::PixelBox> view_box;
  std::string raw;     // what the recogniser read
  std::string value;   // normalised value
  double confidence = 0;  // [0,1]
  std::vector<std::string> flags;  // ocr::flag::* (unknown flags are shown as they are)
  // Ground truth, when known (demo scans, evaluation). The report then shows ✓/✗ per field.
  std::optional<std::string> expected;
  // Set by an evaluator that compares more loosely than byte equality (NFKC, spaces, ...). When
  // unset and `expected` is set, the field is correct iff value == *expected.
  std::optional<bool> correct;

  bool needs_review() const { return !flags.empty(); }
  // nullopt without ground truth.
  std::optional<bool> is_correct() const;
};

struct ReportPage {
  std::string source_file;
  int page = 0;             // 1-based page number in source_file
  std::string form_id;      // empty when unclassified
  std::string form_title;   // template title; form_id is shown when empty
  std::vector<std::uint8_t> thumbnail_png;  // a small image of the page; optional
  // The page, upright and down-scaled, as JPEG: shown as the thumbnail and the source of every
  // field crop that has a view_box. Preferred over thumbnail_png when both are set.
  std::vector<std::uint8_t> view_jpeg;
  int rotation_degrees = 0;
  double alignment_score = 0;  // [0,1]
  PageStatus status = PageStatus::kAccepted;
  std::string reason;       // why not accepted (or empty), in words a clerk can act on
  std::vector<ReportField> fields;
};

struct ReportSummary {
  int pages = 0;
  int records = 0;
  int needs_review = 0;
  int rejected = 0;
  int unclassified = 0;
  double seconds = 0;
  double pages_per_second = 0;
  // Accuracy figures, only when ground truth exists (demo, evaluation). Rates in [0,1].
  std::optional<double> field_exact_rate;   // fields read exactly right
  std::optional<double> silent_error_rate;  // fields wrong but NOT flagged: the dangerous ones
  std::optional<double> review_rate;        // fields sent to review
};

struct ReportInput {
  std::string title = "kamiflow 読取結果レポート";
  // Pages per HTML file: report.html holds the first ones, report-2.html the next, ... each with
  // the whole batch's summary and links to the others. A browser stays quick on 100 pages.
  int pages_per_file = 100;
  std::string generated_at;  // shown in the header as given (e.g. "2024-05-01 10:00"); optional
  ReportSummary summary;
  std::vector<ReportPage> pages;
};

// A page entry from a record: labels and title from `form` when given (nullptr: names and ids are
// shown instead), status kNeedsReview when any field is flagged (reason lists those fields),
// kAccepted otherwise. Crops are copied; the thumbnail and expected values are left for the caller.
[[nodiscard]] ReportPage page_from_record(const ocr::Record& record, const ocr::FormTemplate* form);

// Counts pages, records and statuses from `pages` (time and accuracy figures are left at zero /
// unset for the caller to fill in).
[[nodiscard]] ReportSummary summarize_pages(const std::vector<ReportPage>& pages);

// Writes out_dir/report.html (and report-2.html, … for more than pages_per_file pages) and
// out_dir/report_files/*.png|jpg (see the contract above). Creates out_dir when missing; removes
// report-N.html files a larger earlier report left. Errors: IOError naming the path that failed.
[[nodiscard]] Status write_html_report(const ReportInput& input, const std::string& out_dir);

// The HTML text of the report, with image paths given by `image_src` (called once per image, in
// page order: thumbnail first, then each field's crop). Used by write_html_report(); exposed for
// tests and for callers that serve the page some other way.
struct ReportImageNames {
  std::vector<std::string> thumbnails;            // per page; "" = no thumbnail
  std::vector<std::vector<std::string>> crops;    // per page, per field; "" = no crop
  std::vector<std::string> views;                 // per page: its view_jpeg; "" = none
};
// One HTML file of a report split over several: pages [first, first + count) of the input, file
// `index` (0-based) of `files`. The default is the whole report in one file.
struct ReportFilePart {
  std::size_t first = 0, count = static_cast<std::size_t>(-1);
  int index = 0, files = 1;
};
[[nodiscard]] std::string render_html_report(const ReportInput& input, const ReportImageNames& images,
                                             const ReportFilePart& part = {});
// "report.html" for file 0, "report-2.html" for file 1, ...
[[nodiscard]] std::string report_file_name(int index);

// Escapes & < > " ' and replaces control characters other than tab/newline with U+FFFD, so any
// byte string is safe in HTML text and in double- or single-quoted attributes.
[[nodiscard]] std::string html_escape(std::string_view text);

}  // namespace kamiflow
