"""Two ways Rasa 3.6 leaves a patient without any answer, closed inside the Rasa server.

**A custom action fails** (the action server is down, times out, or crashes on a message). Rasa's
processor catches the failure, logs it and sends nothing. `install()` wraps `RemoteAction.run`, the
one place every custom action, form validation included, goes through; when the call fails, the
action's result becomes

1. the advice of the reported level when the message reports warning signs, and the crisis lines
   when it speaks of self-harm (the safety detector and the safety net's intents are read here,
   because the actions that normally give this advice are the ones that failed); the conversation
   is marked urgent for the coordinators, as the safety actions would mark it; in a conversation
   already urgent, the short reminder of what to do now;
2. a short apology with the coordinators' published contact (`COORDINATOR_CONTACT`), once a turn;
3. for a form's validation, every answer the form was about to accept is set back to empty:
   nothing unchecked is kept, and the question is asked again.

Nothing changes while the action server answers; the next message after it is back goes through
as usual.

**A turn trips the circuit breaker** (the policies predict 10 actions without listening). Rasa
stops the turn without logging `action_listen`, so the conversation is left in a state no rule
starts from: every later message, an urgent one included, is answered by the fallback loop again,
or, once 10 actions have piled up since the last `action_listen`, by nothing at all. `install()`
logs the `action_listen` Rasa leaves out, so the next message is handled as usual.

The Rasa server installs both when it loads the socket.io channel (`channels.socketio`), which
`credentials.yml` always enables.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction, create_bot_utterance
from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import ACTION_LISTEN_NAME, REQUESTED_SLOT
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from answers.coordinators import Coordinators
from channels.identity import channel_of
from inquiries.database import serving_engine
from inquiries.store import Event as InquiryEvent
from inquiries.store import InquiryStore
from safety.guidance import advice, crisis_reply, reminder
from safety.levels import DESPAIR, EMERGENCY, LEVEL_ENTITY, NONE, PERSISTENT, SOON
from safety.nlu import DISTRESS_INTENT, RED_FLAG_INTENT
from safety.red_flags import detect

logger = logging.getLogger(__name__)

URGENT_ACTION = "action_urgent_care"
CRISIS_ACTION = "action_crisis_support"
VALIDATION_PREFIX = "validate_"


APOLOGY = "Sorry, I can't answer that just now: part of the assistant is not responding. Please try again soon."


def apology(coordinators: Coordinators) -> str:
    if coordinators.contact:
        return f"{APOLOGY} You can also reach the clinic's coordinators directly: {coordinators.contact}."
    return APOLOGY


@dataclass(frozen=True)
class Safety:
    """What the safety actions would have answered to the patient's latest message."""

    level: str  # emergency, urgent or soon when signs were reported; none otherwise
    crisis: bool
    signs: tuple[str, ...] = ()
    ongoing: str | None = None  # the urgency in force from earlier turns (the `urgency` slot)

    @classmethod
    def of(cls, action_name: str, tracker: DialogueStateTracker) -> Safety:
        message = tracker.latest_message
        intent = ((message.intent if message else None) or {}).get("name")
        detection = detect((message.text if message else None) or "")
        entities = message.entities if message else []
        reported = next((item.get("value") for item in entities if item.get("entity") == LEVEL_ENTITY), None)
        level = reported or (detection.level if detection and detection.signs else NONE)
        if level == NONE and (intent == RED_FLAG_INTENT or action_name == URGENT_ACTION):
            level = EMERGENCY
        return cls(
            level=level if level != DESPAIR else NONE,
            crisis=bool(detection and detection.self_harm) or intent == DISTRESS_INTENT or action_name == CRISIS_ACTION,
            signs=tuple(detection.signs) if detection else (),
            ongoing=tracker.get_slot("urgency"),
        )

    @property
    def urgent_care(self) -> bool:
        return self.level != NONE

    def replies(self) -> list[str]:
        if not (self.urgent_care or self.crisis):
            return [reminder(self.ongoing)] if self.ongoing in PERSISTENT else []
        return ([advice(self.level, list(self.signs))] if self.urgent_care else []) + (
            [crisis_reply()] if self.crisis else []
        )

    def slots(self) -> list[Event]:
        if self.level in (NONE, SOON) and not self.crisis:
            return []
        urgency = DESPAIR if self.crisis else self.level
        events: list[Event] = [SlotSet("urgent", True), SlotSet("urgency", urgency)]
        return events + ([SlotSet("distress", True)] if self.crisis else [])


def said_this_turn(tracker: DialogueStateTracker) -> set[str]:
    """What the assistant has already said since the patient's latest message."""
    said: set[str] = set()
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered) and event.text:
            said.add(event.text)
    return said


def unchecked_answers(tracker: DialogueStateTracker) -> list[Event]:
    """A form validation's candidates (the slots set after the form's `ActionExecuted`), emptied again."""
    candidates: list[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, ActionExecuted):
            break
        if isinstance(event, SlotSet) and event.key != REQUESTED_SLOT:
            candidates.append(event.key)
    return [SlotSet(name, None) for name in dict.fromkeys(candidates)]


async def mark_urgent(tracker: DialogueStateTracker) -> None:
    """The inquiry flag the safety actions would have set; a failure is logged and the reply still goes out."""
    event = InquiryEvent(tracker.sender_id, channel_of(tracker.sender_id), urgent=True)
    try:
        await asyncio.to_thread(InquiryStore(serving_engine()).record, event)
    except Exception:
        logger.exception("could not record urgent conversation %s as an inquiry", tracker.sender_id)


async def fallback_events(action_name: str, tracker: DialogueStateTracker) -> list[Event]:
    safety = Safety.of(action_name, tracker)
    said = said_this_turn(tracker)
    texts = [*safety.replies(), apology(Coordinators.from_environment())]
    events: list[Event] = [create_bot_utterance({"text": text}) for text in texts if text not in said]
    if safety.slots():
        await mark_urgent(tracker)
    events += safety.slots()
    if action_name.startswith(VALIDATION_PREFIX):
        events += unchecked_answers(tracker)
    return events


_original_run = RemoteAction.run


async def _run_or_fall_back(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> list:
    try:
        return await _original_run(self, output_channel, nlg, tracker, domain)
    except ActionExecutionRejection:
        raise  # a form's "not this answer": Rasa's normal flow, not a failure
    except Exception as error:
        logger.error("custom action %s failed (%s); the patient gets the fallback reply", self.name(), error)
        return await fallback_events(self.name(), tracker)


_original_prediction_loop = MessageProcessor._run_prediction_loop


async def _prediction_loop_ending_in_listen(
    self: MessageProcessor, output_channel: Any, tracker: DialogueStateTracker
) -> None:
    await _original_prediction_loop(self, output_channel, tracker)
    if tracker.latest_action_name != ACTION_LISTEN_NAME and self._should_handle_message(tracker):
        logger.warning(
            "conversation %s: the turn was cut by Rasa's circuit breaker; listening again", tracker.sender_id
        )
        tracker.update(ActionExecuted(ACTION_LISTEN_NAME))


def install() -> None:
    """Idempotent: every Rasa server process calls it once when its channels load."""
    RemoteAction.run = _run_or_fall_back
    MessageProcessor._run_prediction_loop = _prediction_loop_ending_in_listen
