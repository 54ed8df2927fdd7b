"""Does the best fact cover what the question asks about?

Similarity does not separate "the article does not say" from "answerable": "how long does the
visa take to process?" lies close to the visa's validity, "does the doctor speak Russian?" close
to who the doctor is (RETRIEVAL-NOTES measured an AUROC of 0.70). What separates them is a word the
question hinges on that the fact never mentions: "process", "Russian". A fact covers a question
when each of the question's specific words appears in the fact's statement or its questions, or is
a misspelling of one that does; words common across the fact book ("clinic", "price", "need") and
conversational filler say nothing about coverage and are ignored.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

from knowledge.factbook import Entry
from retrieval.keywords import stem, terms

# Words that carry no subject of their own in a patient's question.
FILLER = frozenset(
    terms(
        "hi hello hey pls plz please thanks thank tell know want wanna like just really actually also exactly "
        "question ask asking wonder wondering curious info information detail details explain mean means "
        "possible maybe okay ok yes thing things stuff kind sort lot much many long time get got go going "
        "guys anyone someone somebody dear sir madam friend true real correct right sure normal common usual "
        "heard hear read said say says told think thought believe worried worry scared afraid "
        "easy easier easiest hard harder hardest best better good bad worse worst big small "
        "often happen happens happened occur occurs frequent frequently usually typically generally"
    )
)
# A word used in this share of entries or more is part of the domain, not a specific subject.
COMMON_SHARE = 0.04
_LATIN = re.compile(r"^[a-z][a-z'-]+$")
MIN_LENGTH = 3
TYPO_SIMILARITY = 0.8
# Words sharing their first six letters share a root ("biologicaly", "biological").
SAME_ROOT = 6


class Coverage:
    def __init__(self, entries: list[Entry]) -> None:
        texts = {entry.id: [entry.statement, *entry.questions] for entry in entries}
        self._terms = {key: frozenset(terms(" ".join(parts))) for key, parts in texts.items()}
        counts: dict[str, int] = {}
        for words in self._terms.values():
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        self.vocabulary = frozenset(counts)
        # Neighbouring words run together count too: "sidefects" is "side effects" misspelt.
        self._joined = frozenset(
            stem(first + second)
            for parts in texts.values()
            for text in parts
            for first, second in pairwise(re.findall(r"[a-z]+", text.lower()))
        )
        self._roots = frozenset(word[:SAME_ROOT] for word in self.vocabulary if len(word) >= SAME_ROOT)
        limit = COMMON_SHARE * len(entries)
        self._common = frozenset(word for word, count in counts.items() if count >= limit)

    def specific_terms(self, question: str) -> dict[str, str]:
        """The question's words that name a subject (stem -> the word as written): Latin-script, not
        filler, not common in the book."""
        specific: dict[str, str] = {}
        for written in re.findall(r"[A-Za-z][A-Za-z'-]+", question):
            stems = terms(written)
            stem = stems[0] if stems else ""
            if len(stem) >= MIN_LENGTH and _LATIN.match(stem) and stem not in FILLER and stem not in self._common:
                specific.setdefault(stem, written.lower())
        return specific

    def missing(self, question: str, entry: Entry) -> dict[str, str]:
        """Specific words of the question that the entry does not mention, even misspelt."""
        own = self._terms.get(entry.id, frozenset())
        return {stem: word for stem, word in self.specific_terms(question).items() if not _near(stem, own)}

    def known(self, word: str) -> bool:
        """Whether the fact book uses the word anywhere (a misspelling, two words run together, or
        another form of a word it uses, "biologicaly" for "biological", counts)."""
        return (
            _near(word, self.vocabulary)
            or _near(word, self._joined)
            or (len(word) >= SAME_ROOT and word[:SAME_ROOT] in self._roots)
        )


def _near(word: str, words: frozenset[str]) -> bool:
    return word in words or any(
        _similar(word, other) for other in words if other[:1] == word[:1] and abs(len(other) - len(word)) <= 2
    )


@lru_cache(maxsize=65536)
def _similar(first: str, second: str) -> bool:
    return SequenceMatcher(None, first, second).ratio() >= TYPO_SIMILARITY
