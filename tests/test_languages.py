"""The patients' languages: detection of each message's language, and the safety replies in every
language's catalogue, with the numbers a patient needs."""

from __future__ import annotations

import re

import pytest

from languages.catalog import LOCALE_DIR, phrases, translate
from languages.detect import SUPPORTED, detect_language
from safety.guidance import HOME_EMERGENCY, PHRASES, WHAT_YOU_DESCRIBE, crisis_reply, urgent_care_reply

OTHER_LANGUAGES = [language for language in SUPPORTED if language != "en"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("how much is one session in seoul?", "en"),
        ("ソウルで1回いくらですか？", "ja"),
        ("在首尔做一次多少钱？", "zh_Hans"),
        ("在首爾做一次要多少錢？", "zh_Hant"),
        ("서울에서 한 번 시술하는 데 얼마예요?", "ko"),
        ("ที่โซลทำครั้งหนึ่งราคาเท่าไหร่คะ", "th"),
        ("Сколько стоит одна процедура в Сеуле?", "ru"),
    ],
)
def test_each_language_is_recognised(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["ok", "SH Clinic?", "$5,000", "", "   "])
def test_short_or_unclear_messages_keep_the_given_language(text):
    assert detect_language(text, default="ja") == "ja"


def test_every_language_has_a_catalogue_with_every_safety_phrase():
    for language in OTHER_LANGUAGES:
        assert (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").exists(), language
        missing = [message[:40] for message in PHRASES if message not in phrases(language)]
        assert missing == [], f"{language} lacks {missing}"


def test_translations_keep_every_placeholder():
    for language in OTHER_LANGUAGES:
        for message in PHRASES:
            wanted = set(re.findall(r"{\w+}", message))
            assert set(re.findall(r"{\w+}", phrases(language)[message])) == wanted, (language, message[:40])


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_urgent_reply_in_each_language_gives_119_and_the_number_at_home(language):
    reply = urgent_care_reply([], language)
    assert "119" in reply and "1330" in reply and HOME_EMERGENCY[language].number in reply
    assert "Please get medical help now" not in reply, "not English"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_crisis_reply_in_each_language_gives_the_korean_line_and_the_directory(language):
    reply = crisis_reply(language)
    assert "109" in reply and "findahelpline.com" in reply and "I'm really sorry" not in reply


def test_an_unknown_language_gets_english():
    assert translate("xx", WHAT_YOU_DESCRIBE) == WHAT_YOU_DESCRIBE
