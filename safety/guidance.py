"""What the assistant says when safety is at stake, and where each piece of guidance comes from.

None of this is in the source article; every fact here names its public source next to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from languages.catalog import translate
from safety.levels import DESPAIR, EMERGENCY, SOON, URGENT


@dataclass(frozen=True)
class EmergencyNumber:
    place: str
    number: str
    source: str


# Korea: 119 is the National Fire Agency's fire, ambulance and rescue number, with interpreters for
# foreign callers; 1330 is the Korea Tourism Organization's 24-hour travel helpline, which also
# interprets. Source: Korea Tourism Organization, "Safe Travel in Korea" guide (emergency numbers).
KOREA_EMERGENCY = EmergencyNumber("South Korea", "119", "Korea National Fire Agency; Korea Tourism Organization")
KOREA_TRAVEL_HELPLINE = "1330"

# Common emergency numbers abroad. Sources: European Commission, "112 – the European emergency
# number"; U.S. Federal Communications Commission, "911 and E911 Services"; NHS, "When to call 999";
# Australian Government, "Triple Zero (000)"; Government of Canada, "Emergency numbers".
EMERGENCY_ABROAD = (
    EmergencyNumber("the EU", "112", "European Commission"),
    EmergencyNumber("the US and Canada", "911", "U.S. FCC; Government of Canada"),
    EmergencyNumber("the UK", "999", "NHS"),
    EmergencyNumber("Australia", "000", "Australian Government"),
)

# Crisis lines. Korea's 24-hour suicide-prevention line 109 (Ministry of Health and Welfare, unified
# number since 1 January 2024); the U.S. 988 Suicide & Crisis Lifeline (U.S. Department of Health
# and Human Services, SAMHSA); Samaritans 116 123 (UK and Ireland); Find A Helpline
# (findahelpline.com, the directory of free helplines recommended by the International Association
# for Suicide Prevention) for every other country.
KOREA_CRISIS_LINE = "109"
CRISIS_LINES_ABROAD = (
    ("in the US", "988 (call or text)"),
    ("in the UK and Ireland", "Samaritans on 116 123"),
)
CRISIS_DIRECTORY = "findahelpline.com"


# The emergency number at home for patients writing each language: Japan's 119 (Fire and Disaster
# Management Agency), mainland China's 120 ambulance number (National Health Commission), Taiwan's
# 119 (National Fire Agency), Thailand's 1669 medical emergency number (National Institute for
# Emergency Medicine), Russia's 112 single emergency number (EMERCOM of Russia; 103 for an
# ambulance, Ministry of Health). Korean speakers are in Korea or call 119 at home too.
HOME_EMERGENCY = {
    "ja": EmergencyNumber("Japan", "119", "Fire and Disaster Management Agency of Japan"),
    "zh_Hans": EmergencyNumber("mainland China", "120", "National Health Commission of China"),
    "zh_Hant": EmergencyNumber("Taiwan", "119", "National Fire Agency, Taiwan"),
    "ko": KOREA_EMERGENCY,
    "th": EmergencyNumber("Thailand", "1669", "National Institute for Emergency Medicine, Thailand"),
    "ru": EmergencyNumber("Russia", "112 / 103", "EMERCOM of Russia; Ministry of Health of Russia"),
}

# What the safety replies say in every language (msgids of languages/locale/*/messages.po).
URGENT_CARE = (
    "Please get medical help now: {described} can be a sign of a serious problem after a procedure. "
    "In Korea, call {korea} for an ambulance (interpreters are available; the travel helpline {helpline} "
    "can also interpret) or go to the nearest emergency room. If you are back home, call your local "
    "emergency number ({home}). Then tell the clinic that treated you. "
    "I have marked this conversation as urgent for the clinic coordinators."
)
WHAT_YOU_DESCRIBE = "what you describe"
CRISIS = (
    "I'm really sorry you're feeling this way, and I'm glad you told me. You deserve support right now, "
    "from a person. If you might act on these thoughts, call {korea} in Korea or your local emergency "
    "number ({home}) now. You can talk to someone any time: in Korea on {korea_crisis}{abroad}; anywhere else, "
    "{directory} lists "
    "free, confidential helplines in your country. Scars can be treated, and how you feel matters more "
    "than any treatment."
)


# Signs that need a doctor the same day, and signs that mean the clinic soon. Sources: NHS,
# "Cellulitis" and "Sepsis" (ask for an urgent GP appointment or call 111 for spreading redness,
# warmth, fever; call 999 for confusion, breathlessness, mottled skin); BAPRAS, "Cosmetic surgery
# abroad" (contact the treating surgeon at once about fever, discharge or worsening pain, and agree
# aftercare before you travel); American Academy of Dermatology, "Fillers: FAQs" (call your
# dermatologist about swelling or lumps that last weeks).
URGENT_TODAY = (
    "Please contact the clinic that treated you, or see a doctor, today: {described} after a procedure needs a "
    "doctor to look at it soon, not waiting or treating it yourself. In Korea, the travel helpline {helpline} can "
    "help you find a doctor and interpret. If it gets worse, or you have trouble breathing, chest pain, confusion or "
    "you feel faint, call {korea} (or {home} if you are back home) straight away. "
    "I have marked this conversation as urgent for the clinic coordinators."
)
CONTACT_SOON = (
    "From what you describe this doesn't sound like an emergency, but it is worth having it checked: please contact "
    "the clinic that treated you in the next few days and describe it to them (photos help). If it suddenly gets "
    "worse, hot or very painful, or you get a fever, contact them or a doctor the same day."
)
# What every later reply starts with while the conversation is urgent, until the patient says they have help.
REMINDERS = {
    EMERGENCY: (
        "First, please don't wait: call {korea} now (or {home} if you are back home) or go to the nearest emergency "
        "room. Tell me once you have help."
    ),
    URGENT: (
        "First, please contact the clinic that treated you or a doctor today, and call {korea} (or {home} at home) "
        "if it gets worse. Tell me once a doctor has seen you."
    ),
    DESPAIR: (
        "Please reach out to someone now: in Korea you can call {korea_crisis} at any time, and {korea} (or {home}) if "
        "you might act on these thoughts; {directory} lists free helplines in your country."
    ),
}
HAVE_HELP = (
    "I'm glad you have help. Please follow the advice of the doctors looking after you, and let the clinic that "
    "treated you know what happened. The coordinators can see this conversation. I'm here if you have other questions."
)
ALL_WELL = "Good to hear. What would you like to know?"
# Asking for a person while urgent: the coordinators are told at once, and the patient is told what to do now,
# never a response time in working days.
URGENT_HAND_OFF = (
    "I've flagged this conversation as urgent for the coordinators (reference #{reference}); they see it at the top "
    "of their queue. Please don't wait for them."
)

# Every phrase of the safety replies: each language's catalogue has them all (tests/test_languages.py).
PHRASES = (
    URGENT_CARE,
    WHAT_YOU_DESCRIBE,
    CRISIS,
    URGENT_TODAY,
    CONTACT_SOON,
    *REMINDERS.values(),
    HAVE_HELP,
    ALL_WELL,
    URGENT_HAND_OFF,
)


def _home_numbers(language: str) -> str:
    home = HOME_EMERGENCY.get(language)
    if home is not None:
        return home.number
    return ", ".join(f"{entry.number} in {entry.place}" for entry in EMERGENCY_ABROAD)


def _numbers(language: str) -> dict[str, str]:
    return {
        "korea": KOREA_EMERGENCY.number,
        "helpline": KOREA_TRAVEL_HELPLINE,
        "home": _home_numbers(language),
        "korea_crisis": KOREA_CRISIS_LINE,
        "directory": CRISIS_DIRECTORY,
    }


def _described(signs: list[str], language: str) -> str:
    """The signs are named in English only; other languages get "what you describe"."""
    return " and ".join(signs) if signs and language == "en" else translate(language, WHAT_YOU_DESCRIBE)


def urgent_care_reply(signs: list[str], language: str = "en") -> str:
    """Seek care now, in the patient's language: comes first, before anything else the assistant says."""
    return translate(language, URGENT_CARE, described=_described(signs, language), **_numbers(language))


