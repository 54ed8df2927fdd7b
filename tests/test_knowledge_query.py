"""The query API: look-ups by entity, comparisons and aliases."""

from __future__ import annotations

import pytest

from knowledge.entities import NLU_ENTITY_TYPES, stale_generated
from knowledge.files import load_facts
from knowledge.query import KnowledgeBase, UnknownEntity


@pytest.mark.parametrize(
    ("entity_type", "written", "canonical"),
    [
        ("clinic", "THE PLUS", "theplus"),
        ("clinic", "theplus", "theplus"),
        ("clinic", "the plus plastic surgery", "theplus"),
        ("clinic", "Celinique", "cellinique"),
        ("clinic", "SH", "sh_clinic"),
        ("cell_type", "fat-derived stem cells", "adsc"),
        ("therapy", "Platelet-rich plasma", "prp"),
        ("country", "Türkiye", "turkey"),
        ("country", "US", "usa"),
        ("document_category", "bank statement", "financial"),
        ("expense_kind", "hostel", "accommodation"),
        ("currency", "₩", None),
    ],
)
def test_aliases_resolve_to_canonical_values(any_kb: KnowledgeBase, entity_type, written, canonical):
    assert any_kb.canonical(entity_type, written) == canonical


def test_exact_case_aliases_do_not_match_other_cases(kb: KnowledgeBase):
    assert kb.canonical("country", "us") is None  # "us" is a pronoun; only "US" means the country
    assert kb.canonical("clinic", "sh") is None


def test_every_entity_type_has_aliases(kb: KnowledgeBase):
    for entity_type in NLU_ENTITY_TYPES:
        assert kb.aliases(entity_type), entity_type


def test_unknown_values_raise_unknown_entity(kb: KnowledgeBase):
    with pytest.raises(UnknownEntity):
        kb.clinic("gangnam_unni")
    with pytest.raises(UnknownEntity):
        kb.country_prices("japan")


def test_comparing_two_clinics_returns_both(any_kb: KnowledgeBase):
    comparison = any_kb.compare_clinics(["sh_clinic", "theplus"])
    assert [clinic.slug for clinic in comparison.clinics] == ["sh_clinic", "theplus"]


def test_comparing_one_clinic_falls_back_to_all(kb: KnowledgeBase):
    assert len(kb.compare_clinics(["theplus"]).clinics) == 3


def test_comparing_one_country_adds_korea(any_kb: KnowledgeBase):
    comparison = any_kb.compare_countries(["turkey"])
    assert list(comparison.prices) == ["south_korea", "turkey"]
    assert comparison.prices["turkey"][0].amount_max == 16_410


def test_comparing_no_country_gives_all_five_korea_first(kb: KnowledgeBase):
    assert list(kb.compare_countries([]).prices) == ["south_korea", "mexico", "thailand", "turkey", "usa"]


def test_hypertrophic_versus_keloid_is_one_query(kb: KnowledgeBase):
    assert len(kb.scar_comparison()) == 10


def test_therapy_groups_are_found_from_a_member(kb: KnowledgeBase):
    assert kb.therapy_group("fat_transfer").slug == "prp_fat_transfer"


def test_expense_tiers_by_name(kb: KnowledgeBase):
    tier = kb.expense_tier("accommodation", "luxury")
    assert (tier.amount_min, tier.amount_max, tier.currency) == (200, None, "usd")


def test_generated_nlu_resources_are_up_to_date():
    stale = stale_generated(load_facts())
    assert not stale, f"run `python -m knowledge generate`: {stale} are out of date"
