#include "tesseract_engine.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include "kamiflow/ocr/diagnostics.hpp"

namespace kamiflow::ocr {
namespace {

// Tesseract hands out new[]-allocated strings; this owns them.
struct TextDeleter {
  void operator()(char* p) const { delete[] p; }
};
using TessText = std::unique_ptr<char[], TextDeleter>;

std::string take_text(char* p) {
  TessText owned(p);
  return owned ? std::string(owned.get()) : std::string();
}

std::string strip_trailing_space(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

// Checks every component of "jpn+eng" before Init, so the error names the file that is missing
// instead of Tesseract's bare -1.
Status check_traineddata(const std::string& lang, const std::string& dir) {
  if (lang.empty()) return Status::InvalidInput("empty Tesseract language");
  std::stringstream ss(lang);
  std::string part;
  while (std::getline(ss, part, '+')) {
    if (part.empty() || part.find('/') != std::string::npos || part.find("..") != std::string::npos)
      return Status::InvalidInput("bad Tesseract language name '" + lang + "'");
    std::filesystem::path file = std::filesystem::path(dir) / (part + ".traineddata");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
      return Status::NotFound("Tesseract language data '" + part + "' not found: no " + file.string() +
                              " (tessdata dir " + dir + "; install tesseract-ocr-" + part + ")");
  }
  return Status::Ok();
}

}  // namespace

double OcrRead::min_symbol_confidence() const {
  if (symbols.empty()) return 0;
  double m = 100;
  for (const auto& s : symbols) m = std::min(m, s.confidence);
  return m;
}

void TesseractEngine::ApiDeleter::operator()(tesseract::TessBaseAPI* api) const {
  if (!api) return;
  api->End();
  delete api;
}

TesseractEngine::TesseractEngine(std::string lang, std::string dir,
                                 std::unique_ptr<tesseract::TessBaseAPI, ApiDeleter> api)
    : lang_(std::move(lang)), dir_(std::move(dir)), api_(std::move(api)) {}

TesseractEngine::~TesseractEngine() = default;

Result<std::unique_ptr<TesseractEngine>> TesseractEngine::create(const std::string& lang,
                                                                 const std::string& tessdata_dir) {
  std::string dir = tessdata_dir.empty() ? default_tessdata_dir() : tessdata_dir;
  if (dir.empty()) return Status::NotFound("no tessdata directory found (set TESSDATA_PREFIX)");
  KF_RETURN_IF_ERROR(check_traineddata(lang, dir));
  std::unique_ptr<tesseract::TessBaseAPI, ApiDeleter> api(new tesseract::TessBaseAPI());
  // Debian's models are LSTM-only (tessdata_fast); asking for the legacy engine would fail. The
  // standard 4.0.0 model carries both; its LSTM is the one measured (DESIGN.md §4).
  if (api->Init(dir.c_str(), lang.c_str(), tesseract::OEM_LSTM_ONLY) != 0)
    return Status::Internal("Tesseract Init failed for language '" + lang + "' with tessdata dir " + dir +
                            " (corrupt or incompatible .traineddata?)");
  // A weak line would otherwise be recognised a second time inverted: pure cost on forms, which are
  // never white-on-black (DESIGN.md §4).
  if (!api->SetVariable("invert_threshold", "0"))
    return Status::Internal("this Tesseract has no 'invert_threshold' variable (need 5.3+)");
  return std::unique_ptr<TesseractEngine>(new TesseractEngine(lang, dir, std::move(api)));
}

OcrRead TesseractEngine::recognise(const cv::Mat& gray, const OcrRequest& request, const std::string& whitelist) {
  ++recognitions_;
  api_->SetVariable("tessedit_char_whitelist", whitelist.c_str());
  api_->SetPageSegMode(static_cast<tesseract::PageSegMode>(static_cast<int>(request.mode)));
  api_->SetImage(gray.data, gray.cols, gray.rows, 1, static_cast<int>(gray.step));
  api_->SetSourceResolution(request.dpi);

  OcrRead out;
  if (api_->Recognize(nullptr) == 0) {
    out.text = strip_trailing_space(take_text(api_->GetUTF8Text()));
    out.mean_confidence = std::max(0, api_->MeanTextConf());
    std::unique_ptr<tesseract::ResultIterator> it(api_->GetIterator());
    if (it) {
      do {
        std::string sym = take_text(it->GetUTF8Text(tesseract::RIL_SYMBOL));
        if (sym.empty()) continue;
        out.symbols.push_back({std::move(sym), std::clamp<double>(it->Confidence(tesseract::RIL_SYMBOL), 0, 100)});
      } while (it->Next(tesseract::RIL_SYMBOL));
    }
    // MeanTextConf is word-based and reads 0 for some whitelisted LSTM lines whose symbols all
    // score 80+; the symbols' own mean is the steadier figure.
    if (!out.symbols.empty()) {
      double sum = 0;
      for (const auto& s : out.symbols) sum += s.confidence;
      out.mean_confidence = sum / static_cast<double>(out.symbols.size());
    }
  }
  api_->Clear();  // drops the image and results; the model stays loaded
  return out;
}

Result<OcrRead> TesseractEngine::read(const cv::Mat& gray, const OcrRequest& request) {
  if (gray.empty() || gray.type() != CV_8UC1)
    return Status::InvalidInput("TesseractEngine::read needs a non-empty 8-bit grey image");
  cv::Mat img = gray.isContinuous() ? gray : gray.clone();
  if (observer_) observer_(lang_, dir_, img, request);
  OcrRead r = recognise(img, request, request.whitelist);
  if (r.text.empty() && !request.whitelist.empty() && request.retry_without_whitelist) {
    r = recognise(img, request, "");
    r.whitelist_retried = true;
  }
  if (!request.whitelist.empty()) api_->SetVariable("tessedit_char_whitelist", "");
  return r;
}

Result<TesseractEngine*> EnginePool::get(const std::string& lang) {
  const ModelDirs dirs = model_dirs_for(lang, models_);
  // The generic "install tesseract-ocr-jpn" hint would be wrong for the 4.0.0 model.
  if (!dirs.primary.empty()) KF_RETURN_IF_ERROR(check_jpn_models(models_));
  return get(lang, dirs.primary);
}

Result<TesseractEngine*> EnginePool::second_opinion(const std::string& lang) {
  const ModelDirs dirs = model_dirs_for(lang, models_);
  if (!dirs.has_second) return static_cast<TesseractEngine*>(nullptr);
  return get(lang, dirs.second);
}

Result<TesseractEngine*> EnginePool::get(const std::string& lang, const std::string& tessdata_dir) {
  // The key is the resolved directory, so "" and the default directory spelled out share one Init.
  std::string dir = !tessdata_dir.empty() ? tessdata_dir : !tessdata_dir_.empty() ? tessdata_dir_ : default_tessdata_dir();
  auto key = std::make_pair(lang, dir);
  auto it = engines_.find(key);
  if (it != engines_.end()) return it->second.get();
  KF_ASSIGN_OR_RETURN(auto engine, TesseractEngine::create(lang, dir));
  TesseractEngine* raw = engine.get();
  raw->set_observer(observer_);
  engines_.emplace(std::move(key), std::move(engine));
  return raw;
}

void EnginePool::set_observer(OcrObserver observer) {
  observer_ = std::move(observer);
  for (auto& [key, e] : engines_) e->set_observer(observer_);
}

long EnginePool::total_recognitions() const {
  long n = 0;
  for (const auto& [key, e] : engines_) n += e->recognitions();
  return n;
}

}  // namespace kamiflow::ocr
