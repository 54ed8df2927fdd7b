"""The topics of a conversation, from the intents the patient's questions were classified as.

Coordinators filter the queue by these; they are coarser than intents on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable

TOPIC_OF_INTENT = {
    "ask_scar_definition": "scars",
    "ask_scar_causes": "scars",
    "ask_scar_course": "scars",
    "ask_keloid_vs_hypertrophic": "scars",
    "ask_diagnosis": "scars",
    "ask_how_stem_cells_work": "treatment",
    "ask_cell_types": "treatment",
    "ask_application_methods": "treatment",
    "ask_combination_therapies": "treatment",
    "ask_treatment_steps": "treatment",
    "ask_duration": "treatment",
    "ask_side_effects": "safety",
    "ask_medication": "safety",
    "ask_pregnancy": "safety",
    "ask_health_condition": "safety",
    "ask_approval_status": "safety",
    "ask_research_status": "results",
    "ask_effectiveness": "results",
    "ask_results_timeline": "results",
    "ask_clinics": "clinics",
    "ask_clinic_details": "clinics",
    "ask_clinic_location": "clinics",
    "ask_clinic_doctors": "clinics",
    "ask_clinic_techniques": "clinics",
    "compare_clinics": "clinics",
    "ask_why_korea": "clinics",
    "ask_recovery": "recovery",
    "ask_preparation": "recovery",
    "ask_aftercare": "recovery",
    "ask_flying_after": "recovery",
    "ask_visa_type": "visa",
    "ask_visa_documents": "visa",
    "ask_visa_validity": "visa",
    "ask_price_korea": "prices",
    "ask_treatment_price": "prices",
    "ask_price_country": "prices",
    "compare_countries": "prices",
    "ask_travel_expenses": "prices",
    "estimate_budget": "prices",
    "ask_deposit": "prices",
    "report_red_flag": "urgent symptoms",
    "express_distress": "distress",
}

TOPICS = tuple(dict.fromkeys(TOPIC_OF_INTENT.values()))


def topics_of(intents: Iterable[str]) -> list[str]:
    """The distinct topics of these intents, in the order of TOPICS."""
    seen = {TOPIC_OF_INTENT[intent] for intent in intents if intent in TOPIC_OF_INTENT}
    return [topic for topic in TOPICS if topic in seen]
