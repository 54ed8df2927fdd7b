"""Removes closed inquiries older than the retention period, with their conversations."""

from __future__ import annotations

import logging
from datetime import datetime

from inquiries.store import InquiryStore
from inquiries.transcripts import Transcripts
from service.settings import int_setting

logger = logging.getLogger(__name__)
DEFAULT_RETENTION_DAYS = 365
MAX_RETENTION_DAYS = 36_500  # a hundred years; far more would take the cut-off date before year 1


def retention_days() -> int:
    """`RETENTION_DAYS`, or one clear line (SystemExit) saying what is wrong with it."""
    return int_setting("RETENTION_DAYS", DEFAULT_RETENTION_DAYS, 1, MAX_RETENTION_DAYS)


def purge(store: InquiryStore, transcripts: Transcripts, days: int, now: datetime | None = None) -> int:
    """Deletes the expired inquiries and their tracker events; returns how many inquiries went."""
    expired = store.expired(days, now)
    transcripts.delete(inquiry.conversation_id for inquiry in expired)
    removed = store.delete(expired)
    if removed:
        logger.info("retention: removed %d closed inquiries older than %d days", removed, days)
    return removed
