"""Every fact of the article the issue lists is stored with its exact figures and reachable through
the query API, on SQLite and on PostgreSQL."""

from __future__ import annotations

from knowledge.query import KnowledgeBase


def texts(rows) -> str:
    return " | ".join(str(getattr(row, "text", row)) for row in rows).lower()


def test_hypertrophic_scar_definition_causes_and_course(any_kb: KnowledgeBase):
    scar = any_kb.scar_type("hypertrophic")
    assert "collagen" in scar.summary and "border" in scar.summary
    assert texts(any_kb.scar_attributes("cause")) == "burns | injuries (trauma) | deep acne lesions"
    course = any_kb.scar_attributes("course")
    assert (course[0].value_max, course[0].unit) == (6, "month")
    assert (course[1].value_min, course[1].value_max, course[1].unit) == (1, 2, "year")
    factors = texts(any_kb.scar_attributes("formation_factor"))
    assert "tension" in factors and "inflammation" in factors and "tgf-β" in factors
    risks = texts(any_kb.scar_attributes("risk_factor"))
    assert "genetics" in risks and "ehlers–danlos" in risks and "darker skin" in risks
    assert texts(any_kb.scar_attributes("other_name")) == "raised scar | thickened scar"
    impact = texts(any_kb.scar_attributes("impact"))
    assert "self-confidence" in impact and "joint" in impact


def test_all_ten_rows_of_the_keloid_comparison(any_kb: KnowledgeBase):
    rows = {row.characteristic: (row.hypertrophic, row.keloid) for row in any_kb.scar_comparison()}
    assert len(rows) == 10
    assert rows["Growth beyond the borders"] == ("no", "yes")
    assert rows["Main collagen type"] == ("type III more than type I", "mostly type I")
    assert rows["Myofibroblasts"] == ("present", "absent")
    assert rows["Recurrence after surgical removal"] == ("lower", "high")
    assert rows["Ease of treatment"] == ("easier", "challenging")
    assert "earlobes" in rows["Common locations"][1] and "extensor" in rows["Common locations"][0]
    assert rows["Regression over time"] == ("often regresses", "rarely regresses")
    assert "whorled" in rows["Collagen pattern"][1]
    assert rows["Skin-type predisposition"][0] == "all skin types"
    assert "beyond" in rows["Size compared with the wound"][1] or "past" in rows["Size compared with the wound"][1]


def test_mechanism_cell_sources_and_origins(any_kb: KnowledgeBase):
    mechanism = texts(any_kb.mechanism())
    assert "blood vessels" in mechanism and "inflammation" in mechanism and "collagen" in mechanism
    cells = {cell.slug: cell for cell in any_kb.cell_types()}
    assert set(cells) == {"adsc", "bone_marrow", "msc", "exosomes"}
    assert cells["adsc"].source == "the patient's own fat"
    assert {m.slug for m in cells["adsc"].methods} == {"direct_injection", "topical"}
    assert {m.slug for m in cells["bone_marrow"].methods} == {"direct_injection"}
    assert {m.slug for m in cells["msc"].methods} == {"direct_injection", "iv_infusion"}
    assert {m.slug for m in cells["exosomes"].methods} == {"direct_injection", "topical"}
    assert "umbilical cord" in cells["msc"].source
    assert "damask rose" in cells["exosomes"].origin.lower()
    assert {o.slug for o in any_kb.cell_origins()} == {"autologous", "allogenic"}


def test_five_application_methods_and_four_combination_groups(any_kb: KnowledgeBase):
    assert {m.slug for m in any_kb.application_methods()} == {
        "direct_injection",
        "localized_injection",
        "topical",
        "iv_infusion",
        "microneedling_device",
    }
    groups = {group.slug: group for group in any_kb.combination_therapies()}
    assert set(groups) == {"microneedling", "lasers", "prp_fat_transfer", "topicals_subcision"}
    assert groups["lasers"].examples == "Fractional CO2, RF, IPL"
    assert {t.slug for t in groups["prp_fat_transfer"].therapies} == {"prp", "fat_transfer"}


