"""SQLAlchemy models of the knowledge base (SQLAlchemy 1.4, written in the 2.0 style).

One table per kind of fact in the article. Every fact row carries the article section it came from
(`section`), so an answer can always be traced back to the source. Amounts are numbers with a
currency code; an open-ended tier ("$200+") has `amount_max` NULL.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


def _section() -> Column:
    return Column(String(40), ForeignKey("sections.slug"), nullable=False)


class Section(Base):
    __tablename__ = "sections"
    slug = Column(String(40), primary_key=True)
    title = Column(Text, nullable=False)


class Alias(Base):
    """A way patients write an entity; `exact` aliases only match with the same letter case."""

    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("entity_type", "alias", "exact"),)
    id = Column(Integer, primary_key=True)
    entity_type = Column(String(30), nullable=False, index=True)
    value = Column(String(40), nullable=False)
    alias = Column(String(80), nullable=False)
    exact = Column(Boolean, nullable=False, default=False)


# --- The condition -----------------------------------------------------------------------------


class ScarType(Base):
    __tablename__ = "scar_types"
    slug = Column(String(40), primary_key=True)
    name = Column(String(80), nullable=False)
    summary = Column(Text, nullable=False)
    section = _section()
    attributes = relationship("ScarAttribute", order_by="ScarAttribute.id")


class ScarAttribute(Base):
    __tablename__ = "scar_attributes"
    id = Column(Integer, primary_key=True)
    scar_type = Column(String(40), ForeignKey("scar_types.slug"), nullable=False, index=True)
    kind = Column(String(30), nullable=False, index=True)
    text = Column(Text, nullable=False)
    value_min = Column(Float)
    value_max = Column(Float)
    unit = Column(String(20))
    section = _section()


class ScarComparisonRow(Base):
    __tablename__ = "scar_comparison_rows"
    id = Column(Integer, primary_key=True)
    characteristic = Column(String(80), nullable=False)
    hypertrophic = Column(Text, nullable=False)
    keloid = Column(Text, nullable=False)
    section = _section()


# --- Stem-cell therapy -------------------------------------------------------------------------


class MechanismFact(Base):
    __tablename__ = "mechanism_facts"
    slug = Column(String(40), primary_key=True)
    text = Column(Text, nullable=False)
    section = _section()


class CellOrigin(Base):
    __tablename__ = "cell_origins"
    slug = Column(String(40), primary_key=True)
    name = Column(String(80), nullable=False)
    description = Column(Text, nullable=False)
    section = _section()


class CellType(Base):
    __tablename__ = "cell_types"
    slug = Column(String(40), primary_key=True)
    name = Column(String(80), nullable=False)
    source = Column(Text, nullable=False)
    origin = Column(Text, nullable=False)
    harvesting = Column(Text, nullable=False)
    section = _section()
    benefits = relationship("CellTypeBenefit", order_by="CellTypeBenefit.id")
    methods = relationship("ApplicationMethod", secondary="cell_type_methods", order_by="ApplicationMethod.slug")


class CellTypeBenefit(Base):
    __tablename__ = "cell_type_benefits"
    id = Column(Integer, primary_key=True)
    cell_type = Column(String(40), ForeignKey("cell_types.slug"), nullable=False, index=True)
    text = Column(Text, nullable=False)


class CellTypeMethod(Base):
    __tablename__ = "cell_type_methods"
    cell_type = Column(String(40), ForeignKey("cell_types.slug"), primary_key=True)
    method = Column(String(40), ForeignKey("application_methods.slug"), primary_key=True)


class ApplicationMethod(Base):
    __tablename__ = "application_methods"
    slug = Column(String(40), primary_key=True)
    name = Column(String(80), nullable=False)
    description = Column(Text, nullable=False)
    section = _section()


class CombinationTherapy(Base):
    """A group of established treatments the article pairs with stem cells (e.g. lasers)."""

    __tablename__ = "combination_therapies"
    slug = Column(String(40), primary_key=True)
    name = Column(String(80), nullable=False)
    benefit = Column(Text, nullable=False)
    examples = Column(Text)  # named devices, comma-separated, e.g. "Fractional CO2, RF, IPL"
    section = _section()
    therapies = relationship("Therapy", order_by="Therapy.slug")


class Therapy(Base):
    __tablename__ = "therapies"
    slug = Column(String(40), primary_key=True)
    name = Column(String(80), nullable=False)
    group = Column(String(40), ForeignKey("combination_therapies.slug"), nullable=False)


class SafetyFact(Base):
    __tablename__ = "safety_facts"
    slug = Column(String(40), primary_key=True)
    kind = Column(String(30), nullable=False)
    text = Column(Text, nullable=False)
    value_max = Column(Float)
    unit = Column(String(20))
    section = _section()


class Limitation(Base):
    __tablename__ = "limitations"
    slug = Column(String(40), primary_key=True)
    text = Column(Text, nullable=False)
    value_max = Column(Float)
    unit = Column(String(20))
    section = _section()


# --- Clinics -----------------------------------------------------------------------------------


class Clinic(Base):
    __tablename__ = "clinics"
    slug = Column(String(40), primary_key=True)
    name = Column(String(80), nullable=False)
    neighbourhood = Column(String(80), nullable=False)
    city = Column(String(80), nullable=False)
    section = _section()
    doctors = relationship("ClinicDoctor", order_by="ClinicDoctor.id")
    features = relationship("ClinicFeature", order_by="ClinicFeature.id")
    techniques = relationship("ClinicTechnique", order_by="ClinicTechnique.id")


class ClinicDoctor(Base):
    __tablename__ = "clinic_doctors"
    id = Column(Integer, primary_key=True)
    clinic = Column(String(40), ForeignKey("clinics.slug"), nullable=False, index=True)
    name = Column(String(80), nullable=False)
    role = Column(Text, nullable=False)
    section = _section()


class ClinicFeature(Base):
    """A feature of a clinic; `claim` marks the clinic's own marketing, which answers attribute."""

    __tablename__ = "clinic_features"
    id = Column(Integer, primary_key=True)
    clinic = Column(String(40), ForeignKey("clinics.slug"), nullable=False, index=True)
    text = Column(Text, nullable=False)
    claim = Column(Boolean, nullable=False)
    section = _section()


