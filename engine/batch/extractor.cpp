// extractor_factory(): kept in its own file so that code injecting a fake extractor (tests) does
// not pull in the OCR pipeline at link time.
#include "engine/batch/runner.hpp"

namespace kamiflow::engine {

ExtractorFactory extractor_factory(std::vector<std::shared_ptr<const ocr::FormTemplate>> templates,
                                   ocr::ExtractOptions options) {
  return [templates = std::move(templates), options]() { return ocr::Extractor::create(templates, options); };
}

}  // namespace kamiflow::engine
