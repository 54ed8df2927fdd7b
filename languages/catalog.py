"""The assistant's phrases in the patients' languages: gettext catalogues (`languages/locale/<locale>/
LC_MESSAGES/messages.po`) read with Babel. A phrase missing from a catalogue is said in English, and
`tests/test_languages.py` fails when one is missing, so that never reaches a patient unnoticed.

Adding a language is a new catalogue (and a line in `languages.detect.SUPPORTED`): copy an existing
`messages.po`, translate every msgstr, keep the `{placeholders}`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).with_name("locale")
CATALOGUE = "messages.po"


@cache
def phrases(language: str) -> dict[str, str]:
    """msgid -> msgstr of one language's catalogue (empty for English and for unknown languages)."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / CATALOGUE
    if not path.exists():
        return {}
    with path.open("rb") as source:
        catalogue = read_po(source, locale=language.replace("_Hans", "_Hans_CN").replace("_Hant", "_Hant_TW"))
    return {message.id: message.string for message in catalogue if message.id and message.string}


def translate(language: str, message: str, **values: str) -> str:
    """`message` in `language`, with its placeholders filled."""
    return phrases(language).get(message, message).format(**values)
