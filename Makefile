# The two commands of the README: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(PY) -m rasa
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
# Rasa 3.6's dependencies print pages of deprecation warnings on every start; they are not ours.
export PYTHONWARNINGS := ignore

.PHONY: run test install browser lint unit validate train test-stories test-nlu e2e eval eval-questions bench bench-safety bench-login bench-kb fuzz lock kb clean

run: install  ## start the assistant (action server, Rasa, website) on embedded defaults
	@$(PY) -m service.run

test: install browser  ## everything CI checks
	@echo "test: 1/7 lint" && $(MAKE) --no-print-directory lint
	@echo "test: 2/7 knowledge files and generated NLU resources" && $(PY) -m knowledge check
	@echo "test: 3/7 unit tests" && $(MAKE) --no-print-directory unit
	@echo "test: 4/7 rasa data validate" && $(MAKE) --no-print-directory validate
	@echo "test: 5/7 training (skipped when nothing changed)" && $(MAKE) --no-print-directory train
	@echo "test: 6/7 rasa test (stories, held-out NLU)" && $(MAKE) --no-print-directory test-stories test-nlu
	@echo "test: 7/7 end-to-end tests against real servers" && $(MAKE) --no-print-directory e2e

install: $(VENV)/.installed web/node_modules/.package-lock.json

# The website chat's socket.io client, from npm with the lock file (served from web/node_modules).
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	@command -v npm > /dev/null || { echo "install: npm is needed for the website chat (e.g. apt-get install -y npm)"; exit 1; }
	@echo "install: installing the website's npm packages from web/package-lock.json..."
	@npm ci --prefix web --ignore-scripts --no-audit --no-fund --loglevel=error \
	  || { echo "install: npm ci failed; check access to the npm registry, then run 'make install' again"; exit 1; }

$(VENV)/.installed: requirements.lock pyproject.toml scripts/find-python.sh
	@python=$$(scripts/find-python.sh) || exit 1; \
	if [ ! -x $(PY) ]; then \
	  echo "install: creating .venv with $$python"; \
	  $$python -m venv $(VENV) || { echo "install: could not create .venv; is the venv module of $$python installed?"; exit 1; }; \
	fi
	@echo "install: installing the pinned dependencies from requirements.lock (a few minutes the first time)..."
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock \
	  || { echo "install: pip could not install requirements.lock; check access to PyPI, then run 'make install' again"; exit 1; }
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . \
	  || { echo "install: could not install the project itself; run 'make install' again to see pip's error"; exit 1; }
	@touch $@

browser:  ## Debian's chromium for the browser tests
	@scripts/install-browser.sh

lint:
	@$(PY) -m ruff check .

unit:
	@$(PY) -m pytest -q -m "not e2e"

validate:
	@$(RASA) data validate --fail-on-warnings --quiet > /dev/null 2> var-validate.log \
	  && rm -f var-validate.log && echo "validate: no errors, no warnings" \
	  || { grep -E "UserWarning|ERROR|Error" var-validate.log; rm -f var-validate.log; exit 1; }

train:
	@$(PY) -m service.train

kb:
	@$(PY) -m knowledge build

test-stories: train
	@$(RASA) test core --stories tests/test_stories.yml --model models/assistant.tar.gz \
	  --fail-on-prediction-errors --out results/stories > results-stories.log 2>&1 \
	  && rm -f results-stories.log && echo "stories: all test stories pass" \
	  || { grep -v -E "^\s*$$" results-stories.log | tail -40; cat results/stories/failed_test_stories.yml 2>/dev/null | head -60; exit 1; }

test-nlu: train
	@$(RASA) test nlu --nlu tests/nlu_test.yml --model models/assistant.tar.gz --out results/nlu > results-nlu.log 2>&1 \
	  || { tail -30 results-nlu.log; exit 1; }
	@rm -f results-nlu.log
	@$(PY) -m scripts.nlu_report results/nlu

e2e: train
	@$(PY) -m pytest -q -m e2e

eval: train  ## out-of-scope rejection on CLINC150 and in-scope accuracy
	@$(PY) -m scripts.evaluate

eval-questions: train  ## the independent evaluation sets over REST (tests/eval/): facts, safety, languages
	@$(PY) -m scripts.evaluate_questions --misses results/eval-misses.txt

bench: train  ## REST latency and throughput, ours vs Rasa's default configuration (docs/benchmarks.md)
	@$(PY) -m scripts.bench

bench-safety:  ## the safety check's time per message (rules, plain words, the whole check)
	@$(PY) -m scripts.bench_safety

bench-login:  ## a coordinator's queue page during a flood of bad logins (32 threads, 20 s, loopback)
	@$(PY) -m scripts.bench_login

bench-kb:  ## knowledge-base build and query times
	@$(PY) -m scripts.bench_knowledge

fuzz: train  ## 10,000 bad messages (FUZZ_COUNT) to REST and socket.io of a throwaway assistant
	@$(PY) -m scripts.fuzz_inputs

lock:  ## regenerate requirements.lock after changing dependencies in pyproject.toml
	@$(PY) -m pip install --quiet pip-tools
	@$(VENV)/bin/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
	  -o requirements.lock pyproject.toml

clean:
	rm -rf models results var
