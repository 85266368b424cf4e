# bantin — the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CONTENT ?= content
OUTPUT ?= output
PORT ?= 8000
DEMO := .demo
# A fixed clock makes the demo give the same result every time.
DEMO_NOW ?= 2026-03-20T08:00

export BANTIN_CONTENT := $(CONTENT)
export BANTIN_OUTPUT := $(OUTPUT)

.PHONY: help install install-reports install-test install-dev lock demo test attack html regenerate serve devserver publish clean system-deps lint template bench docs rules-docs check search-index audit audit-tools browser-10k

help:
	@echo "make demo         tạo .venv, chạy toàn bộ quy trình trên tin mẫu và dựng trang vào $(OUTPUT)/"
	@echo "make test         chạy toàn bộ kiểm thử"
	@echo "make attack       tấn công thử: nhận bộ bài gửi độc hại, dựng trang, mở mọi trang bằng Chromium"
	@echo "make html         dựng trang từ $(CONTENT)/ vào $(OUTPUT)/ (chỉ dựng lại trang có thay đổi)"
	@echo "make serve        xem trang tại http://localhost:$(PORT)/"
	@echo "make publish      dựng trang chính thức (publishconf.py), kèm chỉ mục tìm kiếm"
	@echo "make browser-10k  kiểm thử trang tìm kiếm trong Chromium trên trang 10.000 bài (mất vài phút)"
	@echo "make audit        chấm điểm Lighthouse, kiểm tra trợ năng (axe) và HTML (vnu) mọi loại trang của trang mẫu"
	@echo "make install      cài đúng các phiên bản đã khóa trong requirements/ (make lock để cập nhật)"
	@echo "make system-deps  cài LibreOffice, Chromium, pandoc, dovecot (cho kiểm thử thư), Node.js, Java (Debian/Ubuntu, quyền root)"
	@echo "make audit-tools  cài Lighthouse, axe-core, vnu-jar từ npm vào build/ (kiểm thử trợ năng, HTML cần)"
	@echo "make docs         sinh lại tài liệu tham chiếu docs/reference/*.md"
	@echo "make fidelity     đo độ trung thực khi chuyển đổi tài liệu mẫu, so với pandoc (reports/fidelity.md)"

# --- Installing: only from the hashed lock files in requirements/ (docs/build.md) -----------------
# One lock per purpose, each a complete set: runtime (build, check, publish, deploy), reports
# (+ matplotlib), test (+ what the tests use), dev (+ ruff, mypy, uv). A stamp per purpose keeps
# `make X` instant while neither its lock nor pyproject.toml changed; a larger set includes the smaller.
LOCKS := requirements
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check
INCLUDES_runtime :=
INCLUDES_reports := runtime
INCLUDES_test := runtime reports
INCLUDES_dev := runtime reports test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The project itself: editable, no dependencies of its own (all come from the lock), and built with
# the locked setuptools rather than one downloaded unpinned into an isolated build environment.
$(BIN)/.installed-%: $(LOCKS)/%.txt pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) --require-hashes -r $<
	$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	touch $@ $(foreach p,$(INCLUDES_$*),$(BIN)/.installed-$(p))

install: $(BIN)/.installed-runtime
install-reports: $(BIN)/.installed-reports
install-test: $(BIN)/.installed-test
install-dev: $(BIN)/.installed-dev

# Rewrites the four locks from pyproject.toml (+ requirements/build.in), keeping every pin that still
# fits; `make lock UPGRADE=1` moves everything to the newest releases, UPGRADE_PACKAGE="pelican" one.
# Universal: one lock for Linux, macOS and Windows, Python 3.11 and newer. Needs PyPI (network).
LOCK_PYTHON := 3.11
UV_COMPILE := $(BIN)/uv pip compile --quiet --universal --python-version $(LOCK_PYTHON) --generate-hashes \
	--custom-compile-command "make lock"
UPGRADE ?=
UPGRADE_PACKAGE ?=
lock: install-dev
	$(UV_COMPILE) $(if $(UPGRADE),--upgrade) $(foreach p,$(UPGRADE_PACKAGE),--upgrade-package $(p)) \
		--extra reports --extra test --extra dev -o $(LOCKS)/dev.txt pyproject.toml $(LOCKS)/build.in
	$(UV_COMPILE) --extra reports --extra test -c $(LOCKS)/dev.txt -o $(LOCKS)/test.txt pyproject.toml $(LOCKS)/build.in
	$(UV_COMPILE) --extra reports -c $(LOCKS)/dev.txt -o $(LOCKS)/reports.txt pyproject.toml $(LOCKS)/build.in
	$(UV_COMPILE) -c $(LOCKS)/dev.txt -o $(LOCKS)/runtime.txt pyproject.toml $(LOCKS)/build.in

