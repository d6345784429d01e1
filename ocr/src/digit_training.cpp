// train_digit_model and evaluate_digit_model (digit_model.hpp): features for the train split and
// its augmented copies, an RBF SVM, and the accept threshold calibrated on the validation split.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <opencv2/core/utility.hpp>
#include <opencv2/freetype.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/ml.hpp>

#include "digit_augment.hpp"
#include "digit_classifier.hpp"
#include "digit_features.hpp"
#include "digit_trainer.hpp"
#include "kamiflow/ocr/digit_model.hpp"
#include "mnist_dataset.hpp"

namespace kamiflow::ocr {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kFontCopies = 40;  // per font and digit: ~1,600 printed shapes beside ~18,000 written ones
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Printed digit shapes (Debian's IPA fonts, which kamiflow's samples and forms use): many people
// write digits as neat as print, and without these a printed-looking 6 read as a confident 0.
// MNIST stays the only thing validated on; a missing font is skipped and named in the model.
constexpr const char* kGlyphFonts[] = {
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", "/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf",
    "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf", "/usr/share/fonts/opentype/ipafont-mincho/ipamp.ttf"};

// Each digit of each installed font as a 28x28 MNIST-style image; `fonts` gets the files used.
std::vector<std::pair<int, cv::Mat>> font_digits(std::vector<std::string>& fonts) {
  std::vector<std::pair<int, cv::Mat>> out;
  for (const char* file : kGlyphFonts) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) continue;
    try {
      cv::Ptr<cv::freetype::FreeType2> ft = cv::freetype::createFreeType2();
      ft->loadFontData(file, 0);
      for (int d = 0; d <= 9; ++d) {
        cv::Mat canvas(96, 96, CV_8UC3, cv::Scalar::all(0)), grey;  // FreeType2 draws on 3-channel images
        ft->putText(canvas, std::string(1, static_cast<char>('0' + d)), {20, 76}, 60, cv::Scalar::all(255), -1,
                    cv::LINE_AA, true);
        cv::cvtColor(canvas, grey, cv::COLOR_BGR2GRAY);
        cv::Mat ink;
        grey.convertTo(ink, CV_32F, 1.0 / 255);
        const cv::Mat digit = normalise_digit(ink);
        if (!digit.empty()) out.emplace_back(d, digit);
      }
      fonts.emplace_back(file);
    } catch (const cv::Exception&) {
      continue;  // an unreadable font only means fewer printed shapes
    }
  }
  return out;
}