def advice(level: str, signs: list[str], language: str = "en") -> str:
    """What to do now for a report of `level` (emergency, urgent or soon), in the patient's language."""
    if level == EMERGENCY:
        return urgent_care_reply(signs, language)
    if level == URGENT:
        return translate(language, URGENT_TODAY, described=_described(signs, language), **_numbers(language))
    if level == SOON:
        return translate(language, CONTACT_SOON)
    raise ValueError(f"no advice for level '{level}'")


def reminder(level: str, language: str = "en") -> str:
    """The short restatement that opens every reply while the conversation is urgent."""
    return translate(language, REMINDERS[level], **_numbers(language))


def resolved_reply(was_urgent: bool, language: str = "en") -> str:
    return translate(language, HAVE_HELP if was_urgent else ALL_WELL)


def urgent_hand_off(reference: int, level: str, language: str = "en") -> str:
    return f"{translate(language, URGENT_HAND_OFF, reference=str(reference))} {reminder(level, language)}"


def crisis_reply(language: str = "en") -> str:
    """A caring reply with crisis lines, in the patient's language."""
    abroad = "".join(f"; {place} {number}" for place, number in CRISIS_LINES_ABROAD) if language == "en" else ""
    return translate(language, CRISIS, abroad=abroad, **_numbers(language))


# Approval status. Sources: U.S. FDA, "Important Patient and Consumer Information About
# Regenerative Medicine Therapies" (2021) and its consumer alert on regenerative medicine products
# (no exosome product is FDA-approved; the only FDA-approved stem-cell products are blood-forming
# cells from cord blood, for blood disorders); ISSCR, "Patient Handbook on Stem Cell Therapies"
# (most stem-cell treatments are new and experimental; ask whether a treatment is part of a formal
# clinical trial); Korea's Act on the Safety of and Support for Advanced Regenerative Medicine and
# Advanced Biological Products, as amended (Act No. 20331, in force since 21 February 2025): advanced
# regenerative treatments only at designated institutions, with treatment plans approved by the
# national review committee of the Ministry of Health and Welfare.
APPROVAL_NOTE = (
    "No stem-cell or exosome product is approved for treating scars: the U.S. FDA has approved no exosome product "
    "and no stem-cell product for skin or scars, and the ISSCR calls such treatments experimental."
)
KOREA_RULES = (
    "In Korea, since 21 February 2025 advanced regenerative treatments may only be given by designated "
    "institutions, with a treatment plan approved by the national review committee (Act on Advanced "
    "Regenerative Medicine, as amended)."
)

# Flying after a procedure. Sources: BAPRAS (British Association of Plastic, Reconstructive and
# Aesthetic Surgeons), "Cosmetic surgery abroad"; ISAPS (International Society of Aesthetic Plastic
# Surgery), "Post-surgery considerations abroad": flying soon after a procedure adds to the risk of
# blood clots (DVT, pulmonary embolism), so plan time to recover before a long flight, more after
# facial procedures, and follow the surgeon's advice.
FLYING_ADVICE = (
    "Plastic-surgery societies (BAPRAS in the UK and the international ISAPS) warn that a long flight soon after a "
    "procedure adds to the risk of blood clots: plan several days of recovery before flying home, longer after "
    "facial procedures, and ask your treating doctor to confirm the date before you book."
)
