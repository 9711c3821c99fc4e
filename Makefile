# ticketreport — the two commands a newcomer runs are `make demo` and `make test`.
SHELL := /bin/bash
SWIFT ?= swift
# msmtp, not msmtp-mta: the mail test calls it by path, and /usr/sbin/sendmail stays whatever the machine has.
APT_PACKAGES := libxlsxwriter-dev libsqlite3-dev sqlite3 time msmtp
PIP_PACKAGES := openpyxl==3.1.5 XlsxWriter aiosmtpd datasette==0.65.5 sqlite-utils==4.2.1
RELEASE_BIN := .build/release
# Release binaries carry the Swift runtime and Foundation inside: the machine they are copied
# to needs only Debian's libsqlite3-0 and libxlsxwriter (no Swift toolchain).
RELEASE_FLAGS := -c release --static-swift-stdlib
# Where `make install` puts things (DESTDIR for packagers' staging folders).
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
VERSION = $(shell sed -n 's/.*static let number = "\(.*\)"/\1/p' Sources/HelpdeskAPI/ToolVersion.swift)
DIST := ticketreport-$(VERSION)-linux-$(shell uname -m)
# swift-argument-parser's manual generator, which its `generate-manual` plugin builds.
GENERATE_MANUAL = .build/$(shell uname -m)-unknown-linux-gnu/debug/generate-manual-tool

.PHONY: setup build debug test lint format demo bench clean-demo screenshot fuzz resources man install uninstall \
	dist install-check

## setup: install the system libraries and test readers that are missing (needs root on Debian).
setup:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null || \
	    { echo "error: could not install$$missing (run as root, or install them yourself)"; exit 1; }; \
	fi
	@python3 -c "import openpyxl, xlsxwriter, aiosmtpd, datasette, sqlite_utils" 2>/dev/null || pip install -q $(PIP_PACKAGES)
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
	$(SWIFT) build $(RELEASE_FLAGS)

## resources: compile the built-in reports, queries and templates in again after editing them.
resources:
	bash scripts/embed-resources.sh

## man: .build/man/ticketreport.1 from the command definitions (swift-argument-parser's generator).
man: build
	@[ -x $(GENERATE_MANUAL) ] || $(SWIFT) package --disable-sandbox plugin generate-manual --help >/dev/null
	@mkdir -p .build/man
	$(GENERATE_MANUAL) $(RELEASE_BIN)/ticketreport --output-directory .build/man \
	  --authors "the ticketreport developers" --date "$$(git log -1 --format=%cs 2>/dev/null || date +%F)"

## install: binaries, man page and shell completions under PREFIX (default /usr/local).
install: man
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 $(RELEASE_BIN)/ticketreport $(RELEASE_BIN)/helpdesk-sim $(BINDIR)/
	install -m 644 .build/man/ticketreport.1 $(MANDIR)/ticketreport.1
	$(RELEASE_BIN)/ticketreport --generate-completion-script bash > $(BASHDIR)/ticketreport
	$(RELEASE_BIN)/ticketreport --generate-completion-script zsh > $(ZSHDIR)/_ticketreport
	$(RELEASE_BIN)/ticketreport --generate-completion-script fish > $(FISHDIR)/ticketreport.fish

## uninstall: removes exactly what `make install` put under PREFIX.
uninstall:
	rm -f $(BINDIR)/ticketreport $(BINDIR)/helpdesk-sim $(MANDIR)/ticketreport.1 $(BASHDIR)/ticketreport \
	  $(ZSHDIR)/_ticketreport $(FISHDIR)/ticketreport.fish

## dist: ticketreport-VERSION-linux-ARCH.tar.gz, the install layout plus README, LICENSE, CHANGELOG.
dist: man
	rm -rf .build/dist && mkdir -p .build/dist
	$(MAKE) --no-print-directory install PREFIX= DESTDIR=$(CURDIR)/.build/dist/$(DIST)
	cp README.md LICENSE CHANGELOG.md .build/dist/$(DIST)/
	tar -C .build/dist -czf $(DIST).tar.gz $(DIST)
	@echo "Wrote $(DIST).tar.gz"

## install-check: install into a temporary prefix and use it from a folder with nothing around.
install-check: dist
	bash scripts/install-check.sh $(DIST).tar.gz

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