class ClinicTechnique(Base):
    __tablename__ = "clinic_techniques"
    id = Column(Integer, primary_key=True)
    clinic = Column(String(40), ForeignKey("clinics.slug"), nullable=False, index=True)
    slug = Column(String(40), nullable=False)
    name = Column(String(80), nullable=False)
    text = Column(Text, nullable=False)
    value_max = Column(Float)
    unit = Column(String(20))
    section = _section()


# --- Treatment journey -------------------------------------------------------------------------


class KoreaReason(Base):
    __tablename__ = "korea_reasons"
    slug = Column(String(40), primary_key=True)
    text = Column(Text, nullable=False)
    section = _section()


class ProcessStep(Base):
    __tablename__ = "process_steps"
    slug = Column(String(40), primary_key=True)
    order = Column(Integer, nullable=False, unique=True)
    name = Column(String(80), nullable=False)
    description = Column(Text, nullable=False)
    duration_min = Column(Float)
    duration_max = Column(Float)
    duration_unit = Column(String(20))
    section = _section()


class TimelineMilestone(Base):
    __tablename__ = "timeline_milestones"
    slug = Column(String(40), primary_key=True)
    name = Column(String(80), nullable=False)
    text = Column(Text)
    value_min = Column(Float)
    value_max = Column(Float)
    unit = Column(String(20))
    section = _section()


class Instruction(Base):
    __tablename__ = "instructions"
    slug = Column(String(40), primary_key=True)
    phase = Column(String(10), nullable=False, index=True)  # before | after
    text = Column(Text, nullable=False)
    value_min = Column(Float)
    value_max = Column(Float)
    unit = Column(String(20))
    section = _section()


# --- Travel ------------------------------------------------------------------------------------


class Visa(Base):
    __tablename__ = "visas"
    slug = Column(String(40), primary_key=True)
    code = Column(String(20), nullable=False)
    name = Column(String(80), nullable=False)
    holders = Column(Text, nullable=False)
    validity_max_days = Column(Integer, nullable=False)
    section = _section()
    general_documents = relationship("VisaGeneralDocument", order_by="VisaGeneralDocument.id")


class VisaGeneralDocument(Base):
    __tablename__ = "visa_general_documents"
    id = Column(Integer, primary_key=True)
    visa = Column(String(40), ForeignKey("visas.slug"), nullable=False)
    name = Column(Text, nullable=False)


class DocumentCategory(Base):
    __tablename__ = "document_categories"
    slug = Column(String(40), primary_key=True)
    position = Column(Integer, nullable=False)
    name = Column(String(80), nullable=False)
    section = _section()
    documents = relationship("VisaDocument", order_by="VisaDocument.id")


