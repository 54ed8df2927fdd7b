"""The fact book is valid, every figure it states comes from the source article, and editing
mistakes are reported with the file, the entry and the field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from knowledge.factbook import FACTBOOK_DIR, load_factbook
from knowledge.files import KnowledgeFileError, load_facts

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "source" / "stem-cell-acne-scars-korea.txt"


@pytest.fixture(scope="module")
def catalogue():
    return load_facts()


@pytest.fixture(scope="module")
def book(catalogue):
    return load_factbook(catalogue)


def test_every_subject_has_facts_and_every_fact_several_questions(book):
    subjects = set(book.subjects.values())
    assert {"condition", "stem_cells", "safety", "outcomes", "treatment", "clinics", "travel", "costs"} <= subjects
    assert len(book.facts) >= 250
    for fact in book.facts.values():
        assert len(fact.questions) >= 5, fact.id
    assert len(book.unknowns) >= 25 and len(book.elsewhere) >= 15


def test_entity_names_come_from_the_catalogue(book):
    assert book.entity_names["clinic:sh_clinic"] == "SH Clinic"
    assert book.entity_names["country:turkey"] == "Turkey"


def _numbers(text: str) -> set[str]:
    return {number.replace(",", "") for number in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}


@pytest.mark.skipif(not ARTICLE.exists(), reason=f"the source article is not at {ARTICLE}")
def test_every_figure_a_statement_gives_is_in_the_source_article(book):
    article = _numbers(ARTICLE.read_text(encoding="utf-8"))
    invented = {
        fact.id: sorted(_numbers(fact.statement) - article)
        for fact in book.facts.values()
        if _numbers(fact.statement) - article
    }
    assert invented == {}


def test_the_content_hash_changes_with_a_question(catalogue, tmp_path):
    folder = tmp_path / "facts"
    shutil.copytree(FACTBOOK_DIR, folder)
    before = load_factbook(catalogue, folder).content_hash
    path = folder / "costs.yml"
    path.write_text(path.read_text().replace("questions:\n", "questions:\n      - what does one go for\n", 1))
    assert load_factbook(catalogue, folder).content_hash != before


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("costs.yml", "section: costs_korea", "section: nowhere", "costs.yml: entry costs_"),
        ("clinics.yml", "clinic:sh_clinic", "clinic:no_such_clinic", "unknown entity 'clinic:no_such_clinic'"),
        ("travel.yml", "  - id: travel_visa_type", "  - id: travel_overview", "id already used"),
        ("gaps.yml", "subject: clinics", "subject: gossip", "unknown subject 'gossip'"),
    ],
)
def test_mistakes_name_the_file_entry_and_field(catalogue, tmp_path, file, old, new, message):
    folder = tmp_path / "facts"
    shutil.copytree(FACTBOOK_DIR, folder)
    path = folder / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(KnowledgeFileError, match=re.escape(message)):
        load_factbook(catalogue, folder)


def test_a_missing_gaps_file_is_reported(catalogue, tmp_path):
    folder = tmp_path / "facts"
    shutil.copytree(FACTBOOK_DIR, folder)
    (folder / "gaps.yml").unlink()
    with pytest.raises(KnowledgeFileError, match=r"gaps\.yml.*missing"):
        load_factbook(catalogue, folder)
