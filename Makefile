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

all: addon testbed

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

check-env:
	ci/install-deps --check

# Suites write their counts to $(RESULTS)/<suite>.json; the summary adds
# them up. A suite that did not write its file counts as failed.
test: all
	@rm -f $(RESULTS)/*.json
	-@$(MAKE) --no-print-directory test-host
	-@$(MAKE) --no-print-directory test-kernel
	@$(NODE) ci/summary.js $(RESULTS) host kernel

# What needs no SCTP runs on the host, where it is fast.
test-host: all
	$(MAKE) -C addon/test/c build
	$(MAKE) -C testbed build-unit
	$(NODE) ci/run-tap.js --suite host --out $(RESULTS)/host.json \
	  addon/test/c/bin/* testbed/bin/test-* addon/test/host/*.js

# What needs SCTP runs under a kernel that has it: natively when the host
# has it, else in one VM boot for the whole suite (ci/sctp-run).
test-kernel: all
	$(SCTP_RUN) $(VM_IMAGES) -- $(NODE) ci/run-tap.js --suite kernel \
	  --out $(RESULTS)/kernel.json addon/test/sctp/*.js

clean:
	rm -rf addon/build build
	$(MAKE) -C testbed clean
	$(MAKE) -C addon/test/c clean
