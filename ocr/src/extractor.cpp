// The Extractor: classify → register → read every field → normalise/validate → Record.
// One per worker thread: it owns that worker's Tesseract engines (EnginePool), and the reference
// models are built once in create() and only read afterwards.
#include "kamiflow/ocr/extractor.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "digit_classifier.hpp"
#include "field_postprocess.hpp"
#include "field_readers.hpp"
#include "kana_confirmation.hpp"
#include "katakana_words.hpp"
#include "name_reading.hpp"
#include "ocr_models.hpp"
#include "page_image_access.hpp"
#include "postal_address.hpp"
#include "address_grammar.hpp"
#include "address_places.hpp"
#include "text_words.hpp"
#include "record_checks.hpp"
#include "registration.hpp"
#include "tesseract_engine.hpp"

namespace kamiflow::ocr {
namespace {

// Fields are read at 300 dpi in template coordinates whatever the scan's resolution: the
// recognisers' sizes (blank thresholds, x-height) are tuned for it.
constexpr double kFieldDpi = 300;
// A form scanned at 25 dpi is still ~200 px a side; below this no template can be aligned.
constexpr int kMinPageSidePx = 64;

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// OpenCV's own thread pool would fight the worker pool for the cores (DESIGN.md §4).
void single_threaded_opencv_once_per_thread() {
  thread_local bool done = false;
  if (!done) {
    cv::setNumThreads(1);
    done = true;
  }
}

BoxMm grown(const BoxMm& b, double margin) { return {b.x - margin, b.y - margin, b.w + 2 * margin, b.h + 2 * margin}; }

// The blank form's printed ink under each field's crop. It is the same on every page, and
// cancelling it is a large part of a field's clean-up, so it is computed once per template.
std::vector<cv::Mat> printed_masks(const FormTemplate& tmpl, const ReferenceModel& ref) {
  std::vector<cv::Mat> out;
  for (const FieldSpec& spec : tmpl.fields) {
    const cv::Mat blank = reference_region(ref, spec.box, kFieldDpi, crop_margin_mm(spec.type));
    out.push_back(printed_ink(blank, kFieldDpi / 25.4));
  }
  return out;
}

class ExtractorImpl final : public Extractor {
 public:
  ExtractorImpl(std::vector<std::shared_ptr<const FormTemplate>> templates,
                std::vector<std::shared_ptr<const ReferenceModel>> refs, ExtractOptions options, JpnModels models,
                std::unique_ptr<NameReadings> readings, std::shared_ptr<const PostalDirectory> postal)
      : templates_(std::move(templates)), refs_(std::move(refs)), options_(std::move(options)),
        engines_(options_.tessdata_dir, models), readings_(std::move(readings)), postal_(std::move(postal)) {
    for (std::size_t i = 0; i < templates_.size(); ++i) {
      ids_.push_back(templates_[i]->id);
      printed_.push_back(printed_masks(*templates_[i], *refs_[i]));
    }
    if (options_.on_ocr_call) {
      engines_.set_observer([cb = options_.on_ocr_call](const std::string& lang, const std::string& dir,
                                                         const cv::Mat& gray, const OcrRequest& req) {
        cb(OcrCall{lang, dir, PageImageAccess::wrap(gray.clone(), req.dpi), static_cast<int>(req.mode), req.whitelist,
                   req.retry_without_whitelist, req.dpi});
      });
    }
  }

  Result<Record> extract(const PageImage& page, const PageInfo& info) override {
    // Nothing a hostile page does to OpenCV or Tesseract may escape as an exception: it is this
    // page's reason, and the batch goes on.
    try {
      return extract_page(page, info);
    } catch (const std::exception& e) {
      return Status::Internal(std::string("exception while reading the page: ") + e.what()).WithContext(where(info));
    }
  }

  const StageTimes& last_stage_times() const override { return times_; }

