"""Reads what a patient types into the consultation form: one parser per question, each returning
the value to store or raising InvalidAnswer with the re-prompt the patient sees.

Plain Python (no Rasa), so the rules are tested directly; the form's validation action only calls
these. Well-kept libraries do the hard parts: email-validator, phonenumbers, pycountry.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import phonenumbers
import pycountry
from email_validator import EmailNotValidError, validate_email

from answers.budget import parse_amount
from answers.money import SYMBOLS
from knowledge.query import KnowledgeBase

# The form's questions, in the order they are asked (the slots of consultation_form in domain.yml).
FORM_SLOTS = (
    "consent_contact",
    "contact_name",
    "contact",
    "residence_country",
    "treatment_interest",
    "preferred_clinic",
    "travel_month",
    "budget",
    "consent_health",
    "scar_description",
    "consultation_confirmed",
)
NOT_GIVEN = "not given"  # an optional question the patient skipped
NO_PREFERENCE = "no preference"
NOT_SURE = "not sure yet"
MAX_YEARS_AHEAD = 3

SKIP_WORDS = {
    "skip", "no", "none", "nope", "nothing", "pass", "n/a", "na", "not sure", "dont know", "don't know",
    "idk", "no idea", "any", "anyone", "whatever", "no preference", "not really", "later", "prefer not to say",
}  # fmt: skip
YES_WORDS = {
    "yes",
    "y",
    "yeah",
    "yep",
    "ok",
    "okay",
    "sure",
    "i agree",
    "agree",
    "i do",
    "of course",
    "fine",
    "yes please",
}
NO_WORDS = {"no", "n", "nope", "i don't", "i do not", "don't", "do not", "disagree", "i disagree", "no thanks", "never"}
QUESTION_START = re.compile(
    r"^(what|how|why|when|where|which|who|is|are|can|could|do|does|will|would|should|tell me)\b", re.I
)


class InvalidAnswer(ValueError):
    """The message is the re-prompt shown to the patient."""


@dataclass(frozen=True)
class Contact:
    kind: str  # email | phone | whatsapp | kakaotalk
    value: str

    def __str__(self) -> str:
        label = {"email": "email", "phone": "phone", "whatsapp": "WhatsApp", "kakaotalk": "KakaoTalk ID"}[self.kind]
        return f"{label} {self.value}"


def _clean(text: str) -> str:
    return " ".join((text or "").split()).strip(" .!")


def _plain(text: str) -> str:
    return _clean(text).lower().replace("’", "'")


def is_skip(text: str) -> bool:
    return _plain(text).rstrip("?") in SKIP_WORDS


def looks_like_question(text: str) -> bool:
    text = _clean(text)
    return text.endswith("?") or bool(QUESTION_START.match(text))


def parse_yes_no(text: str, intent: str | None) -> bool:
    if intent == "affirm" or _plain(text) in YES_WORDS:
        return True
    if intent == "deny" or _plain(text) in NO_WORDS:
        return False
    raise InvalidAnswer("Please answer yes or no.")


NAME_PREFIX = re.compile(r"^(my name is|my name's|name is|name:|i am|i'm|im|this is|it's|call me)\s+", re.I)


def parse_name(text: str) -> str:
    name = NAME_PREFIX.sub("", _clean(text)).strip(" ,")
    if (
        not name
        or len(name) > 80
        or len(name.split()) > 6
        or not re.search(r"[^\W\d_]", name)
        or re.search(r"[\d@?#/<>{}\[\]=]", name)
        or QUESTION_START.match(name)
    ):
        raise InvalidAnswer("That doesn't look like a name; just the name, please, for example: Anna Kim.")
    return name


KAKAO = re.compile(r"\bkakao(?:\s*talk)?\b(?:\s*id)?\s*[:=]?\s*(?P<id>[A-Za-z0-9._-]{3,30})\b", re.I)
CONTACT_HELP = (
    "I need one way to reach you: an email address, a phone or WhatsApp number with its country code "
    "(for example +44 7911 123456), or a KakaoTalk ID (for example: KakaoTalk anna_k)."
)


def parse_contact(text: str) -> Contact:
    text = _clean(text)
    kakao = KAKAO.search(text)
    if kakao and kakao.group("id").lower() not in {"id", "talk"}:
        return Contact("kakaotalk", kakao.group("id"))
    for token in text.replace(",", " ").split():
        if "@" in token:
            try:
                email = validate_email(token.strip("<>()[];:"), check_deliverability=False)
            except EmailNotValidError:
                raise InvalidAnswer(f"That email address doesn't look complete. {CONTACT_HELP}") from None
            return Contact("email", email.normalized)
    digits = re.search(r"(\+|00)?\d[\d ().-]{5,}\d", text)
    if digits:
        number = digits.group()
        number = "+" + number[2:] if number.startswith("00") else number
        if not number.startswith("+"):
            raise InvalidAnswer(
                "Please add the country code to the number, starting with +, for example +82 10 1234 5678."
            )
        try:
            parsed = phonenumbers.parse(number, None)
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is None or not phonenumbers.is_valid_number(parsed):
            raise InvalidAnswer(f"That phone number doesn't look valid. {CONTACT_HELP}")
        kind = "whatsapp" if re.search(r"whats\s*app|\bwa\b", text, re.I) else "phone"
        return Contact(kind, phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))
    raise InvalidAnswer(CONTACT_HELP)


COUNTRY_PREFIX = re.compile(r"^(i live in|i'm from|im from|i am from|from|in|living in|based in|country:)\s+", re.I)
COUNTRY_ALIASES = {
    "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "britain": "GB", "great britain": "GB",
    "usa": "US", "us": "US", "america": "US", "united states of america": "US",
    "korea": "KR", "south korea": "KR", "uae": "AE", "emirates": "AE", "russia": "RU", "vietnam": "VN",
    "netherlands": "NL", "holland": "NL", "taiwan": "TW", "iran": "IR", "turkey": "TR", "czechia": "CZ",
}  # fmt: skip


def parse_country(text: str) -> str:
    name = COUNTRY_PREFIX.sub("", _clean(text)).strip(" ,").lower()
    name = name.removeprefix("the ")
    name = COUNTRY_ALIASES.get(name, name)
    try:
        country = pycountry.countries.lookup(name)
    except LookupError:
        country = None
        if len(name) >= 4:
            try:
                country = pycountry.countries.search_fuzzy(name)[0]
            except LookupError:
                country = None
    if country is None:
        raise InvalidAnswer("I don't recognise that country. Please write its name in English, for example: Germany.")
    return getattr(country, "common_name", None) or country.name


def treatment_options(kb: KnowledgeBase) -> list[str]:
    return [treatment.name for treatment in kb.treatments()]


def parse_treatment(text: str, kb: KnowledgeBase) -> str:
    cleaned = _clean(text)
    if is_skip(cleaned):
        return NOT_SURE
    lowered = cleaned.lower()
    for name in treatment_options(kb):
        if lowered == name.lower():
            return name
    if len(cleaned) < 2 or len(cleaned) > 200 or not re.search(r"[^\W\d_]", cleaned):
        raise InvalidAnswer("Please pick one of the options, describe the treatment in a few words, or say 'not sure'.")
    return cleaned


def parse_clinic(text: str, kb: KnowledgeBase, clinic_entity: str | None = None) -> str:
    """A clinic's slug from the knowledge base, or NO_PREFERENCE."""
    if is_skip(text) or "preference" in _plain(text):
        return NO_PREFERENCE
    slug = clinic_entity or kb.canonical("clinic", _clean(text))
    names = {clinic.slug: clinic.name for clinic in kb.clinics()}
    if slug in names:
        return slug
    listed = ", ".join(names.values())
    raise InvalidAnswer(f"I only know these clinics: {listed}. Pick one, or say 'no preference'.")


MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH_HELP = "Please give a month, for example: March, 2027-03, or 'next month'."


def _month_after(today: date, months: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 + months
    return index // 12, index % 12 + 1


def parse_month(text: str, today: date) -> str:
    """'March', 'march 2027', '03/2027', '2027-03', 'next month', 'in 3 months' -> 'YYYY-MM'."""
    lowered = _plain(text)
    if is_skip(lowered):
        return NOT_SURE
    year = month = None
    if re.search(r"\b(this|current) month\b", lowered):
        year, month = today.year, today.month
    elif re.search(r"\bnext month\b", lowered):
        year, month = _month_after(today, 1)
    elif relative := re.search(r"\bin (\d{1,2}|a|one|two|three|four|five|six) months?\b", lowered):
        words = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
        count = words.get(relative.group(1)) or int(relative.group(1))
        year, month = _month_after(today, count)
    elif numeric := re.search(r"\b(20\d\d)[-/.](\d{1,2})\b|\b(\d{1,2})[-/.](20\d\d)\b", lowered):
        year = int(numeric.group(1) or numeric.group(4))
        month = int(numeric.group(2) or numeric.group(3))
    else:
        named = [MONTHS[word] for word in re.findall(r"[a-z]+", lowered) if word in MONTHS]
        if len(named) == 1:
            month = named[0]
            stated = re.search(r"\b(20\d\d)\b", lowered)
            year = int(stated.group(1)) if stated else (today.year if month >= today.month else today.year + 1)
    if not year or not month or not 1 <= month <= 12:
        raise InvalidAnswer(MONTH_HELP)
    if (year, month) < (today.year, today.month):
        raise InvalidAnswer("That month has already passed. " + MONTH_HELP)
    if year > today.year + MAX_YEARS_AHEAD:
        raise InvalidAnswer(f"Please choose a month within the next {MAX_YEARS_AHEAD} years. " + MONTH_HELP)
    return f"{year:04d}-{month:02d}"


def month_label(value: str) -> str:
    if value in (NOT_SURE, None):
        return NOT_SURE
    year, month = value.split("-")
    return f"{calendar.month_name[int(month)]} {year}"


def parse_budget(text: str) -> str:
    if is_skip(text):
        return NOT_GIVEN
    amount = parse_amount(_clean(text))
    if amount is None or amount[0] <= 0:
        raise InvalidAnswer("Please give an amount, for example: $5,000 or 7 million won. Or say 'skip'.")
    value, currency = amount
    return f"{SYMBOLS[currency]}{value:,.0f}"


def parse_description(text: str) -> str:
    description = _clean(text)
    if is_skip(description):
        return NOT_GIVEN
    if len(description) < 3 or len(description) > 1000:
        raise InvalidAnswer("Please describe your scars in a sentence or two (up to 1,000 characters), or say 'skip'.")
    return description


# What patients call each answer, for "change my email" and for the summary's buttons.
FIELDS = {
    "contact_name": ("Name", ("name",)),
    "contact": ("Contact", ("email", "e-mail", "mail", "phone", "number", "whatsapp", "kakao", "contact")),
    "residence_country": ("Country", ("country", "live", "residence")),
    "treatment_interest": ("Treatment", ("treatment", "therapy", "procedure")),
    "preferred_clinic": ("Clinic", ("clinic", "hospital")),
    "travel_month": ("Travel month", ("month", "date", "travel", "when")),
    "budget": ("Budget", ("budget", "money", "price")),
    "consent_health": ("Scar description", ("description", "describe", "scar", "health")),
}


def field_to_change(text: str, entity: str | None = None) -> str | None:
    if entity in FIELDS:
        return entity
    words = set(re.findall(r"[a-z-]+", _plain(text)))
    for field, (_label, keywords) in FIELDS.items():
        if words & set(keywords):
            return field
    return None
