# ticketreport — the two commands a newcomer runs are `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
# msmtp, not msmtp-mta: the mail test calls it by path, and /usr/sbin/sendmail stays whatever the machine has.
APT_PACKAGES := libxlsxwriter-dev libsqlite3-dev sqlite3 time msmtp
PIP_PACKAGES := openpyxl==3.1.5 XlsxWriter aiosmtpd
RELEASE_BIN := .build/release

.PHONY: setup build debug test lint format demo bench clean-demo screenshot fuzz

## setup: install the system libraries and test readers that are missing (needs root on Debian).
setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null || \
	    { echo "error: could not install$$missing (run as root, or install them yourself)"; exit 1; }; \
	fi
	@python3 -c "import openpyxl, xlsxwriter, aiosmtpd" 2>/dev/null || pip install -q $(PIP_PACKAGES)
	@# Headless Chromium renders the demo page in `make test`; large, so only when missing.
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing chromium (headless browser for the HTML test; large, once)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 || { \
	    echo ""; \
	    echo "########################################################################"; \
	    echo "## WARNING: could not install chromium (apt-get install chromium)."; \
	    echo "## The browser test of the HTML pack will be SKIPPED."; \
	    echo "########################################################################"; \
	    echo ""; }; }
	@# LibreOffice prints the workbook to PDF and poppler reads the PDFs (PrintSetupTests,
	@# HTMLPrintTests); without recommends it installs in ~15 s.
	@{ command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; } || { \
	  echo "Installing libreoffice-calc-nogui and poppler-utils (the print tests)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    libreoffice-calc-nogui poppler-utils) >/dev/null 2>&1 || { \
	    echo ""; \
	    echo "########################################################################"; \
	    echo "## WARNING: could not install libreoffice-calc-nogui / poppler-utils."; \
	    echo "## The print tests of the workbook and the HTML page will NOT RUN."; \
	    echo "########################################################################"; \
	    echo ""; }; }

## build: release binaries in .build/release (ticketreport, helpdesk-sim).
build: setup
	$(SWIFT) build -c release

debug: setup
	$(SWIFT) build --build-tests

## test: install what is missing, build, run every test.
test: setup
	$(SWIFT) build --build-tests
	@# Serial: in-process simulators share the 2-core cooperative pool with the tests that wait on them.
	$(SWIFT) test --skip-build --no-parallel 2>&1 | tee .build/test-output.txt; exit $${PIPESTATUS[0]}

## lint: swift format in strict mode, with the committed .swift-format.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Benchmarks Package.swift

format:
	$(SWIFT) format --in-place --recursive Sources Tests Benchmarks Package.swift

## demo: the built-in simulated helpdesk → store → monthly pack in ./demo-output/.
demo: build
	$(RELEASE_BIN)/ticketreport demo --out demo-output

## screenshot: docs/demo-pack.png, the README's picture of the demo page (headless Chromium).
screenshot: demo
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1400 \
	  --screenshot=docs/demo-pack.png "file://$(CURDIR)/$$(ls demo-output/support-*.html | tail -1)" 2>/dev/null

## bench: release binaries, each stage against its own baseline in the same run.
bench: build
	@mkdir -p .build
	cc -O2 bench/xlsx_cells.c -lxlsxwriter -o .build/xlsx_cells
	bash bench/run.sh

## fuzz: libFuzzer on the Get Ticket decoder, the date parser, report headers and the config, FUZZ_SECONDS each (default 60).
FUZZ_SECONDS ?= 60
fuzz:
	bash Tests/Fuzz/run.sh $(FUZZ_SECONDS)
