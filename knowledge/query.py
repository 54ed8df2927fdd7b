"""The query API the assistant's actions call. Plain Python: no Rasa imports.

Every call opens its own short session, so the API is safe to call from worker threads while a
rebuild runs, and results are remembered until the content changes (see `remembered`). Results
are ORM rows with their relationships loaded, detached from the session and shared between
callers: read them, don't change them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from knowledge import schema as s
from knowledge.database import knowledge_db_url, shared_engine


class UnknownEntity(LookupError):
    """A value that is not in the knowledge base (e.g. a clinic the article does not list)."""


@dataclass(frozen=True)
class ClinicComparison:
    clinics: list[s.Clinic]


@dataclass(frozen=True)
class CountryComparison:
    prices: dict[str, list[s.CountryPrice]]  # country slug -> its price rows
    countries: dict[str, s.Country]


def remembered(query: Callable) -> Callable:
    """Keeps a query's result until the knowledge base is rebuilt with different content.

    The facts change only when a coordinator rebuilds, so each call costs one small look-up of
    the build's content hash; a rebuild (even mid-conversation) is picked up by the next call.
    """

    @functools.wraps(query)
    def wrapper(self: KnowledgeBase, *args):
        build = self.build_hash()
        if build != self._cache_build:
            self._cache, self._cache_build = {}, build
        key = (query.__name__, *(tuple(arg) if isinstance(arg, list) else arg for arg in args))
        if key not in self._cache:
            self._cache[key] = query(self, *args)
        return self._cache[key]

    return wrapper


class KnowledgeBase:
    """Read access to the built knowledge base."""

    def __init__(self, engine: Engine | None = None) -> None:
        self.engine = engine or shared_engine(knowledge_db_url())
        self._cache: dict[tuple, Any] = {}
        self._cache_build: str | None = None

    def _all(self, model: type[s.Base], *, order=None, where=None, load: Sequence = ()) -> list:
        statement = select(model)
        if where is not None:
            statement = statement.where(where)
        if order is not None:
            statement = statement.order_by(order)
        for relation in load:
            statement = statement.options(selectinload(relation))
        with Session(self.engine, future=True) as session:
            return list(session.execute(statement).scalars().all())

    def _one(self, model: type[s.Base], slug: str, load: Sequence = ()) -> s.Base:
        rows = self._all(model, where=model.slug == slug, load=load)
        if not rows:
            raise UnknownEntity(f"no {model.__tablename__} entry '{slug}'")
        return rows[0]

    # --- aliases -------------------------------------------------------------------------------
    @remembered
    def canonical(self, entity_type: str, text: str) -> str | None:
        """The canonical value for what a patient wrote, or None when it is unknown."""
        cleaned = text.strip()
        matches = (s.Alias.value == cleaned.lower()) | (s.Alias.exact & (s.Alias.alias == cleaned))
        matches |= ~s.Alias.exact & (s.Alias.alias == cleaned.lower())
        rows = self._all(s.Alias, where=(s.Alias.entity_type == entity_type) & matches)
        return rows[0].value if rows else None

    @remembered
    def aliases(self, entity_type: str | None = None) -> list[s.Alias]:
        where = s.Alias.entity_type == entity_type if entity_type else None
        return self._all(s.Alias, where=where, order=s.Alias.id)

    # --- the condition -------------------------------------------------------------------------
    @remembered
    def scar_type(self, slug: str) -> s.ScarType:
        return self._one(s.ScarType, slug, load=[s.ScarType.attributes])

    @remembered
    def scar_attributes(self, kind: str, scar_type: str = "hypertrophic") -> list[s.ScarAttribute]:
        return self._all(
            s.ScarAttribute,
            order=s.ScarAttribute.id,
            where=(s.ScarAttribute.kind == kind) & (s.ScarAttribute.scar_type == scar_type),
        )

    @remembered
    def scar_comparison(self) -> list[s.ScarComparisonRow]:
        return self._all(s.ScarComparisonRow, order=s.ScarComparisonRow.id)

    # --- stem-cell therapy ---------------------------------------------------------------------
    @remembered
    def mechanism(self) -> list[s.MechanismFact]:
        return self._all(s.MechanismFact, order=s.MechanismFact.slug)

    @remembered
    def cell_types(self) -> list[s.CellType]:
        return self._all(s.CellType, order=s.CellType.slug, load=[s.CellType.benefits, s.CellType.methods])

    @remembered
    def cell_type(self, slug: str) -> s.CellType:
        return self._one(s.CellType, slug, load=[s.CellType.benefits, s.CellType.methods])

    @remembered
    def cell_origins(self) -> list[s.CellOrigin]:
        return self._all(s.CellOrigin, order=s.CellOrigin.slug)

    @remembered
    def application_methods(self) -> list[s.ApplicationMethod]:
        return self._all(s.ApplicationMethod, order=s.ApplicationMethod.slug)

    @remembered
    def application_method(self, slug: str) -> s.ApplicationMethod:
        return self._one(s.ApplicationMethod, slug)

    @remembered
    def cell_types_using(self, method: str) -> list[s.CellType]:
        return [cell for cell in self.cell_types() if any(m.slug == method for m in cell.methods)]

    @remembered
    def combination_therapies(self) -> list[s.CombinationTherapy]:
        return self._all(s.CombinationTherapy, order=s.CombinationTherapy.slug, load=[s.CombinationTherapy.therapies])

    @remembered
    def therapy_group(self, therapy: str) -> s.CombinationTherapy:
        """The combination-therapy group a therapy (e.g. `prp`) belongs to."""
        for group in self.combination_therapies():
            if any(member.slug == therapy for member in group.therapies):
                return group
        raise UnknownEntity(f"no combination therapy '{therapy}'")

    @remembered
    def safety_facts(self) -> list[s.SafetyFact]:
        return self._all(s.SafetyFact, order=s.SafetyFact.slug)

    @remembered
    def limitations(self) -> list[s.Limitation]:
        return self._all(s.Limitation, order=s.Limitation.slug)

    # --- clinics -------------------------------------------------------------------------------
    _clinic_relations = (s.Clinic.doctors, s.Clinic.features, s.Clinic.techniques)

    @remembered
    def clinics(self) -> list[s.Clinic]:
        return self._all(s.Clinic, order=s.Clinic.name, load=self._clinic_relations)

    @remembered
    def clinic(self, slug: str) -> s.Clinic:
        return self._one(s.Clinic, slug, load=self._clinic_relations)

    @remembered
    def compare_clinics(self, slugs: Sequence[str]) -> ClinicComparison:
        """Side by side: the named clinics, or all of them when fewer than two are named."""
        clinics = [self.clinic(slug) for slug in dict.fromkeys(slugs)]
        return ClinicComparison(clinics=clinics if len(clinics) >= 2 else self.clinics())

    # --- the treatment journey -----------------------------------------------------------------
    @remembered
    def korea_reasons(self) -> list[s.KoreaReason]:
        return self._all(s.KoreaReason, order=s.KoreaReason.slug)

    @remembered
    def process_steps(self) -> list[s.ProcessStep]:
        return self._all(s.ProcessStep, order=s.ProcessStep.order)

    @remembered
    def process_step(self, slug: str) -> s.ProcessStep:
        return self._one(s.ProcessStep, slug)

    @remembered
    def timeline(self) -> dict[str, s.TimelineMilestone]:
        return {row.slug: row for row in self._all(s.TimelineMilestone, order=s.TimelineMilestone.slug)}

    @remembered
    def instructions(self, phase: str) -> list[s.Instruction]:
        return self._all(s.Instruction, where=s.Instruction.phase == phase, order=s.Instruction.slug)

    # --- travel --------------------------------------------------------------------------------
    @remembered
    def visa(self, slug: str = "c33") -> s.Visa:
        return self._one(s.Visa, slug, load=[s.Visa.general_documents])

    @remembered
    def document_categories(self) -> list[s.DocumentCategory]:
        return self._all(s.DocumentCategory, order=s.DocumentCategory.position, load=[s.DocumentCategory.documents])

    @remembered
    def document_category(self, slug: str) -> s.DocumentCategory:
        return self._one(s.DocumentCategory, slug, load=[s.DocumentCategory.documents])

    @remembered
    def stay_facts(self) -> dict[str, s.StayFact]:
        return {row.slug: row for row in self._all(s.StayFact, order=s.StayFact.slug)}

    # --- costs ---------------------------------------------------------------------------------
    @remembered
    def korea_price(self, slug: str = "scar_session") -> s.KoreaPrice:
        return self._one(s.KoreaPrice, slug)

    @remembered
    def treatments(self) -> list[s.Treatment]:
        return self._all(s.Treatment, order=s.Treatment.slug)

    @remembered
    def treatment(self, slug: str) -> s.Treatment:
        return self._one(s.Treatment, slug)

    @remembered
    def deposit(self) -> s.DepositPolicy:
        return self._all(s.DepositPolicy)[0]

    @remembered
    def currency(self, slug: str) -> s.Currency:
        return self._one(s.Currency, slug)

    @remembered
    def countries(self) -> list[s.Country]:
        """Korea first (the treatment's home), then the others by name."""
        rows = self._all(s.Country, order=s.Country.name)
        return sorted(rows, key=lambda country: country.slug != "south_korea")

    @remembered
    def country(self, slug: str) -> s.Country:
        return self._one(s.Country, slug)

    @remembered
    def country_prices(self, country: str) -> list[s.CountryPrice]:
        self.country(country)
        return self._all(s.CountryPrice, where=s.CountryPrice.country == country, order=s.CountryPrice.id)

    @remembered
    def compare_countries(self, slugs: Sequence[str]) -> CountryComparison:
        """Prices side by side: the named countries (Korea added when only one is named), else all."""
        chosen = list(dict.fromkeys(slugs))
        if len(chosen) == 1 and chosen[0] != "south_korea":
            chosen.insert(0, "south_korea")
        if len(chosen) < 2:
            chosen = [country.slug for country in self.countries()]
        found = {country.slug: country for country in self._all(s.Country, where=s.Country.slug.in_(chosen))}
        missing = [slug for slug in chosen if slug not in found]
        if missing:
            raise UnknownEntity(f"no country '{missing[0]}'")
        prices: dict[str, list[s.CountryPrice]] = {slug: [] for slug in chosen}
        for row in self._all(s.CountryPrice, where=s.CountryPrice.country.in_(chosen), order=s.CountryPrice.id):
            prices[row.country].append(row)
        return CountryComparison(prices=prices, countries={slug: found[slug] for slug in chosen})

    @remembered
    def cost_notes(self) -> list[s.CostNote]:
        return self._all(s.CostNote, order=s.CostNote.slug)

    @remembered
    def expenses(self) -> list[s.Expense]:
        return self._all(s.Expense, order=s.Expense.position, load=[s.Expense.tiers])

    @remembered
    def expense(self, slug: str) -> s.Expense:
        return self._one(s.Expense, slug, load=[s.Expense.tiers])

    @remembered
    def expense_tier(self, expense: str, tier: str) -> s.ExpenseTier:
        for row in self.expense(expense).tiers:
            if row.slug == tier:
                return row
        raise UnknownEntity(f"no tier '{tier}' for expense '{expense}'")

    # --- evidence ------------------------------------------------------------------------------
    @remembered
    def outcomes(self, kind: str | None = None) -> list[s.Outcome]:
        where = s.Outcome.kind == kind if kind else None
        return self._all(s.Outcome, where=where, order=s.Outcome.slug)

    @remembered
    def benefits(self) -> list[s.Benefit]:
        return self._all(s.Benefit, order=s.Benefit.slug)

    @remembered
    def section(self, slug: str) -> s.Section:
        return self._one(s.Section, slug)

    def build_hash(self) -> str | None:
        with Session(self.engine, future=True) as session:
            return session.execute(select(s.BuildInfo.content_hash)).scalar()
