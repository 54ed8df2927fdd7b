"""The inquiries repository: everything the actions, the dashboard and the command line do with
inquiries goes through here (SQLAlchemy 1.4, 2.0 style), on SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import case, delete, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from inquiries.models import STATUSES, Inquiry, InquiryNote, InquiryTopic, utcnow
from inquiries.urgency import HIGH, NORMAL, URGENT, urgency_of

URGENCY_ORDER = case({URGENT: 0, HIGH: 1, NORMAL: 2}, value=Inquiry.urgency, else_=3)
STATUS_LABELS = {"new": "new", "in_progress": "in progress", "closed": "closed"}


class UnknownInquiry(LookupError):
    pass


@dataclass(frozen=True)
class ConsultationDetails:
    """What the consultation form collected; `scar_description` only with the health consent."""

    name: str
    contact: str
    contact_kind: str
    country: str
    treatment: str
    clinic: str | None
    travel_month: str | None
    budget: str | None
    health_consent: bool
    scar_description: str | None


@dataclass(frozen=True)
class QueueFilter:
    status: str | None = None
    urgency: str | None = None
    topic: str | None = None
    channel: str | None = None
    created_from: date | None = None
    created_to: date | None = None
    text: str | None = None


@dataclass
class Event:
    """What happened in a conversation that the coordinators should know."""

    conversation_id: str
    channel: str
    topics: list[str] = field(default_factory=list)
    urgent: bool = False
    handoff: bool = False
    consultation: ConsultationDetails | None = None


class InquiryStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def record(self, event: Event, today: date | None = None) -> Inquiry:
        """Creates the conversation's inquiry or adds to it; flags are only ever raised, never lowered."""
        today = today or date.today()
        with self.session() as session, session.begin():
            inquiry = session.scalars(
                select(Inquiry).where(Inquiry.conversation_id == event.conversation_id)
            ).one_or_none()
            if inquiry is None:
                inquiry = Inquiry(conversation_id=event.conversation_id, channel=event.channel, status="new")
                session.add(inquiry)
            inquiry.urgent = bool(inquiry.urgent) or event.urgent
            inquiry.handoff_requested = bool(inquiry.handoff_requested) or event.handoff
            if event.consultation:
                _apply(inquiry, event.consultation)
            known = set(inquiry.topic_names)
            inquiry.topics.extend(InquiryTopic(topic=topic) for topic in event.topics if topic not in known)
            inquiry.urgency = urgency_of(
                urgent=inquiry.urgent,
                handoff=inquiry.handoff_requested,
                travel_month=inquiry.travel_month,
                today=today,
            )
            if inquiry.status == "closed":
                inquiry.status, inquiry.closed_at = "new", None  # the patient came back
            inquiry.updated_at = utcnow()
        return inquiry

    def get(self, inquiry_id: int) -> Inquiry:
        with self.session() as session:
            inquiry = session.get(Inquiry, inquiry_id)
            if inquiry is None:
                raise UnknownInquiry(f"no inquiry #{inquiry_id}")
            return inquiry

    def for_conversation(self, conversation_id: str) -> Inquiry | None:
        with self.session() as session:
            return session.scalars(select(Inquiry).where(Inquiry.conversation_id == conversation_id)).one_or_none()

    def queue(self, criteria: QueueFilter = QueueFilter(), limit: int | None = None) -> list[Inquiry]:
        """Most urgent first, then oldest first: the order coordinators work in."""
        query = select(Inquiry)
        if criteria.status:
            query = query.where(Inquiry.status == criteria.status)
        if criteria.urgency:
            query = query.where(Inquiry.urgency == criteria.urgency)
        if criteria.channel:
            query = query.where(Inquiry.channel == criteria.channel)
        if criteria.topic:
            query = query.where(Inquiry.topics.any(InquiryTopic.topic == criteria.topic))
        if criteria.created_from:
            query = query.where(Inquiry.created_at >= datetime.combine(criteria.created_from, datetime.min.time()))
        if criteria.created_to:
            end = datetime.combine(criteria.created_to, datetime.min.time()) + timedelta(days=1)
            query = query.where(Inquiry.created_at < end)
        if criteria.text:
            # "_" and "%" are what the coordinator typed, not wildcards
            literal = criteria.text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = f"%{literal}%"
            searchable = (
                Inquiry.name,
                Inquiry.contact,
                Inquiry.country,
                Inquiry.treatment,
                Inquiry.clinic,
                Inquiry.scar_description,
                Inquiry.conversation_id,
            )
            query = query.where(
                or_(
                    *(func.lower(column).like(pattern, escape="\\") for column in searchable),
                    Inquiry.notes.any(func.lower(InquiryNote.text).like(pattern, escape="\\")),
                )
            )
        query = query.order_by(URGENCY_ORDER, Inquiry.created_at, Inquiry.id)
        if limit:
            query = query.limit(limit)
        with self.session() as session:
            return list(session.scalars(query))

    def set_status(self, inquiry_id: int, status: str, author: str) -> Inquiry:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        with self.session() as session, session.begin():
            inquiry = session.get(Inquiry, inquiry_id)
            if inquiry is None:
                raise UnknownInquiry(f"no inquiry #{inquiry_id}")
            if inquiry.status != status:
                change = f"Status: {STATUS_LABELS[inquiry.status]} → {STATUS_LABELS[status]}"
                inquiry.notes.append(InquiryNote(author=author, text=change))
                inquiry.status = status
                inquiry.closed_at = utcnow() if status == "closed" else None
                inquiry.updated_at = utcnow()
        return self.get(inquiry_id)

    def add_note(self, inquiry_id: int, author: str, text: str) -> Inquiry:
        text = text.strip()
        if not text:
            raise ValueError("a note cannot be empty")
        with self.session() as session, session.begin():
            inquiry = session.get(Inquiry, inquiry_id)
            if inquiry is None:
                raise UnknownInquiry(f"no inquiry #{inquiry_id}")
            inquiry.notes.append(InquiryNote(author=author, text=text[:5000]))
            inquiry.updated_at = utcnow()
        return self.get(inquiry_id)

    def delete_conversation(self, conversation_id: str) -> bool:
        """The patient's erasure request: the inquiry, its topics and notes. True if there was one."""
        with self.session() as session, session.begin():
            inquiry = session.scalars(select(Inquiry).where(Inquiry.conversation_id == conversation_id)).one_or_none()
            if inquiry is None:
                return False
            session.delete(inquiry)
            return True

    def expired(self, retention_days: int, now: datetime | None = None) -> list[Inquiry]:
        cutoff = (now or utcnow()) - timedelta(days=retention_days)
        query = select(Inquiry).where(Inquiry.status == "closed", Inquiry.closed_at < cutoff)
        with self.session() as session:
            return list(session.scalars(query))

    def delete(self, inquiries: Iterable[Inquiry]) -> int:
        ids = [inquiry.id for inquiry in inquiries]
        if not ids:
            return 0
        with self.session() as session, session.begin():
            session.execute(delete(InquiryTopic).where(InquiryTopic.inquiry_id.in_(ids)))
            session.execute(delete(InquiryNote).where(InquiryNote.inquiry_id.in_(ids)))
            return session.execute(delete(Inquiry).where(Inquiry.id.in_(ids))).rowcount

    def channels(self) -> list[str]:
        with self.session() as session:
            return list(session.scalars(select(Inquiry.channel).distinct().order_by(Inquiry.channel)))

    def topics(self) -> list[str]:
        with self.session() as session:
            return list(session.scalars(select(InquiryTopic.topic).distinct().order_by(InquiryTopic.topic)))


def _apply(inquiry: Inquiry, details: ConsultationDetails) -> None:
    now = utcnow()
    inquiry.consultation_requested = True
    inquiry.name = details.name
    inquiry.contact = details.contact
    inquiry.contact_kind = details.contact_kind
    inquiry.country = details.country
    inquiry.treatment = details.treatment
    inquiry.clinic = details.clinic
    inquiry.travel_month = details.travel_month
    inquiry.budget = details.budget
    inquiry.contact_consent_at = now
    if details.health_consent:
        inquiry.health_consent_at = now
        inquiry.scar_description = details.scar_description
    else:
        inquiry.health_consent_at = None
        inquiry.scar_description = None
