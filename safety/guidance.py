"""What the assistant says when safety is at stake, and where each piece of guidance comes from.

None of this is in the source article; every fact here names its public source next to it.
"""

from __future__ import annotations

from dataclasses import dataclass


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
CRISIS_LINES = (
    ("in Korea", "109"),
    ("in the US", "988 (call or text)"),
    ("in the UK and Ireland", "Samaritans on 116 123"),
)
CRISIS_DIRECTORY = "findahelpline.com"


def urgent_care_reply(signs: list[str]) -> str:
    """Seek care now: comes first, before anything else the assistant says."""
    abroad = ", ".join(f"{entry.number} in {entry.place}" for entry in EMERGENCY_ABROAD)
    described = " and ".join(signs) if signs else "what you describe"
    return (
        f"Please get medical help now: {described} can be a sign of a serious problem after a procedure. "
        f"In Korea, call {KOREA_EMERGENCY.number} for an ambulance (interpreters are available; the travel helpline "
        f"{KOREA_TRAVEL_HELPLINE} can also interpret) or go to the nearest emergency room. If you are back home, "
        f"call your local emergency number ({abroad}). Then tell the clinic that treated you. "
        "I have marked this conversation as urgent for the clinic coordinators."
    )


def crisis_reply() -> str:
    lines = "; ".join(f"{place} {number}" for place, number in CRISIS_LINES)
    return (
        "I'm really sorry you're feeling this way, and I'm glad you told me. You deserve support right now, "
        "from a person. If you might act on these thoughts, call "
        f"{KOREA_EMERGENCY.number} in Korea or your local emergency number now. You can talk to someone any time: "
        f"{lines}; anywhere else, {CRISIS_DIRECTORY} lists free, confidential helplines in your country. "
        "Scars can be treated, and how you feel matters more than any treatment."
    )


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
