"""Reading and validating the fact files in `knowledge/facts/`.

The files are edited by people (coordinators change a price, add a clinic), so every mistake must
be reported with the file, the entry and the field, before anything touches the database.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError, root_validator, validator

FACTS_DIR = Path(__file__).parent / "catalogue"


class KnowledgeFileError(ValueError):
    """A fact file is missing, unreadable or invalid; names the file, the entry and the field."""

    def __init__(self, file: str, entry: str, field: str, problem: str) -> None:
        self.file, self.entry, self.field, self.problem = file, entry, field, problem
        super().__init__(f"{file}: entry {entry}, field '{field}': {problem}")


class Strict(BaseModel):
    class Config:
        extra = "forbid"
        anystr_strip_whitespace = True


def check_range(values: dict[str, Any], prefix: str, qualifier: str) -> dict[str, Any]:
    """`<prefix>_min` <= `<prefix>_max`, and a figure always comes with its unit or currency."""
    low, high = values.get(f"{prefix}_min"), values.get(f"{prefix}_max")
    if low is not None and high is not None and low > high:
        raise ValueError(f"{prefix}_min {low} is larger than {prefix}_max {high}")
    if (low is not None or high is not None) and not values.get(qualifier):
        raise ValueError(f"{prefix}_min or {prefix}_max is given without its {qualifier}")
    return values


class Fact(Strict):
    section: str


class Measured(Fact):
    value_min: float | None = None
    value_max: float | None = None
    unit: str | None = None

    @root_validator(skip_on_failure=True)
    def _range_in_order(cls, values: dict[str, Any]) -> dict[str, Any]:
        return check_range(values, "value", "unit")


class Aliased(Strict):
    slug: str = Field(regex=r"^[a-z0-9_]+$")
    aliases: list[str] = []
    exact_aliases: list[str] = []

    @validator("aliases", each_item=True)
    def _lowercase(cls, alias: str) -> str:
        if alias != alias.lower():
            raise ValueError(f"alias '{alias}' must be lowercase (put case-sensitive ones in exact_aliases)")
        return alias


class Money(Strict):
    amount_min: float | None = Field(None, ge=0)
    amount_max: float | None = Field(None, ge=0)
    currency: str | None = None

    @root_validator(skip_on_failure=True)
    def _money_in_order(cls, values: dict[str, Any]) -> dict[str, Any]:
        return check_range(values, "amount", "currency")


# --- sections.yml ---
class SourceInfo(Strict):
    title: str
    publisher: str
    published: date


class SectionEntry(Strict):
    slug: str
    title: str


class SectionsFile(Strict):
    source: SourceInfo
    sections: list[SectionEntry]


# --- condition.yml ---
class ScarAttributeEntry(Measured):
    kind: str
    text: str


class ScarTypeEntry(Aliased, Fact):
    name: str
    summary: str
    attributes: list[ScarAttributeEntry]


class ComparisonRowEntry(Fact):
    characteristic: str
    hypertrophic: str
    keloid: str


class ConditionFile(Strict):
    scar_types: list[ScarTypeEntry]
    scar_comparison: list[ComparisonRowEntry]


# --- stem_cells.yml ---
class MechanismEntry(Fact):
    slug: str
    text: str


class CellOriginEntry(Aliased, Fact):
    name: str
    description: str


class CellTypeEntry(Aliased, Fact):
    name: str
    source: str
    origin: str
    harvesting: str
    benefits: list[str]
    methods: list[str]


class ApplicationMethodEntry(Aliased, Fact):
    name: str
    description: str


class TherapyEntry(Aliased):
    name: str


class CombinationTherapyEntry(Fact):
    slug: str
    name: str
    benefit: str
    examples: list[str] = []
    therapies: list[TherapyEntry]


class StemCellsFile(Strict):
    mechanism: list[MechanismEntry]
    cell_origins: list[CellOriginEntry]
    cell_types: list[CellTypeEntry]
    application_methods: list[ApplicationMethodEntry]
    combination_therapies: list[CombinationTherapyEntry]


# --- safety.yml ---
class SafetyEntry(Measured):
    slug: str
    kind: str
    text: str


class LimitationEntry(Measured):
    slug: str
    text: str


class SafetyFile(Strict):
    safety: list[SafetyEntry]
    limitations: list[LimitationEntry]


# --- clinics.yml ---
class DoctorEntry(Fact):
    name: str
    role: str


class FeatureEntry(Fact):
    text: str
    claim: bool


class TechniqueEntry(Measured):
    slug: str
    name: str
    text: str


class ClinicEntry(Aliased, Fact):
    name: str
    neighbourhood: str
    city: str
    doctors: list[DoctorEntry]
    features: list[FeatureEntry]
    techniques: list[TechniqueEntry]


class ClinicsFile(Strict):
    clinics: list[ClinicEntry]


# --- treatment.yml ---
class ReasonEntry(Fact):
    slug: str
    text: str


class ProcessStepEntry(Fact):
    slug: str
    order: int = Field(ge=1)
    name: str
    description: str
    duration_min: float | None = None
    duration_max: float | None = None
    duration_unit: str | None = None


class MilestoneEntry(Measured):
    slug: str
    name: str
    text: str | None = None


class InstructionEntry(Measured):
    phase: str = Field(regex=r"^(before|after)$")
    slug: str
    text: str


class TreatmentFile(Strict):
    why_korea: list[ReasonEntry]
    process_steps: list[ProcessStepEntry]
    results_timeline: list[MilestoneEntry]
    instructions: list[InstructionEntry]


# --- travel.yml ---
class VisaEntry(Aliased, Fact):
    code: str
    name: str
    holders: str
    validity_max_days: int = Field(gt=0)
    general_documents: list[str]


class DocumentCategoryEntry(Aliased, Fact):
    name: str
    documents: list[str]


class StayEntry(Measured):
    slug: str
    name: str
    text: str


class TravelFile(Strict):
    visas: list[VisaEntry]
    document_categories: list[DocumentCategoryEntry]
    stay: list[StayEntry]


# --- costs.yml ---
class CurrencyEntry(Aliased):
    code: str = Field(regex=r"^[A-Z]{3}$")
    symbol: str
    name: str


class CountryEntry(Aliased):
    name: str


class KoreaPriceEntry(Money, Fact):
    slug: str
    item: str
    amount_min: float = Field(ge=0)
    amount_max: float = Field(ge=0)
    currency: str
    unit: str
    covers: str


class TreatmentEntry(Aliased, Money, Fact):
    name: str
    price_position: str = Field(regex=r"^(low|high|listed)$")
    amount_usd: float | None = Field(None, ge=0)
    unit: str | None = None
    note: str


class DepositEntry(Fact):
    text: str
    amount_stated: bool


class CountryPriceEntry(Money, Fact):
    country: str
    item: str
    unit: str = Field(regex=r"^(range|average|from|qualitative)$")
    note: str | None = None


class CostNoteEntry(Fact):
    slug: str
    text: str


class ExpenseTierEntry(Money):
    slug: str
    name: str
    amount_min: float = Field(ge=0)
    currency: str


class ExpenseEntry(Aliased, Fact):
    name: str
    note: str | None = None
    tiers: list[ExpenseTierEntry]


class CostsFile(Strict):
    currencies: list[CurrencyEntry]
    countries: list[CountryEntry]
    korea_prices: list[KoreaPriceEntry]
    treatments: list[TreatmentEntry]
    deposit: DepositEntry
    country_prices: list[CountryPriceEntry]
    cost_notes: list[CostNoteEntry]
    expenses: list[ExpenseEntry]


# --- outcomes.yml ---
class OutcomeEntry(Measured):
    slug: str
    kind: str = Field(regex=r"^(case_report|case_gallery|study|trial)$")
    text: str
    measure: str | None = None
    timeframe_months: float | None = None


class BenefitEntry(Fact):
    slug: str
    text: str


class OutcomesFile(Strict):
    outcomes: list[OutcomeEntry]
    benefits: list[BenefitEntry]


FILE_MODELS = {
    "sections.yml": SectionsFile,
    "condition.yml": ConditionFile,
    "stem_cells.yml": StemCellsFile,
    "safety.yml": SafetyFile,
    "clinics.yml": ClinicsFile,
    "treatment.yml": TreatmentFile,
    "travel.yml": TravelFile,
    "costs.yml": CostsFile,
    "outcomes.yml": OutcomesFile,
}


class Facts(Strict):
    """Every fact file, parsed and validated."""

    sections: SectionsFile
    condition: ConditionFile
    stem_cells: StemCellsFile
    safety: SafetyFile
    clinics: ClinicsFile
    treatment: TreatmentFile
    travel: TravelFile
    costs: CostsFile
    outcomes: OutcomesFile


def _entry_label(raw: Any, path: tuple) -> str:
    """Names the entry an error sits in: its slug or name where it has one, else its position."""
    label, node = "", raw
    for step in path:
        if isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
            name = (
                node.get("slug") or node.get("name") or node.get("characteristic") if isinstance(node, dict) else None
            )
            label = f"{label}[{step}]" + (f" ({name})" if name else "")
        elif isinstance(node, dict) and step in node:
            node = node[step]
            label = f"{label}.{step}" if label else str(step)
        else:
            break
    return label or "(top level)"


def parse_file(path: Path, model: type) -> Strict:
    """Reads one fact file and validates it against its model."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KnowledgeFileError(path.name, "(file)", "-", "the file is missing") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise KnowledgeFileError(path.name, where, "-", f"not valid YAML: {getattr(error, 'problem', error)}") from None
    if not isinstance(raw, dict):
        raise KnowledgeFileError(path.name, "(top level)", "-", "expected a mapping of lists")
    try:
        return model.parse_obj(raw)
    except ValidationError as error:
        first = error.errors()[0]
        location = tuple(first["loc"])
        entry_path = tuple(step for step in location if step != "__root__")
        field = next((str(step) for step in reversed(entry_path) if isinstance(step, str)), "-")
        if location and location[-1] != "__root__" and len(entry_path) > 1:
            entry_path = entry_path[:-1]
        raise KnowledgeFileError(path.name, _entry_label(raw, entry_path), field, first["msg"]) from None


