// Internal to the samples generator: a seeded random source whose output is the same on every
// standard library. std::mt19937_64 is fully specified by the standard, but the std::*_distribution
// classes are not (libstdc++ and libc++ return different numbers), so the generator uses only the
// raw engine and the small helpers below. Same seed, same pages, same bytes.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace kamiflow::samples {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // A child stream for one page or one field: seeding it from (seed, label) rather than from
  // this stream's position keeps page N identical whatever happened to pages before it.
  static Rng derive(std::uint64_t seed, std::uint64_t index, std::string_view label = {}) {
    std::uint64_t h = 1469598103934665603ull ^ seed;
    for (char c : label) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    h = mix(h ^ mix(index + 0x9e3779b97f4a7c15ull));
    return Rng(h);
  }

  std::uint64_t next() { return engine_(); }
  // Uniform in [0, 1) from the top 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [lo, hi] (inclusive). Modulo bias is irrelevant for these tiny ranges.
  int range(int lo, int hi) {
    if (hi <= lo) return lo;
    return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool chance(double p) { return uniform() < p; }
  // Approximately normal (Irwin–Hall sum of four 16-bit uniforms): one engine call per sample,
  // fast enough for per-pixel scanner noise; unit variance, zero mean.
  double gaussian() {
    std::uint64_t v = next();
    double s = 0;
    for (int i = 0; i < 4; ++i, v >>= 16) s += static_cast<double>(v & 0xffff) / 65536.0;
    return (s - 2.0) * 1.7320508075688772;  // var of sum = 4/12 → scale by sqrt(3)
  }
  double gaussian(double mean, double sigma) { return mean + sigma * gaussian(); }
  template <typename T>
  const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(range(0, static_cast<int>(v.size()) - 1))]; }
  template <typename T, std::size_t N>
  const T& pick(const T (&a)[N]) { return a[static_cast<std::size_t>(range(0, static_cast<int>(N) - 1))]; }

 private:
  static std::uint64_t mix(std::uint64_t z) {  // splitmix64 finaliser
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::mt19937_64 engine_;
};

}  // namespace kamiflow::samples
