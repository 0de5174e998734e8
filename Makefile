# lksctp: top-level build and test entry points.
#   make conformance  the main job: every scenario under a kernel with SCTP,
#                   a table, and the report build/conformance/report.html
#   make            build the addon and the testbed
#   make test       every suite; ends with one line "N passed, N failed"
#   make check-env  say what is missing (installs nothing)
#   make docker-test  every suite again, in a container
#   make fuzz       each fuzz target FUZZ_TIME s (600); make fuzz-short: 50 s
#   make test-load  the kernel suite and conformance under CPU load, LOAD_RUNS times (1)
#   make test-asan  the same suites on sanitizer builds, reports judged

NODE      ?= node
NODEDIR   ?= /usr
NODE_GYP  := addon/node_modules/.bin/node-gyp
RESULTS   := build/test-results
# KERNEL=NAME: which kernel the SCTP suites run under (ci/sctp-run --kernel:
# host, default, or a Debian suite such as trixie); unset: the host's if it
# has SCTP, else a VM with the host apt's kernel.
KERNEL    ?=
SCTP_RUN  := ci/sctp-run$(if $(KERNEL), --kernel $(KERNEL))
# Trees the VM reads a lot of and never writes: handed over as block images.
VM_IMAGES := --image $(CURDIR)/addon/node_modules

.PHONY: all deps addon testbed test test-host test-kernel test-summary clean check-env \
	conformance test-conformance test-report

all: addon testbed build/bin/sctp_peer

# DEPS=scenario: only what make scenario needs (ci/install-deps --scenario);
# make scenario and make scenario-deps set it.
# (The stamp is named in the recipe: a target-specific DEPS reaches
# recipes, not prerequisite lists.)
DEPS ?= all
.PHONY: deps
deps:
	@$(MAKE) --no-print-directory $(RESULTS)/.deps-$(DEPS)
$(RESULTS)/.deps-all $(RESULTS)/.deps-scenario: $(RESULTS)/.deps-%: ci/install-deps addon/package-lock.json
	ci/install-deps $(if $(filter scenario,$*),--scenario)
	@mkdir -p $(RESULTS) && touch $@

addon/node_modules/.package-lock.json: addon/package-lock.json | deps
	cd addon && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

