"""Trains the Rasa model only when what it is trained from has changed.

The fingerprint covers the domain, the config, the training data, the generated entity patterns
(the spaCy pipeline is not inside Rasa's model archive), the safety exemplars, the fact book and the
code of our own NLU components (they shape what the model learns) and the pinned dependencies. A warm start
reuses the last model and skips the minutes that training takes.

    python -m service.train            train if needed
    python -m service.train --force    train anyway
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from knowledge.entities import PATTERNS_FILE
from service.settings import PROJECT_ROOT

MODELS_DIR = PROJECT_ROOT / "models"
MODEL_NAME = "assistant"
MODEL_FILE = MODELS_DIR / f"{MODEL_NAME}.tar.gz"
FINGERPRINT_FILE = MODELS_DIR / f"{MODEL_NAME}.fingerprint"
SPACY_DIR = MODELS_DIR / "spacy_kb"


def training_inputs(root: Path = PROJECT_ROOT) -> Iterable[Path]:
    yield root / "domain.yml"
    yield root / "config.yml"
    yield from sorted((root / "data").rglob("*.yml"))
    yield PATTERNS_FILE
    yield from sorted((root / "safety").glob("exemplars*.yml"))
    yield from sorted((root / "knowledge" / "facts").glob("*.yml"))  # the fact book gate's vectors
    for component in (
        "safety/nlu.py",
        "safety/semantic.py",
        "retrieval/featurizer.py",
        "retrieval/gate.py",
        "retrieval/encoder.py",
    ):
        yield root / component
    yield root / "requirements.lock"


def fingerprint(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_spacy_pipeline() -> None:
    marker = SPACY_DIR / "patterns.sha256"
    wanted = hashlib.sha256(PATTERNS_FILE.read_bytes()).hexdigest()
    if not marker.exists() or marker.read_text() != wanted:
        # In a child process: importing spaCy pulls in TensorFlow, which the supervisor need not carry.
        subprocess.run(
            [sys.executable, "-m", "knowledge", "spacy", str(SPACY_DIR)],
            cwd=PROJECT_ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        marker.write_text(wanted)


def train_if_changed(force: bool = False) -> bool:
    """Returns True when a model was trained, False when the last one was reused."""
    ensure_spacy_pipeline()
    current = fingerprint(training_inputs())
    if not force and MODEL_FILE.exists() and FINGERPRINT_FILE.exists() and FINGERPRINT_FILE.read_text() == current:
        print(f"train: nothing changed since the last training; reusing {MODEL_FILE.relative_to(PROJECT_ROOT)}")
        return False
    log = Path(os.environ.get("LOG_DIR", PROJECT_ROOT / "var" / "logs")) / "train.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    print(
        f"train: domain, config or data changed; training the model (about 6 minutes on 2 cores; progress in {log})...",
        flush=True,
    )
    started = time.perf_counter()
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
    command = [sys.executable, "-m", "rasa", "train", "--fixed-model-name", MODEL_NAME, "--out", str(MODELS_DIR)]
    with open(log, "w") as output:
        result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").strip().splitlines()[-25:])
        raise SystemExit(
            f"train: training failed (exit {result.returncode}). Last lines of {log}:\n{tail}\n"
            "train: fix the data or config, check with `make validate`, then run again."
        )
    FINGERPRINT_FILE.write_text(current)
    took = f"model trained in {time.perf_counter() - started:.0f} s"
    with open(log, "a") as output:
        output.write(f"{took}\n")  # `make bench` reads the training time from here
    print(f"train: {took}")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--force", action="store_true", help="train even when nothing changed")
    train_if_changed(parser.parse_args().force)


if __name__ == "__main__":
    main()
