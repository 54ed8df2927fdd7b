"""`make bench-kb`: how long the knowledge base takes to build and to answer a query.

Prints medians over repeated runs on a fresh SQLite file (and on PostgreSQL when
TEST_POSTGRES_URL is set). Targets: a whole build under 2 s, a query under 5 ms.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from knowledge.build import build
from knowledge.database import make_engine
from knowledge.files import load_facts
from knowledge.query import KnowledgeBase

BUILD_RUNS = 7
QUERY_RUNS = 300


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def queries(kb: KnowledgeBase) -> dict[str, Callable[[], object]]:
    return {
        "clinic (with doctors, features, techniques)": lambda: kb.clinic("theplus"),
        "alias -> canonical value": lambda: kb.canonical("clinic", "the plus"),
        "country prices": lambda: kb.country_prices("turkey"),
        "compare two countries": lambda: kb.compare_countries(["usa", "thailand"]),
        "Korean session price": lambda: kb.korea_price("scar_session"),
        "keloid comparison (10 rows)": kb.scar_comparison,
        "visa document categories": kb.document_categories,
        "expense tier": lambda: kb.expense_tier("accommodation", "hotel"),
    }


def bench(label: str, url: str) -> None:
    engine = make_engine(url)
    facts = load_facts()
    build_ms = median_ms(lambda: build(engine, facts), BUILD_RUNS)
    full_build_ms = median_ms(lambda: build(engine), BUILD_RUNS)
    print(f"\n{label}")
    print(f"  build, validated facts already loaded : {build_ms:7.1f} ms (median of {BUILD_RUNS})")
    print(f"  build, including reading and checking : {full_build_ms:7.1f} ms (target < 2000 ms)")
    cold = KnowledgeBase(engine)
    uncached_ms = median_ms(lambda: (cold._cache.clear(), cold.clinic("theplus")), QUERY_RUNS)
    print(f"  query clinic, first after a rebuild    : {uncached_ms:6.2f} ms (median of {QUERY_RUNS}; not remembered)")
    kb = KnowledgeBase(engine)
    for name, query in queries(kb).items():
        print(f"  query {name:40}: {median_ms(query, QUERY_RUNS):6.2f} ms (median of {QUERY_RUNS}; target < 5 ms)")
    engine.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        bench("SQLite (embedded default)", f"sqlite:///{Path(folder) / 'knowledge.db'}")
    postgres = os.environ.get("TEST_POSTGRES_URL")
    if not postgres:
        print("\nPostgreSQL: skipped (set TEST_POSTGRES_URL to include it)")
        return
    admin = make_engine(postgres).execution_options(isolation_level="AUTOCOMMIT")
    name = f"bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        from sqlalchemy.engine import make_url

        bench("PostgreSQL", make_url(postgres).set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