PACKAGE_APPS := build/package-apps
ADDON_SRC := $(wildcard addon/src/*.c addon/src/*.h) addon/binding.gyp
addon/build/Release/lksctp.node: $(ADDON_SRC) addon/node_modules/.package-lock.json
	cd addon && ../$(NODE_GYP) configure --nodedir=$(NODEDIR) >/dev/null && ../$(NODE_GYP) build --nodedir=$(NODEDIR)
	@touch $@

addon: addon/build/Release/lksctp.node

# Prebuilt binaries for the npm tarball (addon/prebuilds/<platform>-<arch>/,
# loaded by lib/binding.js; npm install's node-gyp-build skips the build
# when one fits): Node-API 8, one per architecture for every Node from 20
# on, glibc, stripped. Built by prebuildify in a copy of the sources
# (build/prebuild/) so that addon/build/Release stays the Makefile's own;
# arm64 with Debian's cross compiler (gcc-aarch64-linux-gnu), offline
# (--nodedir: Node-API's headers serve every architecture).
PREBUILD_ARCHS ?= x64 arm64
.PHONY: prebuilds
prebuilds: build/prebuilds.stamp
build/prebuilds.stamp: $(ADDON_SRC) ci/prebuild-node-gyp addon/node_modules/.package-lock.json
	rm -rf addon/prebuilds build/prebuild
	set -e; for arch in $(PREBUILD_ARCHS); do \
	  rm -rf build/prebuild && mkdir -p build/prebuild; \
	  cp -r addon/package.json addon/binding.gyp addon/src build/prebuild/; \
	  case $$arch in \
	    x64) cross= ;; arm64) cross=aarch64-linux-gnu- ;; \
	    *) echo "prebuilds: no cross compiler known for $$arch" >&2; exit 1 ;; \
	  esac; \
	  CC=$${cross}gcc CXX=$${cross}g++ LINK=$${cross}gcc npm_config_nodedir=$(NODEDIR) \
	  PREBUILD_NODE_GYP=$(CURDIR)/ci/prebuild-node-gyp PREBUILD_STRIP_BIN=$${cross}strip \
	  LKSCTP_PREBUILD_EXTRA=$(CURDIR)/build/prebuild/extra \
	  $(NODE) addon/node_modules/prebuildify/bin.js build/prebuild --napi --strip --tag-libc \
	    --arch $$arch --out $(CURDIR)/addon --artifacts $(CURDIR)/build/prebuild/extra --quiet; \
	done
	@ls -l addon/prebuilds/*/
	@touch $@

testbed: deps
	$(MAKE) -C testbed

# A plain C peer on libsctp for the addon's interop tests.
build/bin/sctp_peer: addon/test/peer/sctp_peer.c | deps
	@mkdir -p build/bin
	$(CC) -std=gnu11 -Wall -Wextra -Werror -O2 -o $@ $< -lsctp

check-env:
	ci/install-deps --check

# Benchmarks: native C, the addon and net over TCP under the same kernel,
# one boot (addon/bench/README.md). Results: build/bench/results.json.
.PHONY: bench
all: build/bin/bench_sctp
build/bin/bench_sctp: addon/bench/bench_sctp.c | deps
	@mkdir -p build/bin
	$(CC) -std=gnu11 -Wall -Wextra -Werror -O2 -o $@ $< -lsctp

bench: all
	$(SCTP_RUN) $(VM_IMAGES) --timeout 900 -- $(NODE) addon/bench/run.js --out build/bench/results.json

# Suites write their counts to $(RESULTS)/<suite>.json; the summary adds
# them up. A suite that did not write its file counts as failed.
# JS line coverage is collected over both (V8's own, read by c8).
COVERAGE := $(CURDIR)/build/coverage/raw
test: all
	@rm -rf $(RESULTS)/*.json $(COVERAGE)
	-@NODE_V8_COVERAGE=$(COVERAGE) $(MAKE) --no-print-directory test-host
	-@NODE_V8_COVERAGE=$(COVERAGE) $(MAKE) --no-print-directory test-kernel
	-@$(MAKE) --no-print-directory test-conformance
	-@$(MAKE) --no-print-directory test-junit
	-@$(MAKE) --no-print-directory test-report
	-@$(NODE) ci/junit.mjs --out $(RESULTS) $(RESULTS)/report.tap
	-@$(NODE) ci/coverage.js $(COVERAGE) $(RESULTS)/coverage.json 90
	@$(NODE) ci/summary.js $(RESULTS) host kernel conformance report coverage

# What needs no SCTP runs on the host, where it is fast.
C_UNIT := addon/build/test-c/san/test_notify addon/build/test-c/san/test_addr \
          addon/build/test-c/san/test_jiffies testbed/bin/unit
test-host: all prebuilds
	$(MAKE) -C addon/test/c build
	$(NODE) ci/run-tap.js --suite host --out $(RESULTS)/host.json \
	  $(C_UNIT) addon/test/host/*.js addon/test/host/*.mjs addon/test/package/*.js \
	  addon/bench/test/rounds.js testbed/test/host/*.js ci/test/workflow.js ci/test/junit.js ci/test/matrix-table.js ci/test/kernel.js ci/test/boot-retry.js ci/test/matrix-run.js \
	  ci/test/conformance-names.js

# What needs SCTP runs under a kernel that has it: natively when the host
# has it, else in one VM boot for the whole suite (ci/sctp-run).
KERNEL_TESTS = addon/test/sctp/*.js testbed/test/live/run.sh addon/bench/test/tiny.js
test-kernel: all $(PACKAGE_APPS)/app/apps.json
	$(SCTP_RUN) $(VM_IMAGES) -- $(NODE) ci/run-tap.js --suite kernel --timeout 900 \
	  --out $(RESULTS)/kernel.json $(KERNEL_TESTS)

# The README's apps installed from the packed tarball into an empty
# project, no compiler, no network (addon/test/package/fixtures/make-apps.js), for
# addon/test/sctp/readme-apps.js to run against the kernel.
$(PACKAGE_APPS)/app/apps.json: build/prebuilds.stamp README.md addon/README.md addon/package.json \
  $(wildcard addon/lib/*.js addon/lib/*.mjs addon/*.d.ts) addon/test/package/fixtures/make-apps.js addon/test/readme-blocks.js
	$(NODE) addon/test/package/fixtures/make-apps.js $(PACKAGE_APPS)

# valgrind (memcheck) over one IPv6 association through the addon, under a
# kernel with SCTP: any error fails it (exit 1). ci/valgrind-node.supp holds
# Node's and V8's own noise only, each entry with its reason; none names a
# frame of the addon. Run by .ci/run, not by `make test`: node's start
# alone takes ~7 s under memcheck natively and 129 s under TCG. Measured
# here (2026-12-03): 0 errors, 3 min 5 s with the boot (both associations,
# the graceful one and the one destroy() aborts, in 19.5 s after start).
# node runs --jitless: V8's generated code is not ours to check, and
# without it valgrind has no machine code to re-translate as V8 rewrites it
# (about twice as fast); the addon's code runs the same either way.
VALGRIND      ?= valgrind
VALGRIND_TEST := addon/test/valgrind/assoc.js
.PHONY: test-valgrind
test-valgrind: addon
	$(SCTP_RUN) $(VM_IMAGES) --timeout 1800 -- $(VALGRIND) --error-exitcode=1 \
	  --leak-check=no --num-callers=40 --suppressions=$(CURDIR)/ci/valgrind-node.supp \
	  $(NODE) --jitless $(VALGRIND_TEST)

# The conformance run (the main job): every scenario in scenarios/ and
# examples/*/scenarios/ through the testbed runner, one VM boot for all;
# then the HTML report (make test's report suite checks it in headless
# Chromium). Timelines, summary.json, JUnit and report.html go to
# build/conformance/ and build/test-results/.
CONFORMANCE := build/conformance
SCENARIOS   := $(sort $(wildcard scenarios/*.scn)) $(sort $(wildcard examples/*/scenarios/*.scn))
conformance: all
	@rm -rf $(CONFORMANCE)
	$(SCTP_RUN) $(VM_IMAGES) --timeout 1500 -- $(NODE) ci/conformance.js --out $(CONFORMANCE) $(SCENARIOS); \
	  status=$$?; \
	  $(NODE) ci/junit.mjs --out $(RESULTS) conformance=$(CONFORMANCE)/conformance.tap; \
	  $(NODE) testbed/report/report.js --out $(CONFORMANCE)/report.html $(CONFORMANCE)/*.jsonl && \
	  echo "report: $(CONFORMANCE)/report.html" && exit $$status

# What a CI job runs first (the GitHub workflow in .github/workflows, the
# GitLab example in README.md): the distribution's packages and npm's, as
# root. Then, for its page, ci-summary prints the tables in Markdown.
.PHONY: ci-deps ci-summary test-junit
ci-deps: deps addon/node_modules/.package-lock.json

ci-summary:
	@$(NODE) ci/ci-summary.js $(RESULTS) $(CONFORMANCE) build/matrix

# The kernel matrix: the conformance run under each of KERNELS (one VM boot
# each; downloaded once into the cache), one table scenario x kernel, and
# the differences in words. build/matrix/NAME/ per kernel, matrix.txt.
KERNELS     ?= bullseye bookworm trixie sid
MATRIX_JOBS ?= 2
.PHONY: conformance-matrix
conformance-matrix: all
	$(NODE) ci/matrix.js --out build/matrix --kernels "$(KERNELS)" --jobs $(MATRIX_JOBS) \
	  --image $(CURDIR)/addon/node_modules $(SCENARIOS); \
	  status=$$?; \
	  $(NODE) ci/junit.mjs --out $(RESULTS) $(foreach k,$(KERNELS),conformance-$(k)=build/matrix/$(k)/conformance.tap); \
	  $(NODE) testbed/report/report.js --matrix build/matrix --out build/matrix/report.html && \
	  echo "report: build/matrix/report.html" && exit $$status

# Your own scenarios, and the programs they start (testbed/README.md, "Your
# own program"): SCENARIO="path/a.scn ...", anywhere on this machine; the
# conformance run on them, its timelines, JUnit (scenario.xml) and report
# in build/scenario/.
SCENARIO ?=
.PHONY: scenario scenario-deps
scenario scenario-deps: DEPS = scenario
# What a project of its own installs first (testbed/README.md): the
# build's packages and the VM fallback's, and the addon's npm packages.
scenario-deps: deps addon/node_modules/.package-lock.json
scenario: all
	@test -n "$(SCENARIO)" || { echo 'usage: make scenario SCENARIO="FILE.scn ..."' >&2; exit 2; }
	@rm -rf build/scenario
	$(SCTP_RUN) $(VM_IMAGES) --timeout 1500 -- $(NODE) ci/conformance.js --out $(CURDIR)/build/scenario $(abspath $(SCENARIO)); \
	  status=$$?; \
	  $(NODE) ci/junit.mjs --out build/scenario scenario=build/scenario/conformance.tap; \
	  $(NODE) testbed/report/report.js --out build/scenario/report.html build/scenario/*.jsonl && \
	  echo "report: build/scenario/report.html" && exit $$status

# In make test: the same run counted as a suite, then the report it leaves
# rendered and loaded in chromium (the report suite).
test-conformance: all
	@rm -rf $(CONFORMANCE)
	$(SCTP_RUN) $(VM_IMAGES) --timeout 1500 -- $(NODE) ci/run-tap.js --suite conformance \
	  --timeout 1200 --out $(RESULTS)/conformance.json ci/conformance.js

# JUnit XML beside the suites' TAP, for CI systems to show
# (build/test-results/*.xml); the report suite then checks that they parse
# and agree with the counts.
test-junit:
	$(NODE) ci/junit.mjs --out $(RESULTS) $(RESULTS)/host.tap $(RESULTS)/kernel.tap \
	  conformance=$(CONFORMANCE)/conformance.tap

test-report:
	$(NODE) testbed/report/report.js --out $(CONFORMANCE)/report.html $(CONFORMANCE)/*.jsonl
	REPORT_SCENARIOS="$(notdir $(basename $(SCENARIOS)))" $(NODE) ci/run-tap.js --suite report \
	  --out $(RESULTS)/report.json ci/report-suite.js testbed/report/test/report.js testbed/report/test/matrix.js \
	  ci/test/junit-files.js

# The kernel suite and the conformance run while stress-ng keeps every host
# core busy (a CI runner is rarely quiet); LOAD_RUNS runs in a row, a table
# of failures per file and scenario (ci/test-load).
.PHONY: test-load
LOAD_RUNS ?= 1
test-load: all
	ci/test-load --runs $(LOAD_RUNS)

# The addon and the testbed built with ASan+UBSan in a copy of the tree
# (build/asan/), the host JS tests, the kernel suite and the conformance run
# on them, every sanitizer report judged (ci/test-asan, ci/asan-check.js).
.PHONY: test-asan
test-asan: all
	ci/test-asan

# The soak (README.md, "Soak"): associations opening and closing, many
# streams, paused readers, path flaps and server kills for SOAK_DURATION
# seconds (default one hour), every message checked, leaks checked at the
# end; SOAK_SEED=N replays a schedule. build/soak/report.json.
# soak-short is the CI version (about 2.5 min with the boot).
.PHONY: soak soak-short
SOAK_DURATION ?= 3600
SOAK_SEED ?=
soak: addon testbed
	$(SCTP_RUN) $(VM_IMAGES) --timeout $$(($(SOAK_DURATION) + 600)) -- $(NODE) addon/soak/soak.js \
	  --duration $(SOAK_DURATION) $(if $(SOAK_SEED),--seed $(SOAK_SEED)) --out build/soak/report.json

soak-short: addon testbed
	$(SCTP_RUN) $(VM_IMAGES) --timeout 600 -- $(NODE) addon/soak/soak.js \
	  --duration 100 $(if $(SOAK_SEED),--seed $(SOAK_SEED)) --out build/soak/short.json

# The whole suite in a container (docker or podman, whichever is there; on a
# Debian machine with neither, podman is installed). README.md, "Docker".
.PHONY: docker-test
docker-test:
	docker/test

# Fuzzing (libFuzzer, clang): the notification decoder, the scenario
# parser and the runner's reader of agents' JSON lines, each on a copy of
# its seed corpus; exit 1 on any crash, leak or hang (ci/fuzz).
FUZZ_TIME ?= 600
.PHONY: fuzz fuzz-short
fuzz:
	ci/fuzz --time $(FUZZ_TIME)
fuzz-short:
	ci/fuzz --time 50

clean:
	rm -rf addon/build build
	$(MAKE) -C testbed clean
	$(MAKE) -C addon/test/c clean
