// Writes the seed corpus of every fuzz target: make_seeds DIR → DIR/<target>/<seed>.
// `make fuzz` runs it before the fuzzers; the inputs are rebuilt in code (hostile_inputs.cpp),
// so no binary file is checked in.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "targets.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_seeds DIR\n";
    return 2;
  }
  namespace fs = std::filesystem;
  for (const auto& t : kamiflow::fuzz::targets()) {
    const fs::path dir = fs::path(argv[1]) / t.name;
    fs::create_directories(dir);
    for (const auto& [name, bytes] : t.seeds()) std::ofstream(dir / name, std::ios::binary) << bytes;
  }
  return 0;
}
