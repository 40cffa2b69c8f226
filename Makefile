# meekijk — the two commands that work on a fresh Debian 12 machine:
#   make demo   install, build, and serve the Rotterdam demo region on http://127.0.0.1:8080
#   make test   install, build, and run every test suite
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
DEMO_DATA ?= demo-data
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)

.PHONY: all deps build demo test bench asan clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/meekijk demo --data $(DEMO_DATA) --listen $(LISTEN)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --timeout 600

# The server's throughput and latency (bench/run.sh), the FHIR worklist (bench/fhir.sh), then the web app's budgets
# (initial JavaScript, inbox interactive time, 10 MB upload) in headless Chromium, then
# SQLite vs PostgreSQL vs two instances behind nginx (bench/backends.sh), then the triple-aim
# report over the generated national data set on both backends (bench/report.sh).
bench: build
	bash bench/run.sh $(BUILD)
	bash bench/fhir.sh $(BUILD)
	node web/scripts/budget.mjs --bin $(BUILD)/meekijk
	bash bench/backends.sh $(BUILD)
	bash bench/report.sh $(BUILD)

# Address and undefined-behaviour sanitizers over the whole suite.
asan: deps
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMEEKIJK_SANITIZE=ON -DMEEKIJK_BENCH=OFF
	cmake --build build-asan -j $(JOBS)
	ctest --test-dir build-asan --output-on-failure -j $(JOBS) --timeout 900

clean:
	rm -rf $(BUILD) build-asan
