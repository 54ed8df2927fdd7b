"""Removes closed inquiries older than the retention period, with their conversations."""

from __future__ import annotations

import logging
import os
from datetime import datetime

from inquiries.store import InquiryStore
from inquiries.transcripts import Transcripts

logger = logging.getLogger(__name__)
DEFAULT_RETENTION_DAYS = 365


def retention_days() -> int:
    raw = os.environ.get("RETENTION_DAYS", str(DEFAULT_RETENTION_DAYS))
    try:
        days = int(raw)
    except ValueError:
        raise SystemExit(f"RETENTION_DAYS must be a whole number of days, got {raw!r}") from None
    if days < 1:
        raise SystemExit(f"RETENTION_DAYS must be at least 1, got {days}")
    return days


def purge(store: InquiryStore, transcripts: Transcripts, days: int, now: datetime | None = None) -> int:
    """Deletes the expired inquiries and their tracker events; returns how many inquiries went."""
    expired = store.expired(days, now)
    transcripts.delete(inquiry.conversation_id for inquiry in expired)
    removed = store.delete(expired)
    if removed:
        logger.info("retention: removed %d closed inquiries older than %d days", removed, days)
    return removed