 private:
  Status over_budget(Clock::time_point start, const PageInfo& info, const std::string& stage) const {
    if (options_.page_seconds <= 0) return Status::Ok();
    if (std::chrono::duration<double>(Clock::now() - start).count() <= options_.page_seconds) return Status::Ok();
    char secs[32];
    std::snprintf(secs, sizeof secs, "%g", options_.page_seconds);
    return Status::Timeout(std::string("took longer than ") + secs + " s to read (stopped " + stage + ")")
        .WithContext(where(info));
  }

  Result<Record> extract_page(const PageImage& page, const PageInfo& info) {
    const auto started = Clock::now();
    single_threaded_opencv_once_per_thread();
    times_ = {};
    const cv::Mat& mat = PageImageAccess::mat(page);
    if (mat.empty()) return Status::InvalidInput("empty page image").WithContext(where(info));
    // Refused before any OpenCV call sees it: a 1 x 1 or 2 x 3000 "page" holds no form, and a
    // reason says so better than whatever a resampler makes of it.
    if (mat.cols < kMinPageSidePx || mat.rows < kMinPageSidePx) {
      return Status::Rejected("page is " + std::to_string(mat.cols) + " x " + std::to_string(mat.rows) +
                              " pixels, " + std::string(kPageTooSmall) + " (each side needs at least " +
                              std::to_string(kMinPageSidePx) + ")")
          .WithContext(where(info));
    }

    // Classify (several templates) or just register (one): either way the winner's alignment.
    auto t0 = Clock::now();
    int best = 0;
    Alignment alignment;
    if (templates_.size() == 1) {
      alignment = align(mat, *refs_[0]);
      times_.register_ms = ms_since(t0);
      if (!alignment.ok || alignment.score < options_.min_alignment) {
        std::string why = !alignment.ok ? alignment.reason
                                        : "alignment score " + std::to_string(alignment.score) + " below " +
                                              std::to_string(options_.min_alignment);
        return Status::Rejected("could not align to template " + ids_[0] + ": " + why).WithContext(where(info));
      }
    } else {
      Classification c = classify(mat, refs_, ids_, options_.classify_margin, options_.min_alignment);
      times_.classify_ms = ms_since(t0);
      if (c.best < 0) return Status::Unclassified("no template matched: " + c.explain()).WithContext(where(info));
      best = c.best;
      alignment = std::move(c.alignments[best]);
      if (!alignment.ok)
        return Status::Rejected("could not align to template " + ids_[best] + ": " + alignment.reason)
            .WithContext(where(info));
    }

    KF_RETURN_IF_ERROR(over_budget(started, info, "after alignment"));
    const FormTemplate& tmpl = *templates_[best];
    Record rec;
    rec.form_id = tmpl.id;
    rec.source_file = info.source_file;
    rec.page = info.page;
    rec.file_sha256 = info.file_sha256;
    rec.alignment_score = alignment.score;
    // The homography undoes any angle; report it as quarter turns plus residual skew.
    const double quarter = std::round(alignment.rotation_degrees / 90.0) * 90.0;
    rec.rotation_degrees = (static_cast<int>(quarter) % 360 + 360) % 360;
    rec.skew_degrees = alignment.rotation_degrees - quarter;

    // Kana reads that left their second model for later (kana_confirmation.hpp).
    std::vector<std::function<Result<FieldRead>()>> deferred(tmpl.fields.size());
    for (std::size_t fi = 0; fi < tmpl.fields.size(); ++fi) {
      const FieldSpec& spec = tmpl.fields[fi];
      KF_RETURN_IF_ERROR(over_budget(started, info, "before field '" + spec.name + "'"));
      auto tr = Clock::now();
      const double margin = crop_margin_mm(spec.type);
      FieldCrop crop;
      crop.dpi = kFieldDpi;
      crop.area_mm = grown(spec.box, margin);
      crop.image = warp_region(mat, alignment, spec.box, kFieldDpi, margin);
      crop.printed = printed_[best][fi];
      if (crop.image.empty()) return Status::Internal("field '" + spec.name + "': empty crop").WithContext(where(info));
      ReadHints hints;
      hints.may_defer_second_model = readings_ && spec.type == FieldType::kKana && !spec.reading_of.empty();
      Result<FieldRead> read = read_field(crop, spec, engines_, hints);
      if (!read.ok()) return read.status().WithContext(where(info) + " field '" + spec.name + "'");
      times_.recognise_ms += ms_since(tr);
      if (read->with_second_model) deferred[fi] = std::move(read->with_second_model);

      auto tn = Clock::now();
      FieldResult& field = rec.fields.emplace_back();
      postprocess_field(spec, read.value(), field,
                        review_threshold_for(spec, read.value(), options_.calibration.get()));
      const cv::Rect box = page_rect(alignment, spec.box, mat.size());
      field.box = {box.x, box.y, box.width, box.height};
      if (options_.keep_crops) {
        std::vector<uchar> png;
        if (cv::imencode(".png", crop.image, png)) field.crop_png.assign(png.begin(), png.end());
      }
      times_.normalise_ms += ms_since(tn);
    }
    KF_RETURN_IF_ERROR(settle_deferred(tmpl, deferred, rec, info));
    // Cross-field evidence, once every field is read: フリガナ against the name it reads.
    auto tc = Clock::now();
    if (readings_) check_readings(tmpl, *readings_, rec);
    if (readings_) check_address_places(tmpl, *readings_, rec);
    // Before the postal check, which then checks the address words chose against the postal code.
    if (readings_) check_text_words(tmpl, *readings_, rec);
    propose_text_repairs(tmpl, rec);
    if (postal_) check_postal_codes(tmpl, *postal_, rec);  // on the mended address
    if (readings_) check_katakana_words(tmpl, *readings_, rec);  // last: no later check may lift its flag
    times_.normalise_ms += ms_since(tc);
    return rec;
  }