// The lowest margin at which the validation cells at or above it are right at least `target` of
// the time; never below 0 (a winner that lost a pairwise vote is never accepted).
double calibrate_accept_margin(std::vector<std::pair<double, bool>> margin_right, double target) {
  std::sort(margin_right.begin(), margin_right.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  double threshold = margin_right.empty() ? 0 : margin_right.front().first;
  int accepted = 0, right = 0;
  for (const auto& [margin, ok] : margin_right) {
    ++accepted;
    right += ok;
    if (static_cast<double>(right) / accepted >= target) threshold = margin;
  }
  return std::max(threshold, 0.0);
}

Status write_atomically(const std::string& path, const std::string& data) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  const fs::path tmp = target.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) return Status::IOError("cannot write " + tmp.string());
  }
  fs::rename(tmp, target, ec);
  if (ec) return Status::IOError("cannot rename " + tmp.string() + " to " + path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

cv::Mat sample_image(const MnistSample& s) {
  return cv::Mat(kMnistSide, kMnistSide, CV_32F, const_cast<float*>(s.pixels.data())).clone();
}

Result<DigitFeatureSet> checked_feature_set(const DigitTrainOptions& options) {
  const auto set = parse_feature_set(options.features);
  if (!set)
    return Status::InvalidInput("unknown digit feature set '" + options.features +
                                "' (hog, hog+grid7, hog+pixels or hog+grid7+pixels)");
  if (options.test_shifts != 0 && options.test_shifts != 4)
    return Status::InvalidInput("test shifts must be 0 or 4, not " + std::to_string(options.test_shifts));
  return *set;
}

TrainingSet training_set(const std::vector<MnistSample>& samples, const DigitTrainOptions& options,
                         DigitFeatureSet set) {
  TrainingSet out;
  DigitRng rng(options.seed);
  for (const MnistSample& s : samples) {
    const cv::Mat image = sample_image(s);
    for (int copy = 0; copy <= options.augmented_copies; ++copy) {
      const cv::Mat digit = normalise_digit(copy == 0 ? image : augment_digit(image, rng, options.elastic));
      if (digit.empty()) continue;
      out.features.push_back(digit_features(digit, set));
      out.labels.push_back(s.label);
    }
  }
  for (const auto& [label, digit] : font_digits(out.fonts)) {
    for (int copy = 0; copy < kFontCopies; ++copy) {
      const cv::Mat d = copy == 0 ? digit : normalise_digit(augment_digit(digit, rng, options.elastic));
      if (d.empty()) continue;
      out.features.push_back(digit_features(d, set));
      out.labels.push_back(label);
    }
  }
  return out;
}

Result<cv::Ptr<cv::ml::SVM>> train_svm(const TrainingSet& set, const DigitTrainOptions& options) {
  cv::Ptr<cv::ml::SVM> svm = cv::ml::SVM::create();
  svm->setType(cv::ml::SVM::C_SVC);
  svm->setKernel(cv::ml::SVM::RBF);
  svm->setC(options.svm_c);
  svm->setGamma(options.svm_gamma);
  svm->setTermCriteria(cv::TermCriteria(cv::TermCriteria::MAX_ITER + cv::TermCriteria::EPS, 20000, 1e-4));
  try {
    if (!svm->train(set.features, cv::ml::ROW_SAMPLE, set.labels)) return Status::Internal("SVM training failed");
  } catch (const cv::Exception& e) {
    return Status::Internal(std::string("SVM training failed: ") + e.what());
  }
  return svm;
}

std::string model_yaml(const cv::Ptr<cv::ml::SVM>& svm, const DigitTrainOptions& o, int train_samples,
                       const std::vector<std::string>& fonts, double accept_margin, double nearest_limit) {
  // Support vectors and weights as base64 of their binary values: exact like the text form, at
  // about half its size (the feature sets with more values would otherwise pass 40 MB).
  cv::FileStorage fs(".yml", cv::FileStorage::WRITE | cv::FileStorage::MEMORY | cv::FileStorage::BASE64);
  fs << "kamiflow_digit_model" << 1;
  const DigitFeatureSet set = parse_feature_set(o.features).value_or(DigitFeatureSet{});
  fs << "features" << digit_feature_size(set);
  fs << "feature_set" << feature_set_name(set);
  fs << "test_shifts" << o.test_shifts;
  fs << "accept_margin" << accept_margin;
  fs << "nearest_limit" << nearest_limit;
  fs << "seed" << static_cast<int>(o.seed) << "augmented_copies" << o.augmented_copies;
  if (o.elastic > 0) fs << "elastic" << o.elastic;
  fs << "train_samples" << train_samples;
  fs << "glyph_fonts" << fonts;
  fs << "svm" << "{";
  svm->write(fs);
  fs << "}";
  return fs.releaseAndGetString();
}


int DigitEvalReport::total() const {
  int n = 0;
  for (const auto& d : digits) n += d.total;
  return n;
}
int DigitEvalReport::correct() const {
  int n = 0;
  for (const auto& d : digits) n += d.correct;
  return n;
}
int DigitEvalReport::accepted() const {
  int n = 0;
  for (const auto& d : digits) n += d.accepted;
  return n;
}
int DigitEvalReport::accepted_correct() const {
  int n = 0;
  for (const auto& d : digits) n += d.accepted_correct;
  return n;
}

Result<DigitTrainReport> train_digit_model(const DigitTrainOptions& options, const std::string& out_path) {
  const auto t0 = Clock::now();
  cv::setNumThreads(1);  // same arithmetic order every run, and the build machine is shared
  const std::string dir = options.data_dir.empty() ? default_data_dir() : options.data_dir;
  KF_ASSIGN_OR_RETURN(std::vector<MnistSample> train, load_mnist_split(dir, MnistSplit::kTrain, options.max_per_digit));
  KF_ASSIGN_OR_RETURN(std::vector<MnistSample> validation, load_mnist_split(dir, MnistSplit::kValidation));

  KF_ASSIGN_OR_RETURN(const DigitFeatureSet set, checked_feature_set(options));
  const TrainingSet data = training_set(train, options, set);
  const cv::Mat& features = data.features;
  const std::vector<std::string>& fonts = data.fonts;
  if (features.rows < 10) return Status::InvalidInput("too few training samples in " + dir);
  KF_ASSIGN_OR_RETURN(cv::Ptr<cv::ml::SVM> svm, train_svm(data, options));

  // Calibrate on validation with the model as it will be stored (threshold 0 for now).
  KF_ASSIGN_OR_RETURN(auto draft, DigitClassifier::from_yaml(model_yaml(svm, options, features.rows, fonts, 0, 1e300), out_path));
  std::vector<std::pair<double, bool>> margin_right;
  std::vector<double> nearest;
  for (const MnistSample& s : validation) {
    const cv::Mat digit = normalise_digit(sample_image(s));
    const DigitGuess g = digit.empty() ? DigitGuess{} : draft->classify_digit(digit);
    margin_right.emplace_back(g.digit < 0 ? -1e9 : g.margin, g.digit == s.label);
    nearest.push_back(g.digit < 0 ? 1e300 : g.nearest);
  }
  DigitTrainReport rep;
  rep.accept_margin = calibrate_accept_margin(margin_right, options.target_accepted_accuracy);
  // How unlike every support vector a real digit gets: all but the strangest 0.5 % of validation
  // digits, with half again as headroom (a pen's perfectly straight 1 is farther than MNIST's).
  // A coarse guard against shapes unlike any digit; a crossed-out box is caught by its holes.
  std::vector<double> sorted = nearest;
  std::sort(sorted.begin(), sorted.end());
  rep.nearest_limit = sorted.empty() ? 1e300 : 1.5 * sorted[static_cast<std::size_t>(0.995 * (sorted.size() - 1))];
  int right = 0, accepted = 0, accepted_right = 0;
  for (std::size_t i = 0; i < margin_right.size(); ++i) {
    const auto& [margin, ok] = margin_right[i];
    right += ok;
    if (margin >= rep.accept_margin && nearest[i] <= rep.nearest_limit) {
      ++accepted;
      accepted_right += ok;
    }
  }
  const int n = static_cast<int>(margin_right.size());
  rep.train_samples = features.rows;
  rep.validation_samples = n;
  rep.support_vectors = svm->getSupportVectors().rows;
  rep.validation_accuracy = n ? static_cast<double>(right) / n : 0;
  rep.accepted_accuracy = accepted ? static_cast<double>(accepted_right) / accepted : 0;
  rep.reject_rate = n ? 1.0 - static_cast<double>(accepted) / n : 0;
  KF_RETURN_IF_ERROR(write_atomically(out_path, model_yaml(svm, options, features.rows, fonts, rep.accept_margin, rep.nearest_limit)));
  rep.seconds = seconds_since(t0);
  return rep;
}

Result<DigitEvalReport> evaluate_digit_model(const std::string& model_path, const std::string& data_dir,
                                             MnistSplit split) {
  KF_ASSIGN_OR_RETURN(auto classifier, DigitClassifier::load(model_path));
  KF_ASSIGN_OR_RETURN(std::vector<MnistSample> samples,
                      load_mnist_split(data_dir.empty() ? default_data_dir() : data_dir, split));
  DigitEvalReport rep;
  const auto t0 = Clock::now();
  for (const MnistSample& s : samples) {
    const cv::Mat digit = normalise_digit(sample_image(s));
    const DigitGuess g = digit.empty() ? DigitGuess{} : classifier->classify_digit(digit);
    auto& d = rep.digits[s.label];
    ++d.total;
    d.correct += g.digit == s.label;
    d.accepted += g.accepted;
    d.accepted_correct += g.accepted && g.digit == s.label;
  }
  rep.ms_per_digit = samples.empty() ? 0 : 1000 * seconds_since(t0) / static_cast<double>(samples.size());
  return rep;
}

}  // namespace kamiflow::ocr
