"""The one place that maps what the patient asked (intent + entities + context) to an answer."""

from __future__ import annotations

from collections.abc import Callable

from answers import budget, clinics, condition, costs, journey, personal, therapy, travel
from answers.honesty import NOT_MEDICAL_ADVICE
from answers.reply import Question, Reply
from knowledge.query import KnowledgeBase, UnknownEntity

Answerer = Callable[[KnowledgeBase, Question], Reply]

ANSWERS: dict[str, Answerer] = {
    "ask_scar_definition": condition.scar_definition,
    "ask_scar_causes": condition.scar_causes,
    "ask_scar_course": condition.scar_course,
    "ask_keloid_vs_hypertrophic": condition.keloid_vs_hypertrophic,
    "ask_how_stem_cells_work": therapy.how_stem_cells_work,
    "ask_cell_types": therapy.cell_types,
    "ask_application_methods": therapy.application_methods,
    "ask_combination_therapies": therapy.combination_therapies,
    "ask_side_effects": therapy.side_effects,
    "ask_effectiveness": therapy.effectiveness,
    "ask_research_status": therapy.research_status,
    "ask_clinics": clinics.clinics,
    "ask_clinic_details": clinics.clinic_details,
    "ask_clinic_location": clinics.clinic_location,
    "ask_clinic_doctors": clinics.clinic_doctors,
    "ask_clinic_techniques": clinics.clinic_techniques,
    "compare_clinics": clinics.compare_clinics,
    "ask_why_korea": clinics.why_korea,
    "ask_treatment_steps": journey.treatment_steps,
    "ask_duration": journey.duration,
    "ask_recovery": journey.recovery,
    "ask_results_timeline": journey.results_timeline,
    "ask_preparation": journey.preparation,
    "ask_aftercare": journey.aftercare,
    "ask_visa_type": travel.visa_type,
    "ask_visa_documents": travel.visa_documents,
    "ask_visa_validity": travel.visa_validity,
    "ask_price_korea": costs.price_korea,
    "ask_treatment_price": costs.treatment_price,
    "ask_price_country": costs.price_country,
    "compare_countries": costs.compare_countries,
    "ask_travel_expenses": costs.travel_expenses,
    "estimate_budget": budget.estimate_budget,
    "ask_deposit": costs.deposit,
    # Personal medical questions: general facts, and the personal decision referred to a doctor.
    "ask_diagnosis": personal.diagnosis,
    "ask_medication": personal.medication,
    "ask_pregnancy": personal.pregnancy,
    "ask_health_condition": personal.health_condition,
    "ask_flying_after": personal.flying_after,
    "ask_approval_status": personal.approval_status,
}

PRICE_BY_COUNTRY = ("ask_price_korea", "ask_price_country", "ask_treatment_price")
VISA_QUESTIONS = ("ask_visa_type", "ask_visa_validity")


def _price_by_country(ask: Question) -> str | None:
    """The price answer the named countries call for, when the question is about prices.

    "bangkok price?" is about Thailand whichever price intent the NLU chose; "and in Turkey?"
    right after a price answer is a price question even if it was read as something else. A named
    treatment keeps its own price answer.
    """
    named = ask.named("country")
    after_prices = ask.context.get("topic") == "price" and ask.intent == "ask_why_korea"
    if not named or not (ask.intent in PRICE_BY_COUNTRY or after_prices) or ask.named("therapy"):
        return None
    if len(named) > 1:
        return "compare_countries"
    return "ask_price_korea" if named == ["south_korea"] else "ask_price_country"


def resolve_follow_up(ask: Question) -> Question:
    """Lets the entities a message names refine the intent the NLU chose, where they are unambiguous."""
    intent = _price_by_country(ask)
    if intent is None and ask.intent in VISA_QUESTIONS and ask.named("document_category"):
        intent = "ask_visa_documents"  # "do I need a bank statement for the visa?" asks about documents
    return ask if intent is None else Question(intent, ask.text, ask.entities, ask.context)


def answer(kb: KnowledgeBase, ask: Question, medical_note_shown: bool = False) -> Reply:
    """The reply to a knowledge question; unknown entities get a clear message, never an error."""
    ask = resolve_follow_up(ask)
    answerer = ANSWERS.get(ask.intent)
    if answerer is None:
        raise KeyError(f"no answer for intent '{ask.intent}'")
    try:
        reply = answerer(kb, ask)
    except UnknownEntity:
        return Reply(
            "I don't have information on that one in my sources. I can tell you about the three clinics "
            "in the article, the treatment, the visa and prices."
        )
    if reply.medical and not medical_note_shown:
        reply.text = f"{reply.text}\n{NOT_MEDICAL_ADVICE}"
    return reply
