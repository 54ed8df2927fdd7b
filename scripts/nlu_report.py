"""Prints the held-out NLU figures and fails below the targets.

Intent figures come from `rasa test nlu`'s report. Entity figures are computed here: Rasa's
evaluation skips "pretrained" extractors such as SpacyEntityExtractor, so every held-out example is
parsed with the trained model and its entity spans (type, start, end) are compared exactly.

    python -m scripts.nlu_report results/nlu [tests/nlu_test.yml] [models/assistant.tar.gz]
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path

INTENT_MACRO_F1_TARGET = 0.95
ENTITY_F1_TARGET = 0.95


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
    predicted = {(i, e["entity"], e["start"], e["end"]) for i, result in enumerate(parsed) for e in result["entities"]}
    hits = len(expected & predicted)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(expected) if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    for i, entity, start, end in sorted(predicted - expected)[:8]:
        print(f"nlu: extra entity {entity} {examples[i].get('text')[start:end]!r} in {examples[i].get('text')!r}")
    for i, entity, start, end in sorted(expected - predicted)[:8]:
        print(f"nlu: missed entity {entity} {examples[i].get('text')[start:end]!r} in {examples[i].get('text')!r}")
    return precision, recall, f1


def main(results: Path, test_file: Path, model: Path) -> int:
    intents = json.loads((results / "intent_report.json").read_text())
    macro_f1 = intents["macro avg"]["f1-score"]
    print(
        f"nlu: intent macro-F1 {macro_f1:.3f} (target {INTENT_MACRO_F1_TARGET}), accuracy {intents['accuracy']:.3f}, "
        f"{intents['macro avg']['support']} held-out examples"
    )
    weak = sorted(
        (scores["f1-score"], name)
        for name, scores in intents.items()
        if isinstance(scores, dict) and "f1-score" in scores and name not in ("macro avg", "weighted avg", "micro avg")
    )
    print("nlu: weakest intents: " + ", ".join(f"{name} {score:.2f}" for score, name in weak[:5]))
    failed = macro_f1 < INTENT_MACRO_F1_TARGET
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
