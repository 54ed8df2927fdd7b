"""`make bench-safety`: how long the safety check takes per message, the way the NLU runs it.

The semantic check is trained here on the exemplar files, as training does (the NLU examples are
left out: they only add ordinary messages). Every message of the evaluation sets
(tests/eval/) is then judged once with the encoder's cache empty for it, as a new message is in
production: the rules alone, the plain words of the other languages, and the whole check
(`SafetyNet.level`: rules, plain words, the encoder and the classifier).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import yaml

from retrieval.encoder import shared_encoder
from safety.nlu import SafetyNet
from safety.phrases import plain_alarm
from safety.red_flags import detect
from safety.semantic import SemanticRedFlags, exemplars
from service.settings import PROJECT_ROOT

EVAL = PROJECT_ROOT / "tests" / "eval"


def messages() -> list[str]:
    safety = yaml.safe_load((EVAL / "safety_en.yml").read_text(encoding="utf-8"))
    texts = [case["text"] for case in safety["messages"]]
    texts += [turn["text"] for case in safety["conversations"] for turn in case["turns"]]
    for sets in yaml.safe_load((EVAL / "urgent_multilingual.yml").read_text(encoding="utf-8")).values():
        texts += [text for group in sets.values() for text in group]
    questions = yaml.safe_load((EVAL / "questions_en.yml").read_text(encoding="utf-8"))
    texts += [case["text"] for case in questions["single"]]
    return list(dict.fromkeys(texts))


def timed_ms(check: Callable[[str], object], texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        start = time.perf_counter()
        check(text)
        times.append((time.perf_counter() - start) * 1000)
    return times


def line(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"  {name:42} median {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms   max {ordered[-1]:6.2f} ms"


def main() -> None:
    encoder = shared_encoder()
    texts = messages()
    started = time.perf_counter()
    semantic = SemanticRedFlags.train(encoder, *exemplars())
    trained = time.perf_counter() - started
    net = SafetyNet({"fallback_threshold": 0.5}, None, None, semantic)
    net.level("hello")  # the model is loaded at start-up, not on the first message
    encoder.embed.cache_clear()
    print(
        f"Safety check per message ({len(texts)} messages of tests/eval/, one BLAS thread; "
        f"the semantic check trained in {trained:.1f} s on the exemplars)"
    )
    print(line("rules (English)", timed_ms(detect, texts)))
    print(line("plain words (other languages)", timed_ms(plain_alarm, texts)))
    print(line("whole check, each message new to the encoder", timed_ms(net.level, texts)))


if __name__ == "__main__":
    main()
