# Thin wrapper over CMake (the way Neovim's Makefile is). The two commands users need:
#   make demo   install what is missing, build, run the demo (out/demo/report.html)
#   make test   install what is missing, build, run every test
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all build deps test demo debug clean bench

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

clean:
	rm -rf $(BUILD_DIR) build-debug
