"""Money: formatting amounts, converting between won and dollars at a configured, dated rate."""

from __future__ import annotations

import os
from dataclasses import dataclass

# The default rate is the one implied by the article's own pair of prices (a stem-cell facial at
# ₩869,000 = $598, article of 17 July 2025): 869,000 / 598 ≈ 1,453 won per dollar. Deployments set
# EXCHANGE_RATE_KRW_PER_USD and EXCHANGE_RATE_DATE to a current rate.
ARTICLE_RATE = round(869_000 / 598)
ARTICLE_RATE_DATE = "2025-07-17"

SYMBOLS = {"krw": "₩", "usd": "$"}


@dataclass(frozen=True)
class ExchangeRate:
    krw_per_usd: float
    date: str
    source: str

    @classmethod
    def from_environment(cls) -> ExchangeRate:
        raw = os.environ.get("EXCHANGE_RATE_KRW_PER_USD")
        if raw:
            try:
                rate = float(raw)
            except ValueError:
                raise ValueError(f"EXCHANGE_RATE_KRW_PER_USD must be a number, got {raw!r}") from None
            if rate <= 0:
                raise ValueError("EXCHANGE_RATE_KRW_PER_USD must be positive")
            return cls(rate, os.environ.get("EXCHANGE_RATE_DATE", "date not given"), "configured rate")
        return cls(ARTICLE_RATE, ARTICLE_RATE_DATE, "the rate implied by the article's own won and dollar prices")

    def convert(self, amount: float, from_currency: str, to_currency: str) -> float:
        if from_currency == to_currency:
            return amount
        if (from_currency, to_currency) == ("krw", "usd"):
            return amount / self.krw_per_usd
        if (from_currency, to_currency) == ("usd", "krw"):
            return amount * self.krw_per_usd
        raise ValueError(f"cannot convert {from_currency} to {to_currency}")

    def describe(self) -> str:
        return f"₩{self.krw_per_usd:,.0f} per US dollar ({self.source}, {self.date})"


def _round_for(amount: float, currency: str) -> float:
    # Converted won amounts are rounded to the nearest thousand, dollars to the dollar.
    return round(amount, -3) if currency == "krw" and amount >= 10_000 else round(amount)


def money(amount: float, currency: str) -> str:
    return f"{SYMBOLS[currency]}{_round_for(amount, currency):,.0f}"


def money_range(low: float | None, high: float | None, currency: str) -> str:
    """ "$9,000–$50,000", "$200+" for an open top, or one figure when both ends agree."""
    if low is None and high is None:
        return "no figure given"
    if high is None:
        return f"{money(low, currency)}+"
    if low is None or low == high:
        return money(high, currency)
    return f"{money(low, currency)}–{money(high, currency)}"