demo: install
	rm -rf $(DEMO)
	mkdir -p $(DEMO)
	cp -r content $(DEMO)/content
	@echo "Tin mẫu được thả vào hộp tin $(DEMO)/submissions:"
	$(BIN)/python demo/make_samples.py $(DEMO)/submissions $(DEMO)/editorial.yml
	BANTIN_NOW=$(DEMO_NOW) BANTIN_CONFIG=$(DEMO)/editorial.yml $(BIN)/pipeline --content $(DEMO)/content --inbox $(DEMO)/submissions ingest
	rm -rf $(OUTPUT)
	BANTIN_CONTENT=$(DEMO)/content BANTIN_CONFIG=$(DEMO)/editorial.yml $(BIN)/pelican -s pelicanconf.py -o $(OUTPUT) --fatal errors
	$(BIN)/pipeline search-index $(OUTPUT)
	@echo ""
	@echo "Xong. Bài viết: $(DEMO)/content/  —  Trang web: $(OUTPUT)/index.html"
	@echo "Xem trang: make serve  (rồi mở http://localhost:$(PORT)/)"

# PYTEST_ARGS: extra pytest options, e.g. make test PYTEST_ARGS='-k report -x'.
PYTEST_ARGS ?=
test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The search page's browser tests on a generated site of 10,000 articles (16 known + 9,984 synthetic),
# dev and public builds with their search index; not in `make test` (the builds alone take minutes).
browser-10k: install-test
	BANTIN_BROWSER_SYNTHETIC=9984 $(BIN)/python -m pytest -p no:cacheprovider tests/browser/test_search_browser.py $(PYTEST_ARGS)

# The hostile content corpus (tests/hostile/corpus.py) ingested, built and opened page by page in
# headless Chromium on 127.0.0.1: no dialog, no request off 127.0.0.1, no CSP violation, no leak.
# ATTACK_KEEP=dir keeps the workspace (inbox, content, output) for a look afterwards.
attack: install-test
	PYTHONPATH=. $(BIN)/python -m tests.hostile.attack $(if $(ATTACK_KEEP),--keep $(ATTACK_KEEP))

# Incremental: parsed articles are cached by content hash and only pages whose content changed are
# rendered (pipeline/site/reader.py, writer.py; cache in build/cache). No search index here: the
# publish build and the pull-request preview make it (`make search-index` adds it to any build).
html: install
	$(BIN)/pelican -s pelicanconf.py -o $(OUTPUT) --fatal errors

# The editors' preview (pipeline/site/preview.py): one process keeps the parsed site in memory and
# rebuilds only what an edit touches; an edit saved during a rebuild is picked up by the next one.
regenerate: install
	$(BIN)/python -m pipeline.site.preview --no-serve

serve: install
	$(BIN)/pelican --listen --port $(PORT) -s pelicanconf.py -o $(OUTPUT)

devserver: install
	$(BIN)/python -m pipeline.site.preview --port $(PORT)

# SITEURL (environment) sets the public address; default https://congdoan.bentre.gov.vn.
# GitHub/GitLab Pages need a public repository: refuse while any private data sits in it in clear.
publish: install
	$(if $(filter pages,$(DEPLOY_TARGET)),$(BIN)/pipeline contacts audit --lich-su)
	$(BIN)/pelican -s publishconf.py -o $(OUTPUT) --fatal errors
	$(BIN)/pipeline search-index $(OUTPUT)

# The site search index (pipeline/site/search*.py) of a built site, in place: run after any Pelican build.
search-index: install
	$(BIN)/pipeline search-index $(OUTPUT)

# The audit of the demo site built as the public site would be (publishconf.py) and served on
# 127.0.0.1: Lighthouse (mobile) on the home page, the newest article, a listing, the Q&A index and
# the search page with results; axe-core and the Nu HTML Checker on one page of each type. The npm
# tools go under build/ (make audit-tools); Java comes from make system-deps.
AUDIT_PORT ?= 8765
AUDIT_DIR ?= build/audit
LIGHTHOUSE_VERSION ?= 12.8.2
AXE_VERSION ?= 4.14.1
VNU_VERSION ?= 26.9.27
LIGHTHOUSE := build/lighthouse/node_modules/.bin/lighthouse
AXE := build/axe/node_modules/axe-core/axe.min.js
VNU := build/vnu/node_modules/vnu-jar/build/dist/vnu.jar
NPM_INSTALL := npm install --no-audit --no-fund --loglevel=error --prefix
AUDIT_MIN ?= 98

audit-tools:
	test -x $(LIGHTHOUSE) || $(NPM_INSTALL) build/lighthouse lighthouse@$(LIGHTHOUSE_VERSION)
	test -f $(AXE) || $(NPM_INSTALL) build/axe axe-core@$(AXE_VERSION)
	test -f $(VNU) || $(NPM_INSTALL) build/vnu vnu-jar@$(VNU_VERSION)