  // A kana read by one model stands when the dictionary confirms it as the only plausible
  // reading of its name; otherwise the second model reads it now, as it would have. The name
  // need not be sure: a misread name that still reads as the kana does (斎藤 for 斉藤) leaves the
  // kana right, and a misread kana matching a misread name would be two coincidences at once.
  Status settle_deferred(const FormTemplate& tmpl, std::vector<std::function<Result<FieldRead>()>>& deferred,
                         Record& rec, const PageInfo& info) {
    for (std::size_t fi = 0; fi < deferred.size(); ++fi) {
      if (!deferred[fi]) continue;
      const FieldSpec& spec = tmpl.fields[fi];
      FieldResult& kana = rec.fields[fi];
      const FieldResult* name = nullptr;
      for (const auto& f : rec.fields)
        if (f.name == spec.reading_of) name = &f;
      auto tc = Clock::now();
      const bool confirmed = name && kana.flags.empty() &&
                             kana_confirmed_by_name(*readings_, name->value, kana.value);
      times_.normalise_ms += ms_since(tc);
      if (confirmed) continue;
      auto tr = Clock::now();
      Result<FieldRead> read = deferred[fi]();
      if (!read.ok()) return read.status().WithContext(where(info) + " field '" + spec.name + "'");
      times_.recognise_ms += ms_since(tr);
      const PixelBox box = kana.box;
      std::vector<std::uint8_t> crop_png = std::move(kana.crop_png);
      postprocess_field(spec, read.value(), kana, review_threshold_for(spec, read.value(), options_.calibration.get()));
      kana.box = box;
      kana.crop_png = std::move(crop_png);
    }
    return Status::Ok();
  }

  static std::string where(const PageInfo& info) { return info.source_file + " page " + std::to_string(info.page); }

