"""Answers about prices: Korea, named treatments, other countries, travel costs and deposits."""

from __future__ import annotations

from answers.money import ExchangeRate, approx_other, money, money_range
from answers.reply import Button, Question, Reply, bullet_list
from knowledge import schema
from knowledge.query import KnowledgeBase

SESSIONS_NOTE = "Several sessions and skincare products can add to the total."


def _priced(low, high, currency: str, rate: ExchangeRate) -> str:
    return f"{money_range(low, high, currency)} ({approx_other(low, high, currency, rate)})"


def korea_session_range(kb: KnowledgeBase, rate: ExchangeRate) -> str:
    price = kb.korea_price("scar_session")
    return _priced(price.amount_min, price.amount_max, price.currency, rate)


def price_korea(kb: KnowledgeBase, ask: Question) -> Reply:
    rate = ExchangeRate.from_environment()
    average = kb.korea_price("general_average")
    by_position = {treatment.price_position: treatment.name.lower() for treatment in kb.treatments()}
    low, high = by_position["low"], by_position["high"]
    return Reply(
        f"In Seoul (especially Gangnam), stem-cell treatment for scars usually costs {korea_session_range(kb, rate)} "
        f"per session. {low.capitalize()} sits at the lower end, {high} at the higher end. General stem-cell "
        f"therapies average about {money(average.amount_min, average.currency)}, depending on the clinic and "
        f"package. {SESSIONS_NOTE} Conversions use {rate.describe()}.",
        [
            Button.intent("Stem-cell facial price", "ask_treatment_price", therapy="stem_cell_facial"),
            Button.intent("Other countries", "compare_countries"),
            Button.intent("Deposit?", "ask_deposit"),
        ],
        remember={"country": "south_korea", "topic": "price"},
    )


def treatment_price(kb: KnowledgeBase, ask: Question) -> Reply:
    rate = ExchangeRate.from_environment()
    treatments = {t.slug: t for t in kb.treatments()}
    named = [slug for slug in ask.values("therapy") + ask.named("cell_type") if slug]
    chosen = next((treatments[slug] for slug in named if slug in treatments), None)
    if chosen is None and "adsc" in named:
        chosen = treatments.get("fat_stem_cell_injection")
    if chosen is None and named:
        return Reply(
            f"The article gives no separate price for that treatment. Stem-cell scar treatment in Seoul "
            f"costs {korea_session_range(kb, rate)} per session, depending on the procedure; the clinic "
            "quotes exact prices after a consultation.",
            [Button.intent(t.name, "ask_treatment_price", therapy=t.slug) for t in treatments.values()],
        )
    if chosen is None:
        return Reply(
            "Which treatment would you like a price for?",
            [Button.intent(t.name, "ask_treatment_price", therapy=t.slug) for t in treatments.values()],
        )
    if chosen.price_position == "listed":
        text = (
            f"A {chosen.name.lower()} in Korea starts at about {money(chosen.amount_min, chosen.currency)} "
            f"({money(chosen.amount_usd, 'usd')}). "
        )
        usa_facial = [p for p in kb.country_prices("usa") if "facial" in p.item.lower()]
        if usa_facial:
            usa = usa_facial[0]
            text += f"In the USA the article puts it at {money_range(usa.amount_min, usa.amount_max, 'usd')}."
    else:
        end = "lower" if chosen.price_position == "low" else "higher"
        text = (
            f"{chosen.name} is at the {end} end of the Korean range of {korea_session_range(kb, rate)} per "
            "session; the article gives no exact figure, so the clinic quotes it after a consultation."
        )
    return Reply(text, remember={"therapy": chosen.slug, "topic": "price"})


def _country_lines(kb: KnowledgeBase, rows: list[schema.CountryPrice]) -> list[str]:
    lines = []
    for row in rows:
        figure = row.note if row.unit == "qualitative" else money_range(row.amount_min, row.amount_max, row.currency)
        if row.unit == "average":
            figure = f"about {figure} on average"
        elif row.unit == "from":
            figure = f"from {money(row.amount_min, row.currency)}"
        note = f" ({row.note})" if row.note and row.unit not in ("qualitative",) else ""
        lines.append(f"{row.item}: {figure}{note}")
    return lines


def price_country(kb: KnowledgeBase, ask: Question) -> Reply:
    country_slug = ask.value("country")
    if country_slug == "south_korea" and not ask.named("country") and ask.context.get("topic") != "price":
        country_slug = None
    if country_slug is None:
        return Reply(
            "Which country would you like to compare?",
            [Button.intent(c.name, "ask_price_country", country=c.slug) for c in kb.countries()],
        )
    if country_slug == "south_korea":
        return price_korea(kb, ask)
    country = kb.country(country_slug)
    lines = _country_lines(kb, kb.country_prices(country_slug))
    korea = kb.korea_price("general_average")
    return Reply(
        f"In {country.name}, according to the article:\n{bullet_list(lines)}\n"
        f"For comparison, Korea averages about {money(korea.amount_min, korea.currency)} for general "
        "stem-cell therapies. Prices vary a lot by clinic and what is included.",
        [Button.intent("Compare all countries", "compare_countries")],
        remember={"country": country_slug, "topic": "price"},
    )


def compare_countries(kb: KnowledgeBase, ask: Question) -> Reply:
    comparison = kb.compare_countries(ask.named("country"))
    blocks = []
    for slug, rows in comparison.prices.items():
        blocks.append(f"{comparison.countries[slug].name} – " + "; ".join(_country_lines(kb, rows)))
    return Reply(
        f"Prices the article gives (US dollars):\n{bullet_list(blocks)}\n"
        f"The figures cover different packages, so compare quotes item by item. {SESSIONS_NOTE}",
        remember={"topic": "price"},
    )


def _expense_line(expense: schema.Expense) -> str:
    if expense.tiers:
        tiers = ", ".join(
            f"{tier.name.lower()} {money_range(tier.amount_min, tier.amount_max, tier.currency)}"
            for tier in expense.tiers
        )
        return f"{expense.name}: {tiers}"
    return f"{expense.name}: {expense.note}"


def travel_expenses(kb: KnowledgeBase, ask: Question) -> Reply:
    named = ask.named("expense_kind")
    expenses = [kb.expense(slug) for slug in named] if named else kb.expenses()
    return Reply(
        f"Costs of the stay in Korea that the article lists:\n{bullet_list([_expense_line(e) for e in expenses])}\n"
        "The article does not say whether the amounts are per night, per meal or per ride; they are typical "
        "prices, not quotes.",
        [Button.intent("Estimate my budget", "estimate_budget")],
    )


def deposit(kb: KnowledgeBase, ask: Question) -> Reply:
    policy = kb.deposit()
    amount = (
        ""
        if policy.amount_stated
        else (
            " The article gives no amount: the clinic's coordinator tells you the "
            "amount, and whether it is refundable, when you book."
        )
    )
    return Reply(
        f"{policy.text[0].upper()}{policy.text[1:]}.{amount}", [Button.intent("Prices in Korea", "ask_price_korea")]
    )