def load_facts(directory: Path = FACTS_DIR) -> Facts:
    """Parses every fact file and checks the references between them."""
    parsed = {name.removesuffix(".yml"): parse_file(directory / name, model) for name, model in FILE_MODELS.items()}
    facts = Facts.construct(**parsed)
    check_references(facts)
    return facts


def _sections_used(facts: Facts) -> list[tuple]:
    """(file, entry, section) for every fact that names a section."""
    used = []
    for file_key in Facts.__fields__:
        if file_key == "sections":
            continue
        _collect_sections(getattr(facts, file_key), f"{file_key}.yml", "", used)
    return used


def _collect_sections(node: Any, file: str, label: str, used: list[tuple]) -> None:
    if isinstance(node, BaseModel):
        if "section" in node.__fields__:
            used.append((file, label or "(top level)", node.section))
        for name in node.__fields__:
            _collect_sections(getattr(node, name), file, f"{label}.{name}" if label else name, used)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            slug = getattr(item, "slug", None) or getattr(item, "name", None)
            _collect_sections(item, file, f"{label}[{index}]" + (f" ({slug})" if slug else ""), used)


def _require(known: set, value: str | None, file: str, entry: str, field: str, what: str) -> None:
    if value is not None and value not in known:
        raise KnowledgeFileError(file, entry, field, f"unknown {what} '{value}' (known: {', '.join(sorted(known))})")


