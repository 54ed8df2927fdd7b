"""Loads the validated fact files into the database in one transaction.

Validation happens first and touches nothing; the load then replaces every row inside a single
transaction, so a failed build leaves the previous knowledge base as it was and readers never see
a half-built one. Building twice gives the same rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone

from sqlalchemy import delete, insert
from sqlalchemy.engine import Engine

from knowledge import schema as s
from knowledge.files import Aliased, Facts, load_facts


def _without(entry, *fields: str) -> dict:
    return entry.dict(exclude=set(fields))


def _alias_rows(entity_type: str, entries: Iterable[Aliased]) -> Iterator[s.Alias]:
    for entry in entries:
        for alias in dict.fromkeys(entry.aliases):
            yield s.Alias(entity_type=entity_type, value=entry.slug, alias=alias, exact=False)
        for alias in dict.fromkeys(entry.exact_aliases):
            yield s.Alias(entity_type=entity_type, value=entry.slug, alias=alias, exact=True)


def rows_from_facts(facts: Facts) -> list[s.Base]:
    """Every row of the knowledge base, parents before children."""
    rows: list[s.Base] = [s.Section(**section.dict()) for section in facts.sections.sections]
    rows += _condition_rows(facts)
    rows += _stem_cell_rows(facts)
    rows += [s.SafetyFact(**_without(fact, "value_min")) for fact in facts.safety.safety]
    rows += [s.Limitation(**_without(fact, "value_min")) for fact in facts.safety.limitations]
    rows += _clinic_rows(facts)
    rows += _treatment_rows(facts)
    rows += _travel_rows(facts)
    rows += _cost_rows(facts)
    rows += [s.Outcome(**_without(outcome, "value_min")) for outcome in facts.outcomes.outcomes]
    rows += [s.Benefit(**benefit.dict()) for benefit in facts.outcomes.benefits]
    rows += _all_aliases(facts)
    return rows


def _condition_rows(facts: Facts) -> list[s.Base]:
    rows: list[s.Base] = []
    for scar in facts.condition.scar_types:
        rows.append(s.ScarType(**_without(scar, "aliases", "exact_aliases", "attributes")))
        rows += [s.ScarAttribute(scar_type=scar.slug, **attribute.dict()) for attribute in scar.attributes]
    rows += [s.ScarComparisonRow(**row.dict()) for row in facts.condition.scar_comparison]
    return rows


def _stem_cell_rows(facts: Facts) -> list[s.Base]:
    cells = facts.stem_cells
    rows: list[s.Base] = [s.MechanismFact(**fact.dict()) for fact in cells.mechanism]
    rows += [s.CellOrigin(**_without(origin, "aliases", "exact_aliases")) for origin in cells.cell_origins]
    rows += [
        s.ApplicationMethod(**_without(method, "aliases", "exact_aliases")) for method in cells.application_methods
    ]
    for cell in cells.cell_types:
        rows.append(s.CellType(**_without(cell, "aliases", "exact_aliases", "benefits", "methods")))
        rows += [s.CellTypeBenefit(cell_type=cell.slug, text=benefit) for benefit in cell.benefits]
        rows += [s.CellTypeMethod(cell_type=cell.slug, method=method) for method in cell.methods]
    for group in cells.combination_therapies:
        rows.append(
            s.CombinationTherapy(examples=", ".join(group.examples) or None, **_without(group, "examples", "therapies"))
        )
        rows += [s.Therapy(slug=therapy.slug, name=therapy.name, group=group.slug) for therapy in group.therapies]
    return rows


def _clinic_rows(facts: Facts) -> list[s.Base]:
    rows: list[s.Base] = []
    for clinic in facts.clinics.clinics:
        rows.append(s.Clinic(**_without(clinic, "aliases", "exact_aliases", "doctors", "features", "techniques")))
        rows += [s.ClinicDoctor(clinic=clinic.slug, **doctor.dict()) for doctor in clinic.doctors]
        rows += [s.ClinicFeature(clinic=clinic.slug, **feature.dict()) for feature in clinic.features]
        rows += [
            s.ClinicTechnique(clinic=clinic.slug, **_without(technique, "value_min")) for technique in clinic.techniques
        ]
    return rows


def _treatment_rows(facts: Facts) -> list[s.Base]:
    treatment = facts.treatment
    rows: list[s.Base] = [s.KoreaReason(**reason.dict()) for reason in treatment.why_korea]
    rows += [s.ProcessStep(**step.dict()) for step in treatment.process_steps]
    rows += [s.TimelineMilestone(**milestone.dict()) for milestone in treatment.results_timeline]
    rows += [s.Instruction(**instruction.dict()) for instruction in treatment.instructions]
    return rows


def _travel_rows(facts: Facts) -> list[s.Base]:
    travel = facts.travel
    rows: list[s.Base] = []
    for visa in travel.visas:
        rows.append(s.Visa(**_without(visa, "aliases", "exact_aliases", "general_documents")))
        rows += [s.VisaGeneralDocument(visa=visa.slug, name=name) for name in visa.general_documents]
    for position, category in enumerate(travel.document_categories, start=1):
        rows.append(
            s.DocumentCategory(position=position, **_without(category, "aliases", "exact_aliases", "documents"))
        )
        rows += [s.VisaDocument(category=category.slug, name=name) for name in category.documents]
    rows += [s.StayFact(**fact.dict()) for fact in travel.stay]
    return rows


def _cost_rows(facts: Facts) -> list[s.Base]:
    costs = facts.costs
    rows: list[s.Base] = [s.Currency(**_without(currency, "aliases", "exact_aliases")) for currency in costs.currencies]
    rows += [s.Country(**_without(country, "aliases", "exact_aliases")) for country in costs.countries]
    rows += [s.KoreaPrice(**price.dict()) for price in costs.korea_prices]
    rows += [
        s.Treatment(**_without(treatment, "aliases", "exact_aliases", "amount_max")) for treatment in costs.treatments
    ]
    rows.append(s.DepositPolicy(**costs.deposit.dict()))
    rows += [s.CountryPrice(**price.dict()) for price in costs.country_prices]
    rows += [s.CostNote(**note.dict()) for note in costs.cost_notes]
    for position, expense in enumerate(costs.expenses, start=1):
        rows.append(s.Expense(position=position, **_without(expense, "aliases", "exact_aliases", "tiers")))
        rows += [
            s.ExpenseTier(expense=expense.slug, position=tier_position, **tier.dict())
            for tier_position, tier in enumerate(expense.tiers, start=1)
        ]
    return rows


def named_entities(facts: Facts) -> dict[str, list[Aliased]]:
    """The catalogue's named things by entity type: what aliases, entity patterns and facts refer to."""
    therapies = [therapy for group in facts.stem_cells.combination_therapies for therapy in group.therapies]
    return {
        "scar_type": facts.condition.scar_types,
        "cell_type": facts.stem_cells.cell_types,
        "cell_origin": facts.stem_cells.cell_origins,
        "application_method": facts.stem_cells.application_methods,
        "therapy": therapies + facts.costs.treatments,
        "clinic": facts.clinics.clinics,
        "visa": facts.travel.visas,
        "document_category": facts.travel.document_categories,
        "currency": facts.costs.currencies,
        "country": facts.costs.countries,
        "expense_kind": facts.costs.expenses,
    }


