// `kamiflow digits`: train the handwritten-digit model and measure it on an MNIST split
// (docs/handwriting.md). `test --split reserved` gives the final figure on data that training and
// tuning never read; it is meant to be run once, at the end. `crossvalidate` compares training
// options on the development data only (k folds), to choose them by more than ~1,000 digits.
#include <cstdio>
#include <iostream>
#include <string>

#include "engine/cli/commands.hpp"
#include "kamiflow/ocr/digit_model.hpp"

namespace kamiflow::cli {
namespace {

double pct(int part, int whole) { return whole ? 100.0 * part / whole : 0; }

ExitCode print_eval(const ocr::DigitEvalReport& r, const std::string& split) {
  std::printf("split %s\n%-6s %6s %9s %9s %9s %14s\n", split.c_str(), "digit", "cells", "right %", "accepted",
              "rejected", "right of acc %");
  for (int d = 0; d < 10; ++d) {
    const auto& x = r.digits[d];
    std::printf("%-6d %6d %9.2f %9d %9d %14.2f\n", d, x.total, pct(x.correct, x.total), x.accepted,
                x.total - x.accepted, pct(x.accepted_correct, x.accepted));
  }
  std::printf("%-6s %6d %9.2f %9d %9d %14.2f\n", "all", r.total(), pct(r.correct(), r.total()), r.accepted(),
              r.total() - r.accepted(), pct(r.accepted_correct(), r.accepted()));
  std::printf("accepted %.2f %% of cells; %.3f ms per digit\n", pct(r.accepted(), r.total()), r.ms_per_digit);
  return ExitCode::kOk;
}

}  // namespace

Command add_digits_command(CLI::App& parent) {
  CLI::App* app = parent.add_subcommand("digits", "Handwritten-digit model: train it, measure it on MNIST");
  app->require_subcommand(1);
  struct Options {
    std::string out, model, split = "validation", data_dir;
    ocr::DigitTrainOptions train;
    int folds = 7;
  };
  auto o = std::make_shared<Options>();
  // The training options, for `train` and for `crossvalidate` (which trains once per fold).
  auto add_training_options = [o](CLI::App* cmd) {
    cmd->add_option("--data-dir", o->data_dir, "Where cmake/fetch-data.sh installed the MNIST digits");
    cmd->add_option("--c", o->train.svm_c, "SVM cost C")->capture_default_str();
    cmd->add_option("--gamma", o->train.svm_gamma, "RBF gamma")->capture_default_str();
    cmd->add_option("--copies", o->train.augmented_copies, "Augmented copies per sample")->capture_default_str();
    cmd->add_option("--seed", o->train.seed, "Augmentation seed")->capture_default_str();
    cmd->add_option("--features", o->train.features, "Feature set: hog, hog+grid7, hog+pixels, hog+grid7+pixels")
        ->capture_default_str();
    cmd->add_option("--shifts", o->train.test_shifts,
                    "Test-time shifts: 0, or 4 (each digit also read moved 1 px each way, averaged)")
        ->check(CLI::IsMember({0, 4}))
        ->capture_default_str();
    cmd->add_option("--elastic", o->train.elastic, "Elastic distortion of augmented copies (0 = none; 34 ~ 1.4 px)")
        ->capture_default_str();
  };
  CLI::App* train = app->add_subcommand("train", "Train on the MNIST train split, calibrate on validation");
  train->add_option("--out", o->out, "Model file (default: where kamiflow looks for it)");
  add_training_options(train);
  train->add_option("--target", o->train.target_accepted_accuracy,
                    "Accuracy that accepted validation digits must reach; sets the accept threshold")
      ->capture_default_str();
  CLI::App* cv = app->add_subcommand(
      "crossvalidate", "k-fold cross-validation of the training options on the development data (train + "
                       "validation, never the reserved split); prints each fold's accuracy, mean and spread");
  add_training_options(cv);
  cv->add_option("--folds", o->folds, "Folds (7: each is 10 % of the data, the last one is the validation split)")
      ->check(CLI::Range(2, 20))
      ->capture_default_str();
  CLI::App* test = app->add_subcommand("test", "Per-digit accuracy of the model on an MNIST split");
  test->add_option("--split", o->split, "validation (develop with this) or reserved (the final figure, once)")
      ->check(CLI::IsMember({"validation", "reserved"}))
      ->capture_default_str();
  test->add_option("--model", o->model, "Model file (default: where kamiflow looks for it)");
  test->add_option("--data-dir", o->data_dir, "Where cmake/fetch-data.sh installed the MNIST digits");

  return {app, [o, train, cv, test](CliContext& ctx) {
            if (cv->parsed()) {
              o->train.data_dir = o->data_dir;
              auto r = ocr::crossvalidate_digit_model(o->train, o->folds);
              if (!r.ok()) {
                ctx.logger->error("digits crossvalidate: {}", r.status().ToString());
                return ExitCode::kFailure;
              }
              std::printf("features %s, shifts %d, C %g, gamma %g, copies %d, elastic %g, seed %u\n",
                          o->train.features.c_str(), o->train.test_shifts, o->train.svm_c, o->train.svm_gamma,
                          o->train.augmented_copies, o->train.elastic, o->train.seed);
              for (std::size_t f = 0; f < r->fold_accuracy.size(); ++f)
                std::printf("fold %zu: %d digits, %.2f %% right\n", f + 1, r->fold_digits[f], 100 * r->fold_accuracy[f]);
              std::printf("mean %.2f %%, spread (sd) %.2f %%; %.0f support vectors; %.3f ms per digit; %.0f s\n",
                          100 * r->mean, 100 * r->spread, r->support_vectors, r->ms_per_digit, r->seconds);
              return ExitCode::kOk;
            }
            if (train->parsed()) {
              const std::string out = o->out.empty() ? ocr::default_digit_model_path() : o->out;
              o->train.data_dir = o->data_dir;
              auto r = ocr::train_digit_model(o->train, out);
              if (!r.ok()) {
                ctx.logger->error("digits train: {}", r.status().ToString());
                return ExitCode::kFailure;
              }
              std::printf("wrote %s\n%d training samples (with augmented copies), %d support vectors, %.1f s\n"
                          "validation: %.2f %% right; accept margin %.3f: %.2f %% rejected, accepted %.2f %% right\n",
                          out.c_str(), r->train_samples, r->support_vectors, r->seconds, 100 * r->validation_accuracy,
                          r->accept_margin, 100 * r->reject_rate, 100 * r->accepted_accuracy);
              return ExitCode::kOk;
            }
            (void)test;
            const std::string model = o->model.empty() ? ocr::default_digit_model_path() : o->model;
            auto r = ocr::evaluate_digit_model(model, o->data_dir, *ocr::parse_mnist_split(o->split));
            if (!r.ok()) {
              ctx.logger->error("digits test: {}", r.status().ToString());
              return ExitCode::kFailure;
            }
            return print_eval(r.value(), o->split);
          }};
}

}  // namespace kamiflow::cli