audit: install-test audit-tools
	test -d $(DEMO)/content || $(MAKE) --no-print-directory demo
	rm -rf $(AUDIT_DIR)/site
	BANTIN_CONTENT=$(DEMO)/content BANTIN_CONFIG=$(DEMO)/editorial.yml SITEURL=http://127.0.0.1:$(AUDIT_PORT) $(BIN)/pelican -s publishconf.py -o $(AUDIT_DIR)/site --fatal errors
	$(BIN)/pipeline search-index $(AUDIT_DIR)/site
	$(BIN)/pipeline audit --site $(AUDIT_DIR)/site --port $(AUDIT_PORT) --lighthouse $(LIGHTHOUSE) --chrome /usr/bin/chromium --out $(AUDIT_DIR) --min $(AUDIT_MIN) --axe $(AXE) --vnu $(VNU)

template: install
	$(BIN)/pipeline template mau-tin-bai.docx

lint: install-dev
	$(BIN)/ruff check pipeline tests
	$(BIN)/lint-imports
	$(BIN)/mypy pipeline --ignore-missing-imports

# docs/reference/*.md are generated by their [[[cog ]]] blocks (CLI help, front-matter table, rules,
# and any page other work adds); tests/test_docs_reference.py fails when one is stale.
docs: install-test
	$(BIN)/cog -I . -r docs/reference/*.md

# Only the rule table (docs/reference/rules.md), from the rules' docstrings.
rules-docs: install-test
	$(BIN)/pipeline rules --write docs/reference/rules.md

check: install
	$(BIN)/pipeline check

# Speed and memory targets live here, never in unit tests: each bench/bench_*.py prints its table.
# bench_site.py (site build against plain Pelican and Hugo) also writes build/bench/site.json and
# the generated table in docs/benchmarks.md. BENCH_SIZES=1000,10000 and BENCH_SCALING choose sizes.
# install-test: bench_search.py drives Chromium with Playwright (the test extra, which includes reports).
bench: install-test
	@for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

# The page-by-page golden copy of a small site (tests/test_site_golden.py). Refresh it only when a
# change to the site's output is intended, and commit it with that change.
.PHONY: site-golden
site-golden: install
	$(BIN)/python -m tests.golden_site

clean:
	rm -rf $(OUTPUT) $(DEMO) .pytest_cache

# Node.js: Debian's nodejs + npm, unless an npm is already there (NodeSource's nodejs bundles npm and
# conflicts with Debian's npm package).
system-deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		libreoffice-writer-nogui chromium pandoc fonts-dejavu-core rsync git dovecot-imapd openssl hyperfine hugo time bubblewrap \
		default-jre-headless $$(command -v npm >/dev/null 2>&1 || echo nodejs npm)
	$(MAKE) --no-print-directory audit-tools

# --- Git editorial workflow, CI and deployment ----------------------------------------------------
# The workflows (.github/workflows/*.yml, .gitlab-ci.yml) run only these targets; tests/test_workflows.py
# checks that, and the tests run each of them.
BASE ?= origin/main
CHECK_FORMAT ?= github
CHECK_SUMMARY ?= $(if $(GITHUB_STEP_SUMMARY),$(GITHUB_STEP_SUMMARY),reports/ci-check-summary.md)

.PHONY: codeowners codeowners-check ci-check ci-build code-changed deploy deploy-deps workflows-lint intake-push intake-deps mail-intake preview-publish preview-remove

codeowners: install
	$(BIN)/pipeline codeowners

codeowners-check: install
	$(BIN)/pipeline codeowners --check

# Checks only the articles changed since BASE (fetched when the CI checkout lacks it): a Markdown
# summary for the job page, then annotations on the changed files (this step's exit code counts).
ci-check: install
	git rev-parse --verify --quiet "$(BASE)^{commit}" >/dev/null || \
		git fetch --no-tags --quiet origin "+refs/heads/$(BASE:origin/%=%):refs/remotes/$(BASE)"
	mkdir -p "$(dir $(CHECK_SUMMARY))"
	-$(BIN)/pipeline check --changed-since $(BASE) --format markdown >> "$(CHECK_SUMMARY)"
	$(BIN)/pipeline check --changed-since $(BASE) --format $(CHECK_FORMAT)

# The pull-request preview: drafts, articles under review and scheduled articles included (under drafts/).
ci-build: install
	rm -rf $(OUTPUT)
	BANTIN_PREVIEW=1 $(MAKE) --no-print-directory html
	$(BIN)/pipeline search-index $(OUTPUT)

# Pull-request preview (check.yml job "preview"): the ci-build output, noindex, rsynced to
# DEPLOY_DEST/xem-truoc/$(PR)/ with the deploy settings, and ONE comment with the link (pipeline/workflow/preview.py).
PR ?=
preview-publish: install
	git rev-parse --verify --quiet "$(BASE)^{commit}" >/dev/null || \
		git fetch --no-tags --quiet origin "+refs/heads/$(BASE:origin/%=%):refs/remotes/$(BASE)" || true
	$(BIN)/pipeline preview publish --pr "$(PR)" --output $(OUTPUT) --base $(BASE)

preview-remove: install
	$(BIN)/pipeline preview remove --pr "$(PR)"

# Whether the change since BASE touches code rather than only articles: prints code=true|false, and
# adds it to $GITHUB_OUTPUT in GitHub Actions (check.yml runs `make test` only then). The GitLab test
# job lists the same paths under rules:changes (tests/test_workflows.py keeps the two in step).
CODE_PATHS := pipeline tests theme bench tools demo requirements .ci .github/workflows .gitlab-ci.yml \
	Makefile pyproject.toml editorial.yml '*.py'
code-changed:
	@git rev-parse --verify --quiet "$(BASE)^{commit}" >/dev/null || \
		git fetch --no-tags --quiet origin "+refs/heads/$(BASE:origin/%=%):refs/remotes/$(BASE)"
	@if git diff --quiet "$(BASE)...HEAD" -- $(CODE_PATHS); then code=false; else code=true; fi; \
		echo "code=$$code"; if [ -n "$$GITHUB_OUTPUT" ]; then echo "code=$$code" >> "$$GITHUB_OUTPUT"; fi

# rsync output/ to DEPLOY_DEST (pipeline deploy -h and docs/deployment.md list the DEPLOY_* settings).
deploy: install
	$(BIN)/pipeline deploy --output $(OUTPUT)

deploy-deps:
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends rsync openssh-client

# The CI intake (.github/workflows/intake.yml, the GitLab jobs "intake"): files uploaded to submissions/
# through the forge's web page → one branch and one pull request each (pipeline/workflow/intake_push.py).
# INTAKE_BRANCH names the pushed branch when the checkout is a detached commit (GitLab).
INTAKE_BRANCH ?=
intake-push: install
	$(BIN)/pipeline intake-push $(if $(INTAKE_BRANCH),--branch "$(INTAKE_BRANCH)")

# The scheduled mail intake (intake.yml job "mail", every 15 minutes): the collaborators' mailbox over IMAP
# (BANTIN_IMAP_* secrets) → submission folders → the same intake as an upload → one pull request each.
mail-intake: install
	$(BIN)/pipeline mail --submit

# What the intake needs besides Python: LibreOffice for .doc/.odt/.rtf, git. (sudo when not root: CI runners.)
SUDO ?= $(shell [ "$$(id -u)" = 0 ] || echo sudo)
intake-deps:
	$(SUDO) apt-get update
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-dejavu-core git

workflows-lint: install-test
	$(BIN)/actionlint .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.gitlab-ci .gitlab-ci.yml

# --- Editorial reports (internal: written to reports/, never into content/ or the site) -----------
# make report MONTH=2026-03 [REPORT_FORMAT=html|markdown|csv|json|text]
MONTH ?=
REPORT_FORMAT ?= html
.PHONY: report
report: install-reports
	$(BIN)/pipeline report $(if $(MONTH),--month $(MONTH)) --format $(REPORT_FORMAT) --out reports

# --- Conversion fidelity (internal: reports/fidelity.md) --------------------------------------------
# Converts ../shared/samples/real and the project's fixtures with the pipeline and with pandoc.
# The samples are read where they are (SAMPLES_DIR for a checkout elsewhere), never copied.
SAMPLES_DIR ?= ../shared/samples
.PHONY: fidelity
fidelity: install
	SAMPLES_DIR=$(abspath $(SAMPLES_DIR)) $(BIN)/python -m pytest -q tests/fidelity
	SAMPLES_DIR=$(abspath $(SAMPLES_DIR)) $(BIN)/python tools/fidelity.py

# Real Vietnamese office documents (list and origin: tools/corpus-vn.tsv; the files are not committed)
# through intake: title and its source, unit/topic, byline, recall against LibreOffice, mojibake.
FIDELITY_VN_DIR ?= ../shared/corpus-vn
.PHONY: fidelity-vn
fidelity-vn: install
	FIDELITY_VN_DIR=$(FIDELITY_VN_DIR) $(BIN)/python tools/fidelity_vn.py

# The same, and its figures and per-document table written into docs/conversion.md (generated block).
.PHONY: fidelity-vn-docs
fidelity-vn-docs: install
	FIDELITY_VN_DIR=$(FIDELITY_VN_DIR) $(BIN)/python tools/fidelity_vn.py --write-docs