def test_safety_and_limitations_figures(any_kb: KnowledgeBase):
    safety = {fact.slug: fact for fact in any_kb.safety_facts()}
    assert (safety["temporary_effects_rate"].value_max, safety["temporary_effects_rate"].unit) == (8, "percent")
    assert "fever" in safety["mild_fever"].text and "pain" in safety["local_pain"].text
    assert "local anaesthesia" in safety["local_anaesthesia"].text
    limits = {limit.slug: limit for limit in any_kb.limitations()}
    assert "experimental" in limits["experimental"].text
    assert "unpredictable" in limits["unpredictable"].text
    assert (limits["fat_reabsorption"].value_max, limits["fat_reabsorption"].unit) == (65, "percent")


def test_three_clinics_with_features_techniques_and_neighbourhoods(any_kb: KnowledgeBase):
    clinics = {clinic.slug: clinic for clinic in any_kb.clinics()}
    assert {slug: (c.neighbourhood, c.city) for slug, c in clinics.items()} == {
        "cellinique": ("Gangnam", "Seoul"),
        "theplus": ("Garosu-gil", "Seoul"),
        "sh_clinic": ("Sinsa", "Seoul"),
    }
    assert [d.name for d in clinics["cellinique"].doctors] == ["Dr. Chris Gunwoo Kim"]
    assert [d.name for d in clinics["theplus"].doctors] == ["Dr. Kim", "Dr. Jeong", "Dr. Lee"]
    cellinique = texts(clinics["cellinique"].techniques)
    for technique in ("novastem", "sdf-1alpha", "prp", "exosomes", "radiesse", "laser", "blood purification"):
        assert technique in cellinique
    theplus = texts(clinics["theplus"].techniques)
    assert "buffy coat" in theplus and "us-approved" in theplus
    assert [t.value_max for t in clinics["theplus"].techniques if t.slug == "small_blood_sample"] == [60]
    sh = texts(clinics["sh_clinic"].techniques)
    assert "wellness & anti-aging (wa) program" in sh and "arthritis" in sh
    assert "four-storey" in texts(clinics["theplus"].features)
    assert "gynaecology" in texts(clinics["sh_clinic"].features)


def test_marketing_claims_are_stored_as_the_clinics_claims(any_kb: KnowledgeBase):
    theplus = any_kb.clinic("theplus")
    claims = [feature.text for feature in theplus.features if feature.claim]
    assert any("FDA" in claim for claim in claims)
    assert any("award-winning" in claim for claim in claims)
    facts = [feature.text for feature in theplus.features if not feature.claim]
    assert not any("FDA" in fact or "award" in fact for fact in facts)


def test_why_korea_and_the_four_process_steps(any_kb: KnowledgeBase):
    reasons = texts(any_kb.korea_reasons())
    assert "regenerative medicine" in reasons and "translation" in reasons and "regulated" in reasons
    steps = any_kb.process_steps()
    assert [step.slug for step in steps] == ["consultation", "harvesting", "application", "recovery"]
    application = steps[2]
    assert (application.duration_min, application.duration_max, application.duration_unit) == (3, 4, "hour")
    assert "no hospital stay" in steps[3].description
    timeline = any_kb.timeline()
    assert (
        timeline["visible_improvement"].value_min,
        timeline["visible_improvement"].value_max,
        timeline["visible_improvement"].unit,
    ) == (4, 6, "week")
    assert (timeline["peak"].value_min, timeline["peak"].value_max, timeline["peak"].unit) == (3, 6, "month")
    assert (timeline["lasting"].value_min, timeline["lasting"].value_max) == (12, 24)
    assert "booster" in timeline["boosters"].text


def test_every_before_and_after_instruction(any_kb: KnowledgeBase):
    before = {item.slug: item for item in any_kb.instructions("before")}
    assert set(before) == {
        "no_alcohol",
        "no_meat",
        "no_aspirin",
        "healthy",
        "medications",
        "immune",
        "donor_fat",
        "smoking",
    }
    assert (before["no_alcohol"].value_min, before["no_alcohol"].unit) == (1, "week")
    assert (before["no_meat"].value_min, before["no_meat"].value_max, before["no_meat"].unit) == (2, 3, "day")
    after = {item.slug: item for item in any_kb.instructions("after")}
    assert set(after) == {"protect_area", "washing", "pain_relief", "swelling"}
    assert "Tylenol" in after["pain_relief"].text
    assert (after["washing"].value_min, after["washing"].unit) == (1, "day")
    assert (after["swelling"].value_min, after["swelling"].value_max, after["swelling"].unit) == (1, 2, "week")


