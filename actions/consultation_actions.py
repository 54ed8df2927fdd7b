"""The consultation request: a form that asks for consent first, validates every answer, lets the
patient ask questions or change an answer on the way, and confirms a summary before storing it.

The rules for reading each answer live in `inquiries.intake`; the wording in `answers.inquiries`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.knowledge_actions import answer_guidance, answer_question, knowledge_base, send
from actions.records import record
from answers import inquiries as wording
from answers.coordinators import Coordinators
from answers.guidance import GUIDANCE
from answers.reply import Button, Reply
from channels.identity import channel_of
from inquiries import intake
from inquiries.intake import FORM_SLOTS, NO_PREFERENCE, NOT_GIVEN, NOT_SURE, InvalidAnswer
from inquiries.store import ConsultationDetails

logger = logging.getLogger(__name__)

# Slots the form's validation fills besides the asked ones.
DERIVED_SLOTS = ("contact_kind",)
QUESTION_CONFIDENCE = 0.5  # below it, a message that doesn't fit the question is re-prompted, not answered
QUESTION_INTENT = "ask_question"

SAVE_FAILED = (
    "Sorry, I couldn't save your request just now. Please try again in a few minutes, or contact the clinic's "
    "coordinators directly."
)


def latest_intent(tracker: Tracker) -> tuple[str, float]:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name") or "", float(intent.get("confidence") or 0.0)


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def asked_last(tracker: Tracker) -> str | None:
    """The question the patient's latest message answered (the requested slot before it)."""
    events = tracker.events
    latest_user = max((index for index, event in enumerate(events) if event.get("event") == "user"), default=0)
    asked = None
    for event in events[:latest_user]:
        if event.get("event") == "slot" and event.get("name") == "requested_slot":
            asked = event.get("value")
    return asked


def details_from(tracker: Tracker) -> ConsultationDetails:
    def optional(slot: str, skipped: str) -> str | None:
        value = tracker.get_slot(slot)
        return None if value in (None, skipped) else value

    health_consent = tracker.get_slot("consent_health") is True
    return ConsultationDetails(
        name=tracker.get_slot("contact_name"),
        contact=tracker.get_slot("contact"),
        contact_kind=tracker.get_slot("contact_kind"),
        country=tracker.get_slot("residence_country"),
        treatment=tracker.get_slot("treatment_interest"),
        clinic=optional("preferred_clinic", NO_PREFERENCE),
        travel_month=optional("travel_month", NOT_SURE),
        budget=optional("budget", NOT_GIVEN),
        health_consent=health_consent,
        scar_description=optional("scar_description", NOT_GIVEN) if health_consent else None,
    )


def cleared_form() -> list[EventType]:
    """Forgets the form's answers (they are in the inquiry once stored, and nowhere else otherwise)."""
    return [SlotSet(slot, None) for slot in (*FORM_SLOTS, *DERIVED_SLOTS, "requested_slot")]