class VisaDocument(Base):
    __tablename__ = "visa_documents"
    id = Column(Integer, primary_key=True)
    category = Column(String(40), ForeignKey("document_categories.slug"), nullable=False, index=True)
    name = Column(Text, nullable=False)


class StayFact(Base):
    __tablename__ = "stay_facts"
    slug = Column(String(40), primary_key=True)
    name = Column(String(80), nullable=False)
    text = Column(Text, nullable=False)
    value_min = Column(Float)
    value_max = Column(Float)
    unit = Column(String(20))
    section = _section()


# --- Costs -------------------------------------------------------------------------------------


class Currency(Base):
    __tablename__ = "currencies"
    slug = Column(String(10), primary_key=True)
    code = Column(String(3), nullable=False, unique=True)
    symbol = Column(String(4), nullable=False)
    name = Column(String(40), nullable=False)


class Country(Base):
    __tablename__ = "countries"
    slug = Column(String(40), primary_key=True)
    name = Column(String(80), nullable=False)


class KoreaPrice(Base):
    __tablename__ = "korea_prices"
    slug = Column(String(40), primary_key=True)
    item = Column(Text, nullable=False)
    amount_min = Column(Float, nullable=False)
    amount_max = Column(Float, nullable=False)
    currency = Column(String(10), ForeignKey("currencies.slug"), nullable=False)
    unit = Column(String(20), nullable=False)
    covers = Column(Text, nullable=False)
    section = _section()


class Treatment(Base):
    """A named treatment with a price or a place in the Korean price range."""

    __tablename__ = "treatments"
    slug = Column(String(40), primary_key=True)
    name = Column(String(80), nullable=False)
    price_position = Column(String(10), nullable=False)  # low | high | listed
    amount_min = Column(Float)
    currency = Column(String(10), ForeignKey("currencies.slug"))
    amount_usd = Column(Float)
    unit = Column(String(20))
    note = Column(Text, nullable=False)
    section = _section()


class DepositPolicy(Base):
    __tablename__ = "deposit_policies"
    id = Column(Integer, primary_key=True)
    text = Column(Text, nullable=False)
    amount_stated = Column(Boolean, nullable=False)
    section = _section()


class CountryPrice(Base):
    __tablename__ = "country_prices"
    id = Column(Integer, primary_key=True)
    country = Column(String(40), ForeignKey("countries.slug"), nullable=False, index=True)
    item = Column(String(80), nullable=False)
    amount_min = Column(Float)
    amount_max = Column(Float)
    currency = Column(String(10), ForeignKey("currencies.slug"))
    unit = Column(String(20), nullable=False)  # range | average | from | qualitative
    note = Column(Text)
    section = _section()


class CostNote(Base):
    __tablename__ = "cost_notes"
    slug = Column(String(40), primary_key=True)
    text = Column(Text, nullable=False)
    section = _section()


class Expense(Base):
    __tablename__ = "expenses"
    slug = Column(String(40), primary_key=True)
    position = Column(Integer, nullable=False)
    name = Column(String(80), nullable=False)
    note = Column(Text)
    section = _section()
    tiers = relationship("ExpenseTier", order_by="ExpenseTier.position")


class ExpenseTier(Base):
    __tablename__ = "expense_tiers"
    __table_args__ = (UniqueConstraint("expense", "slug"),)
    id = Column(Integer, primary_key=True)
    expense = Column(String(40), ForeignKey("expenses.slug"), nullable=False, index=True)
    slug = Column(String(40), nullable=False)
    position = Column(Integer, nullable=False)
    name = Column(String(80), nullable=False)
    amount_min = Column(Float, nullable=False)
    amount_max = Column(Float)
    currency = Column(String(10), ForeignKey("currencies.slug"), nullable=False)


# --- Evidence ----------------------------------------------------------------------------------


class Outcome(Base):
    __tablename__ = "outcomes"
    slug = Column(String(40), primary_key=True)
    kind = Column(String(20), nullable=False)  # case_report | case_gallery | study | trial
    text = Column(Text, nullable=False)
    value_max = Column(Float)
    unit = Column(String(20))
    measure = Column(Text)
    timeframe_months = Column(Float)
    section = _section()


class Benefit(Base):
    __tablename__ = "benefits"
    slug = Column(String(40), primary_key=True)
    text = Column(Text, nullable=False)
    section = _section()


class BuildInfo(Base):
    """One row describing the current build, so caches can tell when the facts changed."""

    __tablename__ = "build_info"
    id = Column(Integer, primary_key=True)
    content_hash = Column(String(64), nullable=False)
    built_at = Column(String(32), nullable=False)
