"""The inquiries schema. Changes go through an Alembic migration (inquiries/migrations)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

STATUSES = ("new", "in_progress", "closed")
URGENCIES = ("urgent", "high", "normal")


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Inquiry(Base):
    """One conversation's request to the coordinators. Personal fields stay empty without consent."""

    __tablename__ = "inquiries"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, unique=True, index=True)
    channel = Column(String(50), nullable=False, default="unknown")
    consultation_requested = Column(Boolean, nullable=False, default=False)
    handoff_requested = Column(Boolean, nullable=False, default=False)
    urgent = Column(Boolean, nullable=False, default=False)
    urgency = Column(String(10), nullable=False, default="normal", index=True)
    status = Column(String(12), nullable=False, default="new", index=True)
    name = Column(String(200))
    contact = Column(String(200))
    contact_kind = Column(String(20))
    country = Column(String(100))
    treatment = Column(String(200))
    clinic = Column(String(100))
    travel_month = Column(String(7))
    budget = Column(String(100))
    scar_description = Column(Text)
    contact_consent_at = Column(DateTime)
    health_consent_at = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    closed_at = Column(DateTime)

    topics = relationship("InquiryTopic", cascade="all, delete-orphan", order_by="InquiryTopic.topic", lazy="selectin")
    notes = relationship(
        "InquiryNote", cascade="all, delete-orphan", order_by="InquiryNote.created_at", lazy="selectin"
    )

    @property
    def topic_names(self) -> list[str]:
        return [row.topic for row in self.topics]


class InquiryTopic(Base):
    __tablename__ = "inquiry_topics"

    inquiry_id = Column(Integer, ForeignKey("inquiries.id", ondelete="CASCADE"), primary_key=True)
    topic = Column(String(50), primary_key=True, index=True)


class InquiryNote(Base):
    """A coordinator's note, or a recorded status change: the inquiry's history."""

    __tablename__ = "inquiry_notes"

    id = Column(Integer, primary_key=True)
    inquiry_id = Column(Integer, ForeignKey("inquiries.id", ondelete="CASCADE"), nullable=False, index=True)
    author = Column(String(100), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class Coordinator(Base):
    __tablename__ = "coordinators"

    id = Column(Integer, primary_key=True)
    username = Column(String(100), nullable=False, unique=True)
    password_hash = Column(String(200), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    last_login_at = Column(DateTime)
