"""The fact book: every fact the assistant states, with the questions patients ask for it.

Facts are the unit of understanding: a question is answered by retrieving the facts whose
questions and statements it is closest to (`retrieval/`), so adding a fact with its questions to
`knowledge/facts/<subject>.yml` makes it answerable without an intent, a rule or an answer
function. `gaps.yml` holds what the assistant must not answer with a neighbouring fact: in-domain
questions the article is silent on (`unknowns`) and other procedures (`elsewhere`).

The files are edited by people, so every mistake is reported with the file, the entry and the
field, before anything else reads them (`python -m knowledge check`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pydantic import Field, validator

from knowledge.build import named_entities
from knowledge.files import Facts, KnowledgeFileError, Strict, parse_file

FACTBOOK_DIR = Path(__file__).parent / "facts"
GAPS_FILE = "gaps.yml"
ID = r"^[a-z0-9_]+$"
ENTITY_REF = r"^[a-z_]+:[a-z0-9_]+$"
# What every fact is about: treatment in South Korea, of hypertrophic scars. Naming them selects no fact.
DEFAULT_ENTITIES = frozenset({"country:south_korea", "scar_type:hypertrophic"})


class Questions(Strict):
    id: str = Field(regex=ID)
    questions: list[str] = Field(min_items=3)

    @validator("questions", each_item=True)
    def _not_blank(cls, question: str) -> str:
        if not question.strip():
            raise ValueError("a question is empty")
        return question


class Fact(Questions):
    section: str
    statement: str = Field(min_length=10)
    entities: list[str] = []
    experimental: bool = False  # about what stem-cell treatment does: the reply recalls it is experimental
    medical: bool = False  # general medical information: the first such reply says it is not advice
    claim: bool = False  # a promotional claim, attributed in the statement's own words
    guarantee: bool = False  # answers "is it guaranteed?": the reply adds that no one can promise a result

    @validator("entities", each_item=True)
    def _entity_ref(cls, ref: str) -> str:
        if not re.fullmatch(ENTITY_REF, ref):
            raise ValueError(f"entity '{ref}' must be written kind:slug")
        return ref


class Unknown(Questions):
    """An in-domain question the article does not answer: said plainly, and passed to a coordinator."""

    subject: str
    about: str


class Elsewhere(Questions):
    """Another procedure or illness: the assistant says what it covers instead of answering."""

    about: str


class SubjectFile(Strict):
    facts: list[Fact] = Field(min_items=1)


class GapsFile(Strict):
    unknowns: list[Unknown] = []
    elsewhere: list[Elsewhere] = []


@dataclass(frozen=True)
class Entry:
    """One retrievable entry: a fact, an unknown or an elsewhere, with the text that finds it."""

    id: str
    kind: str  # "fact", "unknown" or "elsewhere"
    subject: str
    questions: tuple[str, ...]
    statement: str = ""


@dataclass(frozen=True)
class FactBook:
    facts: dict[str, Fact]
    subjects: dict[str, str]  # fact id -> subject (its file's name)
    unknowns: dict[str, Unknown]
    elsewhere: dict[str, Elsewhere]
    entity_names: dict[str, str]  # "clinic:sh_clinic" -> "SH Clinic"

    @cached_property
    def entries(self) -> list[Entry]:
        entries = [
            Entry(fact.id, "fact", self.subjects[fact.id], tuple(fact.questions), fact.statement)
            for fact in self.facts.values()
        ]
        entries += [Entry(gap.id, "unknown", gap.subject, tuple(gap.questions)) for gap in self.unknowns.values()]
        entries += [Entry(gap.id, "elsewhere", "elsewhere", tuple(gap.questions)) for gap in self.elsewhere.values()]
        return entries

    @cached_property
    def content_hash(self) -> str:
        """Changes whenever a retrievable text changes: the retrieval index is rebuilt on it."""
        texts = [[entry.id, entry.kind, entry.statement, *entry.questions] for entry in self.entries]
        return hashlib.sha256(json.dumps(texts, ensure_ascii=False).encode()).hexdigest()[:16]

    def subject_of(self, entry_id: str) -> str:
        if entry_id in self.unknowns:
            return self.unknowns[entry_id].subject
        return self.subjects.get(entry_id, "elsewhere")


def load_factbook(catalogue: Facts, directory: Path = FACTBOOK_DIR) -> FactBook:
    """Parses every subject file and gaps.yml, and checks ids, sections and entity references."""
    sections = {section.slug for section in catalogue.sections.sections}
    names = {
        f"{kind}:{entry.slug}": getattr(entry, "name", entry.slug)
        for kind, entries in named_entities(catalogue).items()
        for entry in entries
    }
    facts: dict[str, Fact] = {}
    subjects: dict[str, str] = {}
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.yml")):
        if path.name == GAPS_FILE:
            continue
        for fact in parse_file(path, SubjectFile).facts:
            _unique(fact.id, path.name, seen)
            if fact.section not in sections:
                raise KnowledgeFileError(path.name, fact.id, "section", f"unknown section '{fact.section}'")
            for ref in fact.entities:
                if ref not in names:
                    raise KnowledgeFileError(path.name, fact.id, "entities", f"unknown entity '{ref}'")
            facts[fact.id] = fact
            subjects[fact.id] = path.stem
    if not facts:
        raise KnowledgeFileError(str(directory), "(folder)", "-", "no fact files")
    gaps = parse_file(directory / GAPS_FILE, GapsFile)
    for gap in [*gaps.unknowns, *gaps.elsewhere]:
        _unique(gap.id, GAPS_FILE, seen)
    for unknown in gaps.unknowns:
        if unknown.subject not in set(subjects.values()):
            raise KnowledgeFileError(GAPS_FILE, unknown.id, "subject", f"unknown subject '{unknown.subject}'")
    return FactBook(
        facts=facts,
        subjects=subjects,
        unknowns={gap.id: gap for gap in gaps.unknowns},
        elsewhere={gap.id: gap for gap in gaps.elsewhere},
        entity_names=names,
    )


def _unique(entry_id: str, file: str, seen: dict[str, str]) -> None:
    if entry_id in seen:
        raise KnowledgeFileError(file, entry_id, "id", f"id already used in {seen[entry_id]}")
    seen[entry_id] = file
