// Internal to ocr/: SHA-256 (FIPS 180-4), written here because OpenSSL is not a dependency and
// the algorithm is small. Used to fingerprint input files (journal, "inputs never modified").
// A Sha256 object is a value: not shared between threads.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace kamiflow::ocr {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t n);
  void update(std::string_view s) { update(s.data(), s.size()); }
  // Pads, finishes and returns the digest; the object must not be updated afterwards.
  std::array<std::uint8_t, 32> finish();
  // Lower-case hex of finish().
  std::string finish_hex();

 private:
  void compress(const std::uint8_t* block);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buf_{};
  std::size_t buf_len_ = 0;
  std::uint64_t total_bytes_ = 0;
};

}  // namespace kamiflow::ocr