class ValidateConsultationForm(FormValidationAction):
    def name(self) -> str:
        return "validate_consultation_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[str]:
        if tracker.get_slot("consent_contact") is False:
            return ["consent_contact"]  # refused: the form ends here, nothing else is asked
        if tracker.get_slot("consent_health") is False:
            return [slot for slot in domain_slots if slot != "scar_description"]
        return domain_slots

    async def _read(
        self,
        slot: str,
        parse: Callable[[str], Any],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        free_text: bool = False,
    ) -> dict[str, Any]:
        """Stores the parsed answer; or changes an earlier answer, answers a question, or re-prompts."""
        text = latest_text(tracker)
        intent, confidence = latest_intent(tracker)
        if intent == "change_answer":
            return self._change(dispatcher, tracker, slot)
        is_question = (intent == QUESTION_INTENT or intent in GUIDANCE) and confidence >= QUESTION_CONFIDENCE
        try:
            value = await asyncio.to_thread(parse, text)
        except InvalidAnswer as problem:
            if is_question:
                return {slot: None, **await self._answer(dispatcher, tracker)}
            dispatcher.utter_message(text=str(problem))
            return {slot: None}
        if free_text and is_question and intake.looks_like_question(text):
            return {slot: None, **await self._answer(dispatcher, tracker)}
        return {slot: value}

    def _change(self, dispatcher: CollectingDispatcher, tracker: Tracker, asked: str) -> dict[str, Any]:
        entity = next(tracker.get_latest_entity_values("form_field"), None)
        field = intake.field_to_change(latest_text(tracker), entity)
        if field is None:
            send(dispatcher, wording.which_change(tracker.get_slot("consent_health") is True))
            return {asked: None}
        cleared = {asked: None, field: None, "consultation_confirmed": None}
        if field == "consent_health":
            cleared["scar_description"] = None
        return cleared

    async def _answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        answer = answer_guidance if latest_intent(tracker)[0] in GUIDANCE else answer_question
        events = await answer(dispatcher, tracker, buttons=False)
        return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}

    async def validate_consent_contact(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        return await self._read("consent_contact", self._yes_no(tracker), dispatcher, tracker)

    async def validate_contact_name(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        return await self._read("contact_name", intake.parse_name, dispatcher, tracker, free_text=True)

    async def validate_contact(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        result = await self._read("contact", intake.parse_contact, dispatcher, tracker)
        contact = result.get("contact")
        if isinstance(contact, intake.Contact):
            result.update(contact=contact.value, contact_kind=contact.kind)
        return result

    async def validate_residence_country(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        return await self._read("residence_country", intake.parse_country, dispatcher, tracker)

    async def validate_treatment_interest(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        def parse(text: str) -> str:
            return intake.parse_treatment(text, knowledge_base())

        return await self._read("treatment_interest", parse, dispatcher, tracker, free_text=True)

    async def validate_preferred_clinic(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        named = next(tracker.get_latest_entity_values("clinic"), None)

        def parse(text: str) -> str:
            return intake.parse_clinic(text, knowledge_base(), named)

        return await self._read("preferred_clinic", parse, dispatcher, tracker)

    async def validate_travel_month(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        today = date.today()
        return await self._read("travel_month", lambda text: intake.parse_month(text, today), dispatcher, tracker)

    async def validate_budget(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        return await self._read("budget", intake.parse_budget, dispatcher, tracker)

    async def validate_consent_health(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        result = await self._read("consent_health", self._yes_no(tracker), dispatcher, tracker)
        if result.get("consent_health") is False:
            result["scar_description"] = None
        return result

    async def validate_scar_description(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        return await self._read("scar_description", intake.parse_description, dispatcher, tracker, free_text=True)

    async def validate_consultation_confirmed(self, value, dispatcher, tracker, domain) -> dict[str, Any]:
        intent, _confidence = latest_intent(tracker)
        if intent == "deny":
            return {"consultation_confirmed": None}  # the summary's re-ask offers the details to change
        result = await self._read("consultation_confirmed", self._yes_no(tracker), dispatcher, tracker)
        if result.get("consultation_confirmed") is False:
            result["consultation_confirmed"] = None
        return result

    @staticmethod
    def _yes_no(tracker: Tracker) -> Callable[[str], bool]:
        intent, _confidence = latest_intent(tracker)
        return lambda text: intake.parse_yes_no(text, intent)


class ActionAskTreatmentInterest(Action):
    """Asks for the treatment with the knowledge base's treatments as options."""

    def name(self) -> str:
        return "action_ask_treatment_interest"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        options = await asyncio.to_thread(intake.treatment_options, knowledge_base())
        buttons = [Button(option, option) for option in [*options, "Not sure yet"]]
        send(dispatcher, Reply("Which treatment are you interested in? Pick one or tell me in a few words.", buttons))
        return []


class ActionAskPreferredClinic(Action):
    """Asks for a clinic among those of the knowledge base (optional)."""

    def name(self) -> str:
        return "action_ask_preferred_clinic"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        clinics = await asyncio.to_thread(knowledge_base().clinics)
        buttons = [Button(clinic.name, clinic.name) for clinic in clinics] + [Button("No preference", "no preference")]
        send(dispatcher, Reply("Do you have a preferred clinic? (optional)", buttons))
        return []


class ActionAskConsultationConfirmed(Action):
    """The summary to confirm; after a "no", the details to change."""

    def name(self) -> str:
        return "action_ask_consultation_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        details = details_from(tracker)
        if latest_intent(tracker)[0] == "deny" and asked_last(tracker) == "consultation_confirmed":
            send(dispatcher, wording.which_change(details.health_consent))
            return []
        summary = await asyncio.to_thread(wording.confirm_summary, knowledge_base(), details)
        send(dispatcher, summary)
        return []


class ActionSubmitConsultation(Action):
    """Stores the confirmed request as an inquiry; without consent, stores nothing."""

    def name(self) -> str:
        return "action_submit_consultation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if tracker.get_slot("consent_contact") is not True or tracker.get_slot("consultation_confirmed") is not True:
            send(dispatcher, wording.consent_refused())
            return cleared_form()
        details = details_from(tracker)
        if details.clinic:  # coordinators read the clinic's name, not the knowledge base's key
            details = replace(
                details, clinic=await asyncio.to_thread(wording.clinic_name, knowledge_base(), details.clinic)
            )
        try:
            inquiry = await record(tracker, consultation=details)
        except SQLAlchemyError:
            logger.exception("could not store the consultation request of %s", tracker.sender_id)
            dispatcher.utter_message(text=SAVE_FAILED)
            return []  # answers kept in the conversation, so a retry needs no re-typing
        logger.info("consultation request #%s from conversation %s", inquiry.id, tracker.sender_id)
        send(dispatcher, wording.submitted(inquiry, details, Coordinators.from_environment()))
        return cleared_form()


class ActionCancelConsultation(Action):
    def name(self) -> str:
        return "action_cancel_consultation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(response="utter_consultation_cancelled")
        return cleared_form()


class ActionHandOff(Action):
    """'Can I talk to a person': the inquiry is flagged for a coordinator, and the patient told what's next."""

    def name(self) -> str:
        return "action_hand_off"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        coordinators = Coordinators.from_environment()
        try:
            inquiry = await record(tracker, handoff=True)
        except SQLAlchemyError:
            logger.exception("could not record the hand-off of %s", tracker.sender_id)
            direct = f" You can reach them at {coordinators.contact}." if coordinators.contact else ""
            dispatcher.utter_message(text=SAVE_FAILED + direct)
            return []
        logger.info("hand-off requested: inquiry #%s, conversation %s", inquiry.id, tracker.sender_id)
        reply = wording.handed_off(inquiry, channel_of(tracker.sender_id), coordinators)
        if tracker.active_loop_name:
            reply.buttons = []  # the form in progress collects the contact details
        send(dispatcher, reply)
        return []
