"""`make eval`: how well the assistant refuses what it cannot answer, and keeps what it can.

Out of scope: CLINC150's out-of-scope `test` queries and its unrelated in-scope queries (banking,
kitchen, ...), from ../shared/eval/external, must be routed to `out_of_scope` or `nlu_fallback`.
In scope: the held-out NLU test file and MedQuAD's core consumer questions on scars, acne and stem
cells must not be. Threshold tuning uses only the `val` lists (and only the part of the unrelated
val list that is not trained on, see scripts/clinc.py); `test` lists are reported, never trained on.
Prints the figures at the configured threshold and, for tuning, on a grid.

    python -m scripts.evaluate [--model models/assistant.tar.gz]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import time

import yaml

from retrieval.gate import QUESTION_INTENT, SIMILARITY_KEY
from scripts.clinc import tuning_part
from service.settings import PROJECT_ROOT

EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval" / "external"
REJECTED = {"out_of_scope", "nlu_fallback"}


def configured_threshold(component: str = "FallbackClassifier") -> float:
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())
    return next(c["threshold"] for c in config["pipeline"] if c["name"] == component)


GATE_THRESHOLD = configured_threshold("retrieval.gate.FactBookGate")


def top_intent(parsed: dict) -> tuple[str, float]:
    """The best real intent and its confidence (ignoring the fallback's own entry)."""
    ranking = [item for item in parsed.get("intent_ranking", []) if item["name"] != "nlu_fallback"]
    return (ranking[0]["name"], ranking[0]["confidence"]) if ranking else ("nlu_fallback", 0.0)


def rejected(parsed: dict, threshold: float) -> bool:
    """Rejected by the classifier, by the fallback at `threshold`, or by the fact-book gate."""
    name, confidence = top_intent(parsed)
    far = name == QUESTION_INTENT and parsed.get(SIMILARITY_KEY, 1.0) < GATE_THRESHOLD
    return name in REJECTED or confidence < threshold or far


async def parse_all(agent, texts: list[str]) -> list[dict]:
    return [await agent.parse_message(text) for text in texts]


def held_out_examples() -> list[tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(PROJECT_ROOT / "tests" / "nlu_test.yml"))
    return [(example.get("text"), example.get("intent")) for example in data.intent_examples]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(PROJECT_ROOT / "models" / "assistant.tar.gz"))
    args = parser.parse_args()
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)

    if not EVAL_DIR.exists():
        raise SystemExit(f"evaluate: {EVAL_DIR} is missing (the shared evaluation data sits beside the checkout)")
    clinc = json.loads((EVAL_DIR / "clinc150_oos.json").read_text())
    medquad = json.loads((EVAL_DIR / "medquad_scar_questions.json").read_text())
    core_questions = (
        [row["question"] for row in medquad["core"]]
        if isinstance(medquad, dict)
        else [row["question"] for row in medquad if row.get("relevance") == "core"]
    )
    held_out = held_out_examples()
    in_scope_held_out = [(text, intent) for text, intent in held_out if intent != "out_of_scope"]

    agent = Agent.load(args.model)
    started = time.perf_counter()
    sets = {
        "clinc oos val": clinc["val"],
        "clinc unrelated val": tuning_part(clinc["unrelated_in_scope_val"]),
        "clinc oos test": clinc["test"],
        "clinc unrelated test": clinc["unrelated_in_scope"],
        "medquad core": core_questions,
        "held-out in-scope": [text for text, _ in in_scope_held_out],
    }
    parsed = {name: asyncio.run(parse_all(agent, texts)) for name, texts in sets.items()}
    elapsed = time.perf_counter() - started
    total = sum(len(texts) for texts in sets.values())

    threshold = configured_threshold()
    print(f"eval: {total} messages parsed in {elapsed:.0f} s; FallbackClassifier threshold {threshold}")
    for name in ("clinc oos test", "clinc unrelated test"):
        share = sum(rejected(p, threshold) for p in parsed[name]) / len(parsed[name])
        print(f"eval: {name:22} routed to out_of_scope/nlu_fallback: {share:.3f} of {len(parsed[name])} (goal 0.95)")
    kept = sum(not rejected(p, threshold) for p in parsed["medquad core"]) / len(parsed["medquad core"])
    count = len(parsed["medquad core"])
    print(f"eval: medquad core            answered (not rejected):          {kept:.3f} of {count}")
    correct = sum(
        top_intent(p)[0] == intent and not rejected(p, threshold)
        for p, (_, intent) in zip(parsed["held-out in-scope"], in_scope_held_out)
    )
    print(
        f"eval: held-out in-scope       correct intent, not rejected:    {correct / len(in_scope_held_out):.3f} "
        f"of {len(in_scope_held_out)}"
    )

    print("eval: threshold grid on the val lists (tuning) and the held-out in-scope examples:")
    print("      threshold  oos-val rejected  unrelated-val rejected  in-scope kept")
    for grid_threshold in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8):
        oos = sum(rejected(p, grid_threshold) for p in parsed["clinc oos val"]) / len(parsed["clinc oos val"])
        unrelated = sum(rejected(p, grid_threshold) for p in parsed["clinc unrelated val"]) / len(
            parsed["clinc unrelated val"]
        )
        kept_in = sum(not rejected(p, grid_threshold) for p in parsed["held-out in-scope"]) / len(
            parsed["held-out in-scope"]
        )
        print(f"      {grid_threshold:9.2f}  {oos:16.3f}  {unrelated:22.3f}  {kept_in:13.3f}")


if __name__ == "__main__":
    main()
