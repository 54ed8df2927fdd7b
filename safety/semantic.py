"""Recognises warning signs by meaning, in any of the encoder's languages.

The rules of `safety/red_flags.py` are fast and exact in English, but a patient who writes that
half of her mother's face droops, or who writes in Japanese, Thai or Russian, uses none of their
words. This check embeds the message with the multilingual sentence encoder and classifies it with
a logistic regression trained on `safety/exemplars.yml` (warning signs described in patients' words
per level and language, beside harmless look-alikes: negations, resolved problems, general
questions, figures of speech), `safety/exemplars_everyday.yml` (everyday messages in each language)
and the NLU training data (its safety intents as alarms, every other intent as none). The NLU's
SafetyNet trains it with the model and keeps it in the model (safety/nlu.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression

from retrieval.encoder import SentenceEncoder
from safety.levels import DESPAIR, EMERGENCY, NONE, PERSISTENT, SAFE, SOON, URGENT

EXEMPLARS = tuple(sorted(Path(__file__).parent.glob("exemplars*.yml")))
# Each exemplar file maps a level to its messages per language. "safe_now" (help has come, I'm safe)
# is a class of its own, in every language; other keys (guarantee and medication questions) are
# ordinary messages for this check.
LEVEL_OF_KEY = {EMERGENCY: EMERGENCY, URGENT: URGENT, SOON: SOON, DESPAIR: DESPAIR, "safe_now": SAFE}
ALARMS = PERSISTENT
# A message is flagged when the alarm levels together are at least this likely, and gets the most
# likely of them: a message torn between "emergency" and "urgent" is still an alarm. Chosen by
# five-fold cross-validation on the exemplars: at 0.5, recall 0.98-0.99 for emergencies and 0.94-0.97
# for despair, with 7-10% of the hard look-alikes flagged; at 0.6 recall fell more than alarms did.
ALARM_THRESHOLD = 0.5
# English messages have the rules of red_flags.py as well, which know negation and general
# questions; the semantic check adds what they cannot name when it is surer. On the same folds, at
# 0.7: English emergencies 0.97, urgent 0.94 and despair 0.89 with the rules, and 1% of the NLU's
# ordinary English examples flagged (1.6% at 0.5).
ENGLISH_ALARM_THRESHOLD = 0.7
# Where no rules back it up (every language but English), a message torn between urgent and emergency
# gets the emergency advice once emergency holds this share of the alarm.
LEAN_TO_EMERGENCY = 1 / 3
# "Contact the clinic soon" is advice, not an alarm, and "I'm safe now" ends one: each is given when
# that class alone is the likelier half.
SOON_THRESHOLD = 0.5


@dataclass(frozen=True)
class Assessment:
    level: str  # despair, emergency, urgent, soon, safe or none
    probability: float


def exemplars(paths: Sequence[Path] = EXEMPLARS) -> tuple[list[str], list[str]]:
    """(texts, levels) of the exemplar files."""
    texts: list[str] = []
    levels: list[str] = []
    for path in paths:
        for key, languages in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            for examples in languages.values():
                texts += examples
                levels += [LEVEL_OF_KEY.get(key, NONE)] * len(examples)
    return texts, levels


class SemanticRedFlags:
    def __init__(self, encoder: SentenceEncoder, weights: np.ndarray, bias: np.ndarray, classes: list[str]) -> None:
        self.encoder = encoder
        self.weights, self.bias, self.classes = weights, bias, list(classes)

    @classmethod
    def train(cls, encoder: SentenceEncoder, texts: Sequence[str], levels: Sequence[str]) -> SemanticRedFlags:
        model = LogisticRegression(C=8.0, max_iter=2000, class_weight="balanced")
        model.fit(encoder.encode(list(texts)), list(levels))
        return cls(encoder, model.coef_, model.intercept_, list(model.classes_))

    def probabilities(self, text: str) -> dict[str, float]:
        logits = self.weights @ self.encoder.embed(text) + self.bias
        exp = np.exp(logits - logits.max())
        return dict(zip(self.classes, (exp / exp.sum()).tolist()))

    def assess(self, text: str, english: bool = False) -> Assessment:
        """The alarm level; `english` when the rules have read the message too."""
        probabilities = self.probabilities(text)
        alarm = sum(probabilities.get(level, 0.0) for level in ALARMS)
        if alarm >= (ENGLISH_ALARM_THRESHOLD if english else ALARM_THRESHOLD):
            level = max(ALARMS, key=lambda level: probabilities.get(level, 0.0))
            if level == URGENT and not english and probabilities.get(EMERGENCY, 0.0) >= alarm * LEAN_TO_EMERGENCY:
                level = EMERGENCY
            return Assessment(level, alarm)
        for level in (SOON, SAFE):
            if probabilities.get(level, 0.0) >= SOON_THRESHOLD:
                return Assessment(level, probabilities[level])
        return Assessment(NONE, probabilities.get(NONE, 0.0))
