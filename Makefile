# Thin wrapper over CMake (the way Neovim's Makefile is). The two commands users need:
#   make demo   install what is missing, build, run the demo (out/demo/report.html)
#   make test   install what is missing, build, run every test
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all build deps test demo debug clean bench fuzz

all: build

deps:
	@cmake/install-deps.sh build

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

test:
	@cmake/install-deps.sh test
	$(MAKE) --no-print-directory build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

demo:
	@cmake/install-deps.sh demo
	$(MAKE) --no-print-directory build
	scripts/demo.sh $(BUILD_DIR)

bench: build
	$(BUILD_DIR)/kamiflow bench

# ASan+UBSan build in build-debug/, tests run there.
debug:
	@cmake/install-deps.sh test
	cmake -S . -B build-debug -DCMAKE_BUILD_TYPE=Debug -DKAMIFLOW_SANITIZE=ON
	cmake --build build-debug -j $(JOBS)
	cd build-debug && ctest --output-on-failure -j $(JOBS)

# libFuzzer targets (clang, ASan+UBSan) in build-fuzz/, each run for FUZZ_SECONDS (docs/security.md).
# Not part of `make test`: the sanitised clang build alone would take most of CI's time.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?=
fuzz:
	@cmake/install-deps.sh fuzz
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKAMIFLOW_FUZZ=ON \
	  -DKAMIFLOW_BUILD_TESTS=OFF -DKAMIFLOW_TRAIN_DIGITS=OFF $(CMAKE_FLAGS)
	cmake --build build-fuzz -j $(JOBS) --target fuzz_all
	tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf $(BUILD_DIR) build-debug build-fuzz
