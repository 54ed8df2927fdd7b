"""A trip budget from the knowledge base's price ranges: sessions, nights, hotel and food tier.

The article gives ranges without saying per what; the estimate states the assumptions it makes
(a night of accommodation, three meals and two rides a day) so the patient can adjust them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from answers.money import ExchangeRate, money, money_range
from answers.reply import Button, Question, Reply, bullet_list
from knowledge.query import KnowledgeBase

NUMBER_WORDS = {
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fourteen": 14,
}
_NUMBER = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"
MEALS_PER_DAY = 3
RIDES_PER_DAY = 2
MAX_SESSIONS = 10
MAX_NIGHTS = 90  # the medical visa's limit

ACCOMMODATION_WORDS = {
    "hostel": ("hostel", "cheap", "budget", "backpack"),
    "luxury": ("luxury", "5 star", "five star", "5-star"),
}
FOOD_WORDS = {
    "street_food": ("street food", "cheap food", "street"),
    "fine_dining": ("fine dining", "fancy", "restaurants"),
}
TRANSPORT_WORDS = {"taxi": ("taxi", "uber", "cab")}


@dataclass(frozen=True)
class TripPlan:
    sessions: int = 1
    nights: int = 7
    accommodation: str = "hotel"
    food: str = "casual"
    transport: str = "public"


def _count(pattern: str, text: str) -> int | None:
    match = re.search(_NUMBER + r"\s*(?:-\s*)?" + pattern, text)
    if not match:
        return None
    raw = match.group(1)
    return int(raw) if raw.isdigit() else NUMBER_WORDS[raw]


def _tier(text: str, words: dict, default: str) -> str:
    return next((tier for tier, keys in words.items() if any(key in text for key in keys)), default)


def parse_plan(text: str, default_nights: int) -> TripPlan:
    """Reads sessions, nights (or days/weeks) and tiers from what the patient wrote."""
    lowered = text.lower()
    sessions = _count(r"(?:sessions?|treatments?|times|rounds?)\b", lowered) or 1
    nights = _count(r"(?:nights?|days?)\b", lowered)
    weeks = _count(r"weeks?\b", lowered)
    if nights is None and weeks is not None:
        nights = weeks * 7
    return TripPlan(
        sessions=max(1, min(sessions, MAX_SESSIONS)),
        nights=max(1, min(nights or default_nights, MAX_NIGHTS)),
        accommodation=_tier(lowered, ACCOMMODATION_WORDS, "hotel"),
        food=_tier(lowered, FOOD_WORDS, "casual"),
        transport=_tier(lowered, TRANSPORT_WORDS, "public"),
    )


_AMOUNT = re.compile(
    r"(?P<pre>[$₩])?\s*(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>k|thousand|million|mil|m)?\b\s*"
    r"(?P<post>won|krw|usd|dollars?|bucks|\$|₩)?",
    re.IGNORECASE,
)


def parse_amount(text: str) -> tuple[float, str] | None:
    """'$3,000', '5k usd', '2 million won', '₩900,000' -> (amount, currency); dollars when unsaid."""
    for match in _AMOUNT.finditer(text):
        marker = (match.group("pre") or match.group("post") or "").lower()
        if not marker and not match.group("scale"):
            continue
        amount = float(match.group("number").replace(",", ""))
        scale = (match.group("scale") or "").lower()
        amount *= {"k": 1e3, "thousand": 1e3, "million": 1e6, "mil": 1e6, "m": 1e6}.get(scale, 1)
        currency = "krw" if marker in ("won", "krw", "₩") else "usd"
        return amount, currency
    return None


def estimate(kb: KnowledgeBase, plan: TripPlan, rate: ExchangeRate) -> tuple[float, float, bool, list]:
    """(low, high) in US dollars, whether the top is open-ended ("$200+"), and the lines explaining them."""
    session = kb.korea_price("scar_session")
    treatment = [
        rate.convert(value * plan.sessions, session.currency, "usd")
        for value in (session.amount_min, session.amount_max)
    ]
    lines = [
        f"Treatment: {plan.sessions} session(s) at "
        f"{money_range(session.amount_min, session.amount_max, session.currency)} "
        f"= {money_range(*treatment, 'usd')}"
    ]
    low, high = treatment
    open_top_total = False
    days = plan.nights + 1
    for expense, tier, count, what in (
        ("accommodation", plan.accommodation, plan.nights, f"{plan.nights} nights"),
        ("food", plan.food, days * MEALS_PER_DAY, f"{days * MEALS_PER_DAY} meals"),
        ("transportation", plan.transport, days * RIDES_PER_DAY, f"{days * RIDES_PER_DAY} rides"),
    ):
        row = kb.expense_tier(expense, tier)
        tier_high = row.amount_max if row.amount_max is not None else row.amount_min
        open_top = "+" if row.amount_max is None else ""
        open_top_total = open_top_total or row.amount_max is None
        lines.append(
            f"{row.name}: {what} at {money_range(row.amount_min, row.amount_max, row.currency)} "
            f"= {money_range(row.amount_min * count, tier_high * count, 'usd')}{open_top}"
        )
        low += row.amount_min * count
        high += tier_high * count
    return low, high, open_top_total, lines


def estimate_budget(kb: KnowledgeBase, ask: Question) -> Reply:
    rate = ExchangeRate.from_environment()
    default_nights = int(kb.stay_facts()["recommended_stay"].value_max)
    plan = parse_plan(ask.text, default_nights)
    low, high, open_top, lines = estimate(kb, plan, rate)
    plus = "+" if open_top else ""
    total = (
        f"Estimated total: {money_range(low, high, 'usd')}{plus} (about "
        f"{money_range(rate.convert(low, 'usd', 'krw'), rate.convert(high, 'usd', 'krw'), 'krw')}{plus})."
    )
    verdict = ""
    budget = parse_amount(ask.text)
    if budget:
        budget_usd = rate.convert(budget[0], budget[1], "usd")
        if budget_usd >= high and not open_top:
            verdict = f"\nYour {money(*budget)} covers even the top of this estimate."
        elif budget_usd >= low:
            verdict = f"\nYour {money(*budget)} falls inside this range: enough for the cheaper options."
        else:
            verdict = f"\nYour {money(*budget)} is below this estimate's lowest figure."
    return Reply(
        f"{bullet_list(lines)}\n{total}{verdict}\nNot included: flights, visa fees, insurance, medicines and skincare "
        f"(the article gives no figures for them). Assumed: a night's accommodation per night, {MEALS_PER_DAY} meals "
        f"and {RIDES_PER_DAY} rides a day; conversions at {rate.describe()}. Tell me other numbers, e.g. "
        "'2 sessions, 10 nights, luxury hotel'.",
        [Button.fact("Travel costs", "costs_extra_expenses_list")],
    )
