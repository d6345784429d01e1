// Build-time trainer: `kamiflow_train_digits <out.yml>` trains the handwritten-digit model on the
// MNIST train split with the default options (the same as `kamiflow digits train`).
#include <cstdio>

#include "kamiflow/ocr/digit_model.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT.yml\n", argv[0]);
    return 2;
  }
  auto rep = kamiflow::ocr::train_digit_model({}, argv[1]);
  if (!rep.ok()) {
    std::fprintf(stderr, "digit model: %s\n", rep.status().ToString().c_str());
    return 1;
  }
  std::printf("digit model %s: %d training samples, %d support vectors, %.1f s; validation %.2f %%, "
              "accepted %.2f %% right, %.2f %% rejected\n",
              argv[1], rep->train_samples, rep->support_vectors, rep->seconds, 100 * rep->validation_accuracy,
              100 * rep->accepted_accuracy, 100 * rep->reject_rate);
  return 0;
}