  std::vector<std::shared_ptr<const FormTemplate>> templates_;
  std::vector<std::shared_ptr<const ReferenceModel>> refs_;
  std::vector<std::string> ids_;
  std::vector<std::vector<cv::Mat>> printed_;  // [template][field]: printed_masks()
  ExtractOptions options_;
  EnginePool engines_;  // Tesseract per language and model, created on first use
  std::unique_ptr<NameReadings> readings_;  // this worker's MeCab; null when no template needs it
  std::shared_ptr<const PostalDirectory> postal_;  // shared by every worker; null when no form pairs 郵便番号/住所
  StageTimes times_;
};

}  // namespace

Result<std::unique_ptr<Extractor>> Extractor::create(std::vector<std::shared_ptr<const FormTemplate>> templates,
                                                     ExtractOptions options) {
  if (templates.empty()) return Status::InvalidInput("no templates given");
  if (options.previous_reading) {
    options.calibration = nullptr;
    for (auto& t : templates) {  // the same forms, read the old way
      auto old = std::make_shared<FormTemplate>(*t);
      for (FieldSpec& f : old->fields) {
        if (f.type == FieldType::kDigitBoxes && f.writing == WritingMode::kAuto) f.writing = WritingMode::kTyped;
        if (!f.parts.empty()) f.writing = WritingMode::kTyped;  // date slots: Tesseract alone
        f.reading_of.clear();
      }
      t = std::move(old);
    }
  } else if (!options.calibration && options.default_calibration) {
    KF_ASSIGN_OR_RETURN(options.calibration, load_default_calibration());
  }
  JpnModels models = JpnModels::kFastOnly;
  if (!options.previous_reading) {
    KF_ASSIGN_OR_RETURN(models, jpn_models_from_env());
  }
  bool uses_jpn = false, checks_readings = false, checks_postal = false, reads_digits = false;
  for (const auto& t : templates) {
    if (!t) continue;
    checks_postal = checks_postal || (!options.previous_reading && !postal_address_pairs(*t).empty());
    for (const FieldSpec& f : t->fields) {
      uses_jpn = uses_jpn || f.read.lang == "jpn";
      checks_readings = checks_readings || !f.reading_of.empty();
      // Digit boxes forced typed are Tesseract's alone; typed dates and phone numbers are checked
      // by the classifier whatever their writing (read_text.cpp).
      reads_digits = reads_digits || (f.type == FieldType::kDigitBoxes && f.writing != WritingMode::kTyped) ||
                     f.type == FieldType::kDigits || f.type == FieldType::kDate;
    }
  }
  // Fail before the first page, not on every page: a missing model is a set-up error. (Without
  // this, a missing digit model quarantined every page of a batch as a file that cannot be read.)
  if (uses_jpn) KF_RETURN_IF_ERROR(check_jpn_models(models));
  if (reads_digits && !options.previous_reading) KF_RETURN_IF_ERROR(DigitClassifier::shared_default().status());
  std::unique_ptr<NameReadings> readings;
  if (checks_readings) {
    KF_ASSIGN_OR_RETURN(readings, NameReadings::create());
  } else if (uses_jpn && !options.previous_reading) {
    // Only the katakana-word check wants it here: without the dictionary it is skipped.
    if (auto r = NameReadings::create(); r.ok()) readings = std::move(r).value();
  }
  std::shared_ptr<const PostalDirectory> postal;
  if (checks_postal) {
    KF_ASSIGN_OR_RETURN(postal, PostalDirectory::shared_default());
  }
  std::vector<std::shared_ptr<const ReferenceModel>> refs;
  for (const auto& t : templates) {
    if (!t) return Status::InvalidInput("null template");
    Result<std::shared_ptr<const ReferenceModel>> ref = build_reference(*t);
    if (!ref.ok()) return ref.status().WithContext("template " + t->id);
    refs.push_back(std::move(ref).value());
  }
  return std::unique_ptr<Extractor>(new ExtractorImpl(std::move(templates), std::move(refs), std::move(options), models,
                                                             std::move(readings), std::move(postal)));
}

}  // namespace kamiflow::ocr