def _all_aliases(facts: Facts) -> list[s.Alias]:
    groups = named_entities(facts)
    return [row for entity_type, entries in groups.items() for row in _alias_rows(entity_type, entries)]


def build(engine: Engine, facts: Facts | None = None) -> dict[str, int]:
    """Validates the fact files, then replaces the database's content in one transaction.

    Returns the number of rows per table.
    """
    facts = facts or load_facts()
    rows = rows_from_facts(facts)
    by_table: dict[str, list[dict]] = {}
    for row in [*rows, _build_info(rows)]:
        by_table.setdefault(row.__tablename__, []).append(_column_values(row))
    s.Base.metadata.create_all(engine)
    with engine.begin() as connection:
        for table in reversed(s.Base.metadata.sorted_tables):
            connection.execute(delete(table))
        for table in s.Base.metadata.sorted_tables:
            if by_table.get(table.name):
                connection.execute(insert(table), by_table[table.name])
    return {table: len(values) for table, values in by_table.items()}


def _build_info(rows: list[s.Base]) -> s.BuildInfo:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(sorted(_column_values(row).items())).encode())
    return s.BuildInfo(id=1, content_hash=digest.hexdigest(), built_at=datetime.now(timezone.utc).isoformat())


def _column_values(row: s.Base) -> dict:
    """The row's column values, leaving out unset keys so the database numbers them."""
    return {
        column.key: getattr(row, column.key)
        for column in row.__table__.columns
        if not (column.primary_key and getattr(row, column.key) is None)
    }
