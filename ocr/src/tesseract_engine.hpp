// Internal to ocr/: one Tesseract instance for one language, owned RAII-style.
//
// Contract: create() runs TessBaseAPI::Init once (60-180 ms, DESIGN.md §4) and fails with a Status
// that names the missing traineddata file and the tessdata directory; read() then costs only the
// recognition of one small image (7-20 ms) and leaves no state behind (whitelist and page-segmentation
// mode are set per call). Not thread-safe: one engine per (worker thread, language, model). EnginePool
// holds a worker's engines and creates each (language, tessdata directory) pair on first use, so
// two models of one language (Debian's fast jpn and Tesseract's standard 4.0.0 jpn) live side by
// side under distinct keys.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

#include "kamiflow/status.hpp"
#include "ocr_models.hpp"

namespace tesseract {
class TessBaseAPI;
}

namespace kamiflow::ocr {

enum class LineMode {
  kBlock = 6,       // PSM 6: a uniform block of text (multi-line fields)
  kSingleLine = 7,  // PSM 7: one text line (most form fields)
  kRawLine = 13,    // PSM 13: the image is exactly one line that we cut out ourselves, so Tesseract's
                    // layout analysis is skipped (~30% less time). The line is scaled to the network's
                    // height as a whole: margins above and below must be small.
  kSingleChar = 10, // PSM 10: one character (a digit box cell)
};

struct OcrRequest {
  LineMode mode = LineMode::kSingleLine;
  std::string whitelist;              // tessedit_char_whitelist for this call only; empty = none
  bool retry_without_whitelist = true; // a whitelist narrows the beam and can read nothing (§4)
  int dpi = 300;                      // source resolution handed to Tesseract
};

struct OcrSymbol {
  std::string text;   // one UTF-8 character (one Tesseract symbol)
  double confidence;  // Tesseract's 0..100
};

struct OcrRead {
  std::string text;          // UTF-8, trailing newlines stripped
  double mean_confidence = 0;  // mean of the symbols' confidences (MeanTextConf when none), 0..100
  std::vector<OcrSymbol> symbols;
  bool whitelist_retried = false;  // the whitelisted read was empty and this is the unrestricted one

  double min_symbol_confidence() const;  // 0 when there are no symbols
};

// Sees every read() before it runs: the exact image and request the recognisers hand to Tesseract.
// `kamiflow bench` uses it to replay the same calls (the floor) and to run the `tesseract` CLI on
// the same crops (the baseline). Default off; the image is only valid during the call.
// tessdata_dir is the engine's model directory (the same language can come from two directories).
using OcrObserver = std::function<void(const std::string& lang, const std::string& tessdata_dir, const cv::Mat& gray,
                                       const OcrRequest& request)>;

class TesseractEngine {
 public:
  // lang: "jpn", "eng", "jpn+eng". tessdata_dir empty = default_tessdata_dir().
  [[nodiscard]] static Result<std::unique_ptr<TesseractEngine>> create(const std::string& lang,
                                                                      const std::string& tessdata_dir = "");
  ~TesseractEngine();
  TesseractEngine(const TesseractEngine&) = delete;
  TesseractEngine& operator=(const TesseractEngine&) = delete;

  // gray: 8UC1, dark text on white. An empty image is InvalidInput.
  [[nodiscard]] Result<OcrRead> read(const cv::Mat& gray, const OcrRequest& request);

  const std::string& language() const { return lang_; }
  const std::string& tessdata_dir() const { return dir_; }
  // How many recognitions this engine has run (tests assert that blank fields cost none).
  long recognitions() const { return recognitions_; }
  // Empty (the default) = no observer.
  void set_observer(OcrObserver observer) { observer_ = std::move(observer); }

 private:
  struct ApiDeleter {
    void operator()(tesseract::TessBaseAPI* api) const;
  };
  TesseractEngine(std::string lang, std::string dir, std::unique_ptr<tesseract::TessBaseAPI, ApiDeleter> api);
  OcrRead recognise(const cv::Mat& gray, const OcrRequest& request, const std::string& whitelist);

  std::string lang_;
  std::string dir_;
  std::unique_ptr<tesseract::TessBaseAPI, ApiDeleter> api_;
  long recognitions_ = 0;
  OcrObserver observer_;
};

// A worker's engines, one per (language, tessdata directory), created lazily. Not thread-safe.
class EnginePool {
 public:
  // tessdata_dir: where every language but the primary jpn model comes from ("" = Tesseract's
  // default). models: which models read `jpn` (ocr_models.hpp).
  explicit EnginePool(std::string tessdata_dir = "", JpnModels models = JpnModels::kBoth)
      : tessdata_dir_(std::move(tessdata_dir)), models_(models) {}
  // The primary model for `lang`: the standard 4.0.0 model for jpn unless models say fast only.
  [[nodiscard]] Result<TesseractEngine*> get(const std::string& lang);
  // The independent second model for `lang` (Debian's fast jpn), or nullptr when it has none.
  [[nodiscard]] Result<TesseractEngine*> second_opinion(const std::string& lang);
  JpnModels jpn_models() const { return models_; }
  // An explicit model directory: `lang` from `tessdata_dir` (empty = the pool's default).
  [[nodiscard]] Result<TesseractEngine*> get(const std::string& lang, const std::string& tessdata_dir);
  long total_recognitions() const;
  // Given to every engine, present and future (see OcrObserver). Empty = off.
  void set_observer(OcrObserver observer);

 private:
  std::string tessdata_dir_;
  JpnModels models_;
  OcrObserver observer_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<TesseractEngine>> engines_;  // (lang, dir)
};

}  // namespace kamiflow::ocr
