"""Command line of the knowledge base.

python -m knowledge build      validate the fact files and (re)load the database
python -m knowledge index      validate the fact book and build its retrieval index (in $DATA_DIR)
python -m knowledge check      validate only; exit 1 on the first problem
python -m knowledge generate   rewrite the NLU entity resources derived from the facts
python -m knowledge spacy DIR  build the blank spaCy pipeline with the entity patterns
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from knowledge.build import build
from knowledge.database import data_dir, first_line, knowledge_db_url, make_engine
from knowledge.entities import PATTERNS_FILE, build_spacy_pipeline, stale_generated, write_generated
from knowledge.factbook import load_factbook
from knowledge.files import FACTS_DIR, KnowledgeFileError, load_facts


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m knowledge", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--facts", type=Path, default=FACTS_DIR, help="folder of fact files (default: %(default)s)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="validate the fact files and load them into the database")
    commands.add_parser("index", help="validate the fact book and build its retrieval index")
    commands.add_parser("check", help="validate the fact files and the generated NLU resources")
    commands.add_parser("generate", help="rewrite the generated NLU entity resources")
    spacy_command = commands.add_parser("spacy", help="build the spaCy pipeline folder")
    spacy_command.add_argument("target", type=Path)
    args = parser.parse_args(argv)

    try:
        facts = load_facts(args.facts)
        book = load_factbook(facts)
    except KnowledgeFileError as error:
        print(
            f"knowledge: {error}\nknowledge: nothing was changed; fix the file and run the command again.",
            file=sys.stderr,
        )
        return 1

    if args.command == "check":
        stale = stale_generated(facts)
        if stale:
            print(
                "knowledge: generated files are out of date: "
                + ", ".join(str(p) for p in stale)
                + "\nknowledge: run `python -m knowledge generate`.",
                file=sys.stderr,
            )
            return 1
        print(
            f"knowledge: catalogue and fact book ({len(book.facts)} facts, {len(book.unknowns)} unknowns, "
            f"{len(book.elsewhere)} elsewhere) are valid and generated files are up to date."
        )
    elif args.command == "generate":
        changed = write_generated(facts)
        print("knowledge: " + (f"rewrote {', '.join(str(p) for p in changed)}" if changed else "nothing to change"))
    elif args.command == "index":
        # Imported here: loading the encoder would slow every other command down.
        from retrieval.encoder import shared_encoder
        from retrieval.index import build_index

        started = time.perf_counter()
        index = build_index(book, shared_encoder(), data_dir())
        print(
            f"knowledge: retrieval index of {len(index.entries)} entries ({len(index.vectors)} questions and "
            f"statements) ready in {time.perf_counter() - started:.2f} s"
        )
    elif args.command == "spacy":
        build_spacy_pipeline(PATTERNS_FILE, args.target)
        print(f"knowledge: spaCy pipeline written to {args.target}")
    else:
        url = knowledge_db_url()
        started = time.perf_counter()
        try:
            counts = build(make_engine(url), facts)
        except SQLAlchemyError as error:
            print(
                f"knowledge: could not write the database at {_safe_url(url)}: {error.__class__.__name__}: "
                f"{first_line(error)}\nknowledge: the previous content is unchanged.",
                file=sys.stderr,
            )
            return 1
        print(
            f"knowledge: built {sum(counts.values())} rows in {len(counts)} tables at {_safe_url(url)} "
            f"in {time.perf_counter() - started:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
