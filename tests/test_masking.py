"""Contact details are masked in logs."""

from __future__ import annotations

import logging

from inquiries.masking import MaskingFilter, mask


def test_emails_and_phone_numbers_are_masked():
    assert mask("write to anna.kim@example.com or +82 10-1234-5678") == "write to a***@*** or ***78"


def test_ordinary_text_and_short_numbers_are_left_alone():
    assert mask("inquiry #12 for 3 nights at $200") == "inquiry #12 for 3 nights at $200"


def test_the_filter_masks_formatted_log_records(caplog):
    logger = logging.getLogger("test.masking")
    caplog.handler.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger="test.masking"):
        logger.info("contact %s saved", "lena@example.de")
    assert caplog.messages == ["contact l***@*** saved"]


def test_times_decimals_and_addresses_are_not_taken_for_phone_numbers():
    line = "192.168.100.200 GET /: status 200, 0.001 s at 2026-11-28 15:49:24"
    assert mask(line) == line
    assert mask("call 010-1234-5678 or (02) 123 4567") == "call ***78 or ***67"
