"""The coordinators' queue on the command line, and the inquiries database's upkeep.

    python -m inquiries add-user alice          # asks for the password twice
    python -m inquiries list --status new --urgency urgent
    python -m inquiries show 12
    python -m inquiries export --output inquiries.csv
    python -m inquiries purge                   # closed inquiries older than RETENTION_DAYS
    python -m inquiries migrate                 # brings the schema up to date, keys old conversations by channel

INQUIRY_DB_URL and TRACKER_STORE_URL choose the databases (SQLite in var/ by default).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date

from sqlalchemy.exc import SQLAlchemyError

from inquiries import accounts, retention
from inquiries.conversation_keys import move_stored_conversations
from inquiries.database import inquiry_db_url, migrated_engine
from inquiries.export import to_csv
from inquiries.models import STATUSES, URGENCIES
from inquiries.store import InquiryStore, QueueFilter, UnknownInquiry
from inquiries.topics import TOPICS
from inquiries.transcripts import Transcripts
from knowledge.database import first_line, make_engine
from service.settings import tracker_store_url


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-28") from None


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", choices=STATUSES)
    parser.add_argument("--urgency", choices=URGENCIES)
    parser.add_argument("--topic", choices=TOPICS)
    parser.add_argument("--channel")
    parser.add_argument("--from", dest="created_from", type=_date, help="created on or after (YYYY-MM-DD)")
    parser.add_argument("--to", dest="created_to", type=_date, help="created on or before (YYYY-MM-DD)")
    parser.add_argument("--search", dest="text", help="text in the name, contact, description or notes")


def _criteria(args: argparse.Namespace) -> QueueFilter:
    return QueueFilter(
        status=args.status,
        urgency=args.urgency,
        topic=args.topic,
        channel=args.channel,
        created_from=args.created_from,
        created_to=args.created_to,
        text=args.text,
    )


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m inquiries", description=__doc__.split("\n")[0])
    commands = main.add_subparsers(dest="command", required=True)
    add_user = commands.add_parser("add-user", help="create a coordinator, or change their password")
    add_user.add_argument("username")
    add_user.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    listing = commands.add_parser("list", help="the queue: most urgent first, then oldest")
    _filters(listing)
    listing.add_argument("--limit", type=int, default=50)
    show = commands.add_parser("show", help="one inquiry with its notes and transcript")
    show.add_argument("id", type=int)
    export = commands.add_parser("export", help="the queue as CSV")
    _filters(export)
    export.add_argument("--output", help="file to write (standard output by default)")
    purge = commands.add_parser("purge", help="delete closed inquiries older than the retention period")
    purge.add_argument("--days", type=int, help="retention in days (default: RETENTION_DAYS or 365)")
    commands.add_parser("migrate", help="bring the database schema up to date (make run does it)")
    return main


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat the password: "):
        raise accounts.AccountError("the passwords differ")
    return first


def _line(inquiry) -> str:
    who = inquiry.name or "(no contact details)"
    flags = " ".join(
        flag
        for flag, on in (("consultation", inquiry.consultation_requested), ("hand-off", inquiry.handoff_requested))
        if on
    )
    return (
        f"#{inquiry.id:<5} {inquiry.urgency:<7} {inquiry.status:<12} {inquiry.created_at:%Y-%m-%d %H:%M}  "
        f"{inquiry.channel:<9} {who:<24} {flags:<24} {', '.join(inquiry.topic_names)}"
    )


def _show(store: InquiryStore, inquiry_id: int) -> str:
    inquiry = store.get(inquiry_id)
    fields = [
        ("Urgency", inquiry.urgency),
        ("Status", inquiry.status),
        ("Created", f"{inquiry.created_at:%Y-%m-%d %H:%M} UTC"),
        ("Channel", inquiry.channel),
        ("Conversation", inquiry.conversation_id),
        ("Topics", ", ".join(inquiry.topic_names)),
        ("Consultation requested", "yes" if inquiry.consultation_requested else "no"),
        ("Hand-off requested", "yes" if inquiry.handoff_requested else "no"),
        ("Name", inquiry.name),
        ("Contact", f"{inquiry.contact_kind}: {inquiry.contact}" if inquiry.contact else None),
        ("Country", inquiry.country),
        ("Treatment", inquiry.treatment),
        ("Clinic", inquiry.clinic),
        ("Travel month", inquiry.travel_month),
        ("Budget", inquiry.budget),
        ("Scar description", inquiry.scar_description),
    ]
    lines = [f"Inquiry #{inquiry.id}"] + [f"  {label}: {value}" for label, value in fields if value]
    lines += ["", "Notes:"] + [
        f"  {note.created_at:%Y-%m-%d %H:%M} {note.author}: {note.text}" for note in inquiry.notes
    ]
    transcript = Transcripts(make_engine(tracker_store_url())).transcript(inquiry.conversation_id)
    lines += ["", "Transcript:"] + [f"  {line.at:%H:%M:%S} {line.speaker}: {line.text}" for line in transcript]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    engine = migrated_engine(inquiry_db_url())
    store = InquiryStore(engine)
    if args.command == "add-user":
        created = accounts.set_password(engine, args.username, _password(args))
        print(f"{'created' if created else 'changed the password of'} coordinator {args.username.strip().lower()}")
    elif args.command == "list":
        queue = store.queue(_criteria(args), limit=args.limit)
        print("\n".join(_line(inquiry) for inquiry in queue) or "no inquiries match")
    elif args.command == "show":
        print(_show(store, args.id))
    elif args.command == "export":
        text = to_csv(store.queue(_criteria(args)))
        if args.output:
            with open(args.output, "w", newline="", encoding="utf-8") as output:
                output.write(text)
        else:
            sys.stdout.write(text)
    elif args.command == "purge":
        days = args.days or retention.retention_days()
        removed = retention.purge(store, Transcripts(make_engine(tracker_store_url())), days)
        print(f"removed {removed} closed inquiries older than {days} days")
    elif args.command == "migrate":
        moved, _inquiries = move_stored_conversations(make_engine(tracker_store_url()), engine)
        print(f"the inquiries database is up to date; {moved} stored conversations moved to their channel's keys")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except (accounts.AccountError, UnknownInquiry, ValueError) as problem:
        print(f"inquiries: {problem}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        reason = first_line(error)
        print(f"inquiries: the database is unreachable: {reason}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
