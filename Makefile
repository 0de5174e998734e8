# lksctp: top-level build and test entry points.
#   make            build the addon and the testbed
#   make test       every suite; ends with one line "N passed, N failed"
#   make check-env  say what is missing (installs it when root)

NODE      ?= node
NODEDIR   ?= /usr
NODE_GYP  := addon/node_modules/.bin/node-gyp
RESULTS   := build/test-results
SCTP_RUN  := ci/sctp-run
# Trees the VM reads a lot of and never writes: handed over as block images.
VM_IMAGES := --image $(CURDIR)/addon/node_modules

.PHONY: all deps addon testbed test test-host test-kernel test-summary clean check-env

all: addon testbed build/bin/sctp_peer

deps: $(RESULTS)/.deps
$(RESULTS)/.deps: ci/install-deps addon/package-lock.json
	ci/install-deps
	@mkdir -p $(RESULTS) && touch $@

addon/node_modules/.package-lock.json: addon/package-lock.json | deps
	cd addon && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

ADDON_SRC := $(wildcard addon/src/*.c addon/src/*.h) addon/binding.gyp
addon/build/Release/lksctp.node: $(ADDON_SRC) addon/node_modules/.package-lock.json
	cd addon && ../$(NODE_GYP) configure --nodedir=$(NODEDIR) >/dev/null && ../$(NODE_GYP) build --nodedir=$(NODEDIR)
	@touch $@

addon: addon/build/Release/lksctp.node

testbed: deps
	$(MAKE) -C testbed

# A plain C peer on libsctp for the addon's interop tests.
build/bin/sctp_peer: addon/test/peer/sctp_peer.c | deps
	@mkdir -p build/bin
	$(CC) -std=gnu11 -Wall -Wextra -Werror -O2 -o $@ $< -lsctp

check-env:
	ci/install-deps --check

# Suites write their counts to $(RESULTS)/<suite>.json; the summary adds
# them up. A suite that did not write its file counts as failed.
# JS line coverage is collected over both (V8's own, read by c8).
COVERAGE := $(CURDIR)/build/coverage/raw
test: all
	@rm -rf $(RESULTS)/*.json $(COVERAGE)
	-@NODE_V8_COVERAGE=$(COVERAGE) $(MAKE) --no-print-directory test-host
	-@NODE_V8_COVERAGE=$(COVERAGE) $(MAKE) --no-print-directory test-kernel
	-@$(NODE) ci/coverage.js $(COVERAGE) $(RESULTS)/coverage.json 90
	@$(NODE) ci/summary.js $(RESULTS) host kernel coverage

# What needs no SCTP runs on the host, where it is fast.
C_UNIT := addon/build/test-c/san/test_notify addon/build/test-c/san/test_addr \
          testbed/bin/unit
test-host: all
	$(MAKE) -C addon/test/c build
	$(NODE) ci/run-tap.js --suite host --out $(RESULTS)/host.json \
	  $(C_UNIT) addon/test/host/*.js addon/test/host/*.mjs

# What needs SCTP runs under a kernel that has it: natively when the host
# has it, else in one VM boot for the whole suite (ci/sctp-run).
KERNEL_TESTS = addon/test/sctp/*.js testbed/test/live/run.sh
test-kernel: all
	$(SCTP_RUN) $(VM_IMAGES) -- $(NODE) ci/run-tap.js --suite kernel \
	  --out $(RESULTS)/kernel.json $(KERNEL_TESTS)

clean:
	rm -rf addon/build build
	$(MAKE) -C testbed clean
	$(MAKE) -C addon/test/c clean
