"""The build validates every file first, names the file, entry and field of a mistake, leaves the
database untouched when anything is wrong, and loads everything idempotently."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge import schema
from knowledge.build import build
from knowledge.database import make_engine
from knowledge.files import FACTS_DIR, KnowledgeFileError, load_facts
from knowledge.query import KnowledgeBase


@pytest.fixture
def facts_copy(tmp_path: Path) -> Path:
    target = tmp_path / "facts"
    shutil.copytree(FACTS_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def row_counts(engine) -> dict:
    with Session(engine, future=True) as session:
        return {
            table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in schema.Base.metadata.sorted_tables
        }


def test_a_wrong_type_names_file_entry_and_field(facts_copy: Path):
    edit(facts_copy / "costs.yml", "amount_min: 400000", "amount_min: four hundred thousand")
    with pytest.raises(KnowledgeFileError) as error:
        load_facts(facts_copy)
    assert (error.value.file, error.value.field) == ("costs.yml", "amount_min")
    assert "korea_prices[0] (scar_session)" in error.value.entry


def test_a_missing_field_is_reported(facts_copy: Path):
    edit(facts_copy / "clinics.yml", "    neighbourhood: Sinsa\n", "")
    with pytest.raises(KnowledgeFileError) as error:
        load_facts(facts_copy)
    assert (error.value.file, error.value.field) == ("clinics.yml", "neighbourhood")
    assert "sh_clinic" in error.value.entry


def test_an_unknown_field_is_reported(facts_copy: Path):
    edit(
        facts_copy / "clinics.yml", "    neighbourhood: Sinsa\n", "    neighbourhood: Sinsa\n    neighborhood: Sinsa\n"
    )
    with pytest.raises(KnowledgeFileError, match="neighborhood"):
        load_facts(facts_copy)


def test_a_range_upside_down_is_reported(facts_copy: Path):
    edit(facts_copy / "costs.yml", "amount_max: 2500000", "amount_max: 2500")
    with pytest.raises(KnowledgeFileError, match="larger than amount_max"):
        load_facts(facts_copy)


def test_an_unknown_section_is_reported(facts_copy: Path):
    edit(facts_copy / "safety.yml", "section: research_status}", "section: research_statuz}")
    with pytest.raises(KnowledgeFileError) as error:
        load_facts(facts_copy)
    assert (error.value.file, error.value.field) == ("safety.yml", "section")
    assert "research_statuz" in error.value.problem


def test_an_unknown_currency_is_reported(facts_copy: Path):
    edit(facts_copy / "costs.yml", "currency: krw\n    unit: per_session", "currency: eur\n    unit: per_session")
    with pytest.raises(KnowledgeFileError, match="unknown currency 'eur'"):
        load_facts(facts_copy)


def test_broken_yaml_is_reported_with_its_line(facts_copy: Path):
    (facts_copy / "travel.yml").write_text("visas: [\n  - code: C-3-3\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError) as error:
        load_facts(facts_copy)
    assert error.value.file == "travel.yml" and "line" in error.value.entry


def test_a_missing_file_is_reported(facts_copy: Path):
    (facts_copy / "outcomes.yml").unlink()
    with pytest.raises(KnowledgeFileError, match="missing"):
        load_facts(facts_copy)


def test_building_twice_gives_the_same_rows(sqlite_url: str):
    engine = make_engine(sqlite_url)
    first = build(engine)
    second = build(engine)
    assert first == second
    stored = row_counts(engine)
    assert all(stored[table] == count for table, count in first.items())
    assert KnowledgeBase(engine).clinic("theplus").name == "THE PLUS Plastic Surgery"


def test_a_bad_file_leaves_the_existing_database_untouched(sqlite_url: str, facts_copy: Path, tmp_path: Path):
    engine = make_engine(sqlite_url)
    build(engine)
    before = row_counts(engine)
    hash_before = KnowledgeBase(engine).build_hash()
    edit(facts_copy / "clinics.yml", "city: Seoul", "city: [Seoul")
    with pytest.raises(KnowledgeFileError):
        build(engine, load_facts(facts_copy))
    assert row_counts(engine) == before
    assert KnowledgeBase(engine).build_hash() == hash_before


def test_the_command_line_names_the_problem_and_exits_1(tmp_path: Path, facts_copy: Path):
    edit(facts_copy / "treatment.yml", "order: 3", "order: third")
    result = subprocess.run(
        [sys.executable, "-m", "knowledge", "--facts", str(facts_copy), "build"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
        env={"KNOWLEDGE_DB_URL": f"sqlite:///{tmp_path / 'kb.db'}", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "treatment.yml" in result.stderr and "'order'" in result.stderr and "application" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "kb.db").exists()


def test_builds_on_postgresql(postgres_url: str):
    engine = make_engine(postgres_url)
    first = build(engine)
    assert build(engine) == first
    assert row_counts(engine)["aliases"] == first["aliases"]
    engine.dispose()
