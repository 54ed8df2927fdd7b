"""Prints the held-out NLU figures and fails below the targets.

Intent figures come from `rasa test nlu`'s report. The turn kinds are judged by their macro-F1; the
two safety intents, whose false alarms come from the safety net on purpose, are judged as safety is:
every held-out report and every sign of distress caught (recall 1.0), and at most 1% of the other
held-out messages taken for one (on ten examples each, their F1 would swing 0.1 on one false alarm).

Entity figures are computed here: Rasa's evaluation skips "pretrained" extractors such as
SpacyEntityExtractor, so every held-out example is parsed with the trained model and its entity
spans (type, start, end) are compared exactly.

    python -m scripts.nlu_report results/nlu [tests/nlu_test.yml] [models/assistant.tar.gz]
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path

from safety.levels import LEVEL_ENTITY

INTENT_MACRO_F1_TARGET = 0.95
ENTITY_F1_TARGET = 0.95
SAFETY_INTENTS = ("report_red_flag", "express_distress")
SAFETY_RECALL_TARGET = 1.0
FALSE_ALARM_TARGET = 0.01
AVERAGES = ("macro avg", "weighted avg", "micro avg", "accuracy")


def entity_scores(test_file: Path, model: Path) -> tuple[float, float, float]:
    """Exact-span precision, recall and F1 of the model's entities on the held-out examples."""
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)

    examples = [example for example in load_data(str(test_file)).intent_examples]
    agent = Agent.load(str(model))

    async def parse_all() -> list[dict]:
        return [await agent.parse_message(example.get("text")) for example in examples]

    parsed = asyncio.run(parse_all())
    expected = {(i, e["entity"], e["start"], e["end"]) for i, ex in enumerate(examples) for e in ex.get("entities", [])}
    predicted = {
        (i, e["entity"], e["start"], e["end"])
        for i, result in enumerate(parsed)
        for e in result["entities"]
        if e["entity"] != LEVEL_ENTITY  # the safety net's level, not an entity of the text
    }
    hits = len(expected & predicted)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(expected) if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    for i, entity, start, end in sorted(predicted - expected)[:8]:
        print(f"nlu: extra entity {entity} {examples[i].get('text')[start:end]!r} in {examples[i].get('text')!r}")
    for i, entity, start, end in sorted(expected - predicted)[:8]:
        print(f"nlu: missed entity {entity} {examples[i].get('text')[start:end]!r} in {examples[i].get('text')!r}")
    return precision, recall, f1


def safety_figures(results: Path, intents: dict) -> tuple[float, float]:
    """(recall of the safety intents, share of the other held-out examples predicted as one)."""
    errors = json.loads((results / "intent_errors.json").read_text())
    support = sum(intents[name]["support"] for name in SAFETY_INTENTS if name in intents)
    missed = sum(1 for error in errors if error["intent"] in SAFETY_INTENTS)
    others = intents["macro avg"]["support"] - support
    alarms = sum(
        1
        for error in errors
        if error["intent"] not in SAFETY_INTENTS and error["intent_prediction"]["name"] in SAFETY_INTENTS
    )
    return (1 - missed / support if support else 1.0), (alarms / others if others else 0.0)


def main(results: Path, test_file: Path, model: Path) -> int:
    intents = json.loads((results / "intent_report.json").read_text())
    kinds = {
        name: scores
        for name, scores in intents.items()
        if isinstance(scores, dict) and "f1-score" in scores and name not in (*AVERAGES, *SAFETY_INTENTS)
    }
    macro_f1 = sum(scores["f1-score"] for scores in kinds.values()) / len(kinds)
    print(
        f"nlu: turn-kind macro-F1 {macro_f1:.3f} over {len(kinds)} intents (target {INTENT_MACRO_F1_TARGET}), "
        f"accuracy {intents['accuracy']:.3f}, {intents['macro avg']['support']} held-out examples"
    )
    weak = sorted((scores["f1-score"], name) for name, scores in kinds.items())
    print("nlu: weakest intents: " + ", ".join(f"{name} {score:.2f}" for score, name in weak[:5]))
    recall, false_alarms = safety_figures(results, intents)
    print(
        f"nlu: safety intents recall {recall:.3f} (target {SAFETY_RECALL_TARGET}), false alarms on the other "
        f"held-out messages {false_alarms:.3%} (target at most {FALSE_ALARM_TARGET:.0%})"
    )
    failed = macro_f1 < INTENT_MACRO_F1_TARGET or recall < SAFETY_RECALL_TARGET or false_alarms > FALSE_ALARM_TARGET
    precision, recall, f1 = entity_scores(test_file, model)
    print(
        f"nlu: entity F1 {f1:.3f} (precision {precision:.3f}, recall {recall:.3f}; exact spans; "
        f"target {ENTITY_F1_TARGET})"
    )
    failed = failed or f1 < ENTITY_F1_TARGET
    if failed:
        print("nlu: below target; see the reports in " + str(results), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:] + ["results/nlu", "tests/nlu_test.yml", "models/assistant.tar.gz"][len(sys.argv) - 1 :]
    sys.exit(main(*(Path(argument) for argument in arguments[:3])))