def check_references(facts: Facts) -> None:
    """Cross-file checks: sections, currencies, countries and methods that entries refer to exist."""
    sections = {section.slug for section in facts.sections.sections}
    for file, entry, section in _sections_used(facts):
        _require(sections, section, file, entry, "section", "section")
    currencies = {currency.slug for currency in facts.costs.currencies}
    countries = {country.slug for country in facts.costs.countries}
    methods = {method.slug for method in facts.stem_cells.application_methods}
    for index, cell in enumerate(facts.stem_cells.cell_types):
        for method in cell.methods:
            _require(methods, method, "stem_cells.yml", f"cell_types[{index}] ({cell.slug})", "methods", "method")
    priced = [
        ("korea_prices", facts.costs.korea_prices),
        ("treatments", facts.costs.treatments),
        ("country_prices", facts.costs.country_prices),
    ]
    for list_name, entries in priced:
        for index, item in enumerate(entries):
            label = f"{list_name}[{index}]"
            _require(currencies, item.currency, "costs.yml", label, "currency", "currency")
            if list_name == "country_prices":
                _require(countries, item.country, "costs.yml", label, "country", "country")
    for index, expense in enumerate(facts.costs.expenses):
        for tier_index, tier in enumerate(expense.tiers):
            label = f"expenses[{index}] ({expense.slug}).tiers[{tier_index}] ({tier.slug})"
            _require(currencies, tier.currency, "costs.yml", label, "currency", "currency")