def test_visa_documents_and_stay(any_kb: KnowledgeBase):
    visa = any_kb.visa()
    assert (visa.code, visa.validity_max_days) == ("C-3-3", 90)
    general = [doc.name for doc in visa.general_documents]
    assert general == [
        "visa application",
        "recent photo",
        "passport",
        "invitation from a Korean hospital",
        "proof of funds",
        "travel details",
    ]
    categories = {category.slug: [d.name for d in category.documents] for category in any_kb.document_categories()}
    assert list(categories) == ["application_id", "medical", "financial", "travel_stay", "insurance", "other"]
    assert "bank statement" in categories["financial"]
    assert "medical opinion from home" in categories["medical"]
    assert "visa fee receipt" in categories["other"]
    stay = any_kb.stay_facts()
    assert stay["recommended_stay"].value_max == 7
    assert (stay["swelling"].value_min, stay["swelling"].value_max, stay["swelling"].unit) == (1, 2, "week")


def test_korean_prices_and_deposit(any_kb: KnowledgeBase):
    session = any_kb.korea_price("scar_session")
    assert (session.amount_min, session.amount_max, session.currency, session.unit) == (
        400_000,
        2_500_000,
        "krw",
        "per_session",
    )
    average = any_kb.korea_price("general_average")
    assert (average.amount_min, average.currency) == (14_413, "usd")
    facial = any_kb.treatment("stem_cell_facial")
    assert (facial.amount_min, facial.currency, facial.amount_usd) == (869_000, "krw", 598)
    assert any_kb.treatment("exosome_microneedling").price_position == "low"
    assert any_kb.treatment("fat_stem_cell_injection").price_position == "high"
    assert "deposit" in any_kb.deposit().text


def test_five_country_comparison(any_kb: KnowledgeBase):
    def figures(country):
        return [(p.item, p.amount_min, p.amount_max) for p in any_kb.country_prices(country)]

    assert figures("south_korea") == [("General stem-cell therapies", 14_413, 14_413)]
    assert figures("usa") == [("Stem-cell therapy", 9_000, 50_000), ("Stem-cell facial", 770, 800)]
    assert figures("thailand")[0] == ("Stem-cell therapy", 1_900, 31_883)
    assert "more than in Korea" in any_kb.country_prices("thailand")[1].note
    assert figures("turkey") == [("Stem-cell therapy", 4_108, 16_410)]
    assert figures("mexico") == [("Some acne treatments", 67, None)]


def test_every_extra_expense_with_its_tiers(any_kb: KnowledgeBase):
    tiers = {e.slug: [(t.slug, t.amount_min, t.amount_max) for t in e.tiers] for e in any_kb.expenses()}
    assert tiers["accommodation"] == [("hostel", 20, 50), ("hotel", 70, 150), ("luxury", 200, None)]
    assert tiers["transportation"] == [("public", 1, 2), ("taxi", 3, None)]
    assert tiers["food"] == [("street_food", 2, 5), ("casual", 8, 15), ("fine_dining", 30, None)]
    for no_figure in ("medications_skincare", "follow_up", "insurance_visa_fees"):
        assert tiers[no_figure] == [] and any_kb.expense(no_figure).note


def test_reported_outcomes(any_kb: KnowledgeBase):
    outcomes = {outcome.slug: outcome for outcome in any_kb.outcomes()}
    case = outcomes["combined_case"]
    assert (case.value_max, case.unit, case.timeframe_months) == (80, "percent", 6)
    assert "forehead" in outcomes["forehead_case"].text
    assert "stromal vascular fraction" in outcomes["svf_trial"].text.lower()
    assert "Damask rose" in outcomes["damask_rose"].text
    assert "laser" in outcomes["laser_stem_cell_trial"].text
    assert "laser resurfacing" in outcomes["case_galleries"].text
