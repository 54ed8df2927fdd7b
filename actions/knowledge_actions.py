"""Actions that answer from the fact book.

They read the tracker, hand the message and its context to plain Python (`retrieval.understand`,
then `answers.respond`), and send the reply. Retrieval runs in a worker thread: the action server
serves every conversation from one event loop, so the encoder's few milliseconds must not stall it.
"""

from __future__ import annotations

import asyncio
import logging
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from answers import guidance
from answers.reply import Question, Reply
from answers.respond import respond, unknown_text
from inquiries.transcripts import UNANSWERED_SLOT
from knowledge.database import data_dir
from knowledge.entities import NLU_ENTITY_TYPES
from knowledge.factbook import Fact, FactBook, load_factbook
from knowledge.files import load_facts
from knowledge.query import KnowledgeBase
from retrieval.encoder import shared_encoder
from retrieval.follow_up import Context, leans_on_context
from retrieval.index import build_index
from retrieval.retrieve import Candidate, Retriever
from retrieval.understand import ANSWER, FALLBACK_ANSWER, SUGGEST, Part, Understanding, understand

logger = logging.getLogger(__name__)

LIST_LENGTH = 3
LATIN_END = 0x24F  # the last code point of the Latin script blocks
# Entity kinds only this assistant's subject has; countries and currencies are everyone's.
OUR_SUBJECTS = ("clinic", "cell_type", "therapy", "application_method")
UNAVAILABLE = (
    "Sorry, I can't reach my information right now. Please try again in a minute, or contact the "
    "clinic's coordinators directly."
)


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    return KnowledgeBase()


@lru_cache(maxsize=1)
def retriever() -> Retriever:
    """The fact book and its index, loaded once per process (at start-up, see actions/__init__.py)."""
    book = load_factbook(load_facts())
    return Retriever(book, build_index(book, shared_encoder(), data_dir()), shared_encoder())


def named_entities(tracker: Tracker) -> tuple[str, ...]:
    """kind:slug of what the latest message names, in the order named."""
    message = tracker.latest_message or {}
    refs = [
        f"{entity['entity']}:{entity['value']}"
        for entity in message.get("entities") or []
        if entity.get("entity") in NLU_ENTITY_TYPES
    ]
    return tuple(dict.fromkeys(refs))


def context_of(tracker: Tracker) -> Context:
    in_play = tuple(
        f"{kind}:{tracker.get_slot(kind)}" for kind in NLU_ENTITY_TYPES if tracker.get_slot(kind) is not None
    )
    return Context(
        last_question=tracker.get_slot("last_question") or "",
        listed=tuple(tracker.get_slot("listed") or ()),
        in_play=in_play,
    )


def requested_fact(tracker: Tracker, book: FactBook) -> str | None:
    """The fact id a button sent (`/ask_question{"fact": "..."}`), when it names a known fact."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "fact" and entity.get("value") in book.facts:
            return entity["value"]
    return None


def understanding_of(tracker: Tracker, unsure: bool = False) -> Understanding:
    """What the latest message asks; `unsure` when the NLU could not tell what kind of turn it was."""
    search = retriever()
    fact_id = requested_fact(tracker, search.book)
    if fact_id:
        entry = next(entry for entry in search.index.entries if entry.id == fact_id)
        return Understanding((Part(fact_id, fact_id, (), (Candidate(entry, 1.0, 1.0),)),))
    text = (tracker.latest_message or {}).get("text") or ""
    context = context_of(tracker)
    # The NLU judges a message alone: "and food?" is far from every fact until it is read with the
    # question before it, so a follow-up in a conversation is held to the ordinary thresholds.
    if unsure and context.last_question and leans_on_context(text):
        unsure = False
    thresholds = (FALLBACK_ANSWER, ANSWER) if unsure else (ANSWER, SUGGEST)
    return understand(search, text, named_entities(tracker), context, *thresholds)


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    buttons = [{"title": button.title, "payload": button.payload} for button in reply.buttons]
    dispatcher.utter_message(text=reply.text, buttons=buttons or None)


def is_list(fact: Fact) -> bool:
    """A fact that names several things in order, which "the second one" can point into."""
    return fact.id.endswith("_list") or len(fact.entities) >= LIST_LENGTH


def context_events(book: FactBook, understanding: Understanding, tracker: Tracker) -> list[EventType]:
    """What the answer leaves for follow-ups: the list it showed, the question it answered, the things
    it was about; and for the coordinators: the subjects asked (their topics), an unanswered question."""
    events: list[EventType] = []
    entries = [part.best.entry for part in understanding.answers]
    facts = [book.facts[entry.id] for entry in entries if entry.kind == "fact"]
    listed = next((fact.entities for fact in facts if is_list(fact)), None)
    if listed:
        events.append(SlotSet("listed", listed))
    last = understanding.answers[-1]
    events.append(SlotSet("last_question", last.question))
    for ref in dict.fromkeys(ref for fact in facts if len(fact.entities) == 1 for ref in fact.entities):
        kind, slug = ref.split(":", 1)
        if kind in NLU_ENTITY_TYPES:
            events.append(SlotSet(kind, slug))
    asked = list(tracker.get_slot("asked_subjects") or [])
    subjects = [book.subject_of(entry.id) for entry in entries]
    if any(subject not in asked for subject in subjects):
        events.append(SlotSet("asked_subjects", list(dict.fromkeys([*asked, *subjects]))))
    unknown = [part.text for part in understanding.answers if part.not_in_article]
    if unknown:
        events.append(SlotSet(UNANSWERED_SLOT, " / ".join(unknown)))
    return events


async def answer_question(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    buttons: bool = True,
    understanding: Understanding | None = None,
) -> list[EventType]:
    """Answers the latest message from the fact book (also used for questions asked mid-form)."""
    note_shown = bool(tracker.get_slot("medical_note_shown"))
    if understanding is None:
        understanding = await asyncio.to_thread(understanding_of, tracker)
    book = retriever().book
    reply = respond(book, understanding, note_shown)
    if tracker.get_slot("distress") or not buttons:
        reply.buttons = []  # no clinic or price prompts once a patient has said they are in crisis
    send(dispatcher, reply)
    if not understanding.understood:
        # Filed for the coordinators' unanswered queue (inquiries.transcripts).
        return [SlotSet(UNANSWERED_SLOT, (tracker.latest_message or {}).get("text") or "")]
    events = context_events(book, understanding, tracker)
    if reply.medical and not note_shown:
        events.append(SlotSet("medical_note_shown", True))
    return events


class ActionAnswerQuestion(Action):
    """Answers every knowledge question: retrieval over the fact book, with the conversation's context."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return await answer_question(dispatcher, tracker)


def question_from(tracker: Tracker) -> Question:
    message = tracker.latest_message or {}
    return Question(intent=(message.get("intent") or {}).get("name") or "", text=message.get("text") or "")


async def answer_guidance(dispatcher: CollectingDispatcher, tracker: Tracker, buttons: bool = True) -> list[EventType]:
    """Answers a personal medical question or a budget request (`answers.guidance`)."""
    ask = question_from(tracker)
    note_shown = bool(tracker.get_slot("medical_note_shown"))
    try:
        reply = await asyncio.to_thread(guidance.answer, knowledge_base(), ask, note_shown)
    except SQLAlchemyError:
        logger.exception("knowledge base unavailable while answering %s", ask.intent)
        dispatcher.utter_message(text=UNAVAILABLE)
        return []
    if tracker.get_slot("distress") or not buttons:
        reply.buttons = []
    send(dispatcher, reply)
    return [SlotSet("medical_note_shown", True)] if reply.medical and not note_shown else []


class ActionAnswerGuidance(Action):
    """Personal medical questions and the trip budget."""

    def name(self) -> str:
        return "action_answer_guidance"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        return await answer_guidance(dispatcher, tracker)


def names_our_subject(tracker: Tracker, book: FactBook) -> str | None:
    """The name of the clinic, cell type, therapy or method the latest message names, if any: a
    question about one of them is in the assistant's domain, whatever the classifier thought."""
    for ref in named_entities(tracker):
        if ref.split(":", 1)[0] in OUR_SUBJECTS and ref in book.entity_names:
            return book.entity_names[ref]
    return None


def not_in_article(dispatcher: CollectingDispatcher, text: str, subject: str) -> list[EventType]:
    """The honest answer to a question about one of our subjects the fact book cannot answer, filed
    for the coordinators' unanswered queue."""
    send(dispatcher, Reply(unknown_text(f"an answer to that about {subject}")))
    return [SlotSet(UNANSWERED_SLOT, text)]


def covers(part: Part) -> bool:
    """The question has specific words and the part's fact mentions every one of them: "what year
    was SH Clinic founded?" is not answered with where SH Clinic is, nor "how are you" with anything.
    Coverage reads Latin-script words only: a question in another script ("Что такое экзосомы?",
    "ケロイドと肥厚性瘢痕の違い") is held to the strict similarity alone, which unrelated requests in
    those languages stay far below."""
    if part.best is None:
        return False
    coverage = retriever().coverage
    specific = coverage.specific_terms(part.text)
    if not specific:
        return any(char.isalpha() and ord(char) > LATIN_END for char in part.text)
    return not coverage.missing(part.text, part.best.entry)


class ActionAnswerFallback(Action):
    """The NLU was unsure what kind of turn this is: a follow-up or a question in words it has not
    seen is answered when retrieval is sure; otherwise the closest facts and a person are offered,
    never a guess."""

    def name(self) -> str:
        return "action_answer_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        understanding = await asyncio.to_thread(understanding_of, tracker, True)
        if not understanding.understood and not understanding.suggestions:
            text = (tracker.latest_message or {}).get("text") or ""
            subject = names_our_subject(tracker, retriever().book)
            if subject:
                return not_in_article(dispatcher, text, subject)
            dispatcher.utter_message(response="utter_out_of_scope")
            return [SlotSet(UNANSWERED_SLOT, text)]
        return await answer_question(dispatcher, tracker, understanding=understanding)


class ActionAnswerOutOfScope(Action):
    """Out of scope, unless
    - the message continues the conversation ("and taxis?", "the third one, where is it?") and
      retrieval, reading it with the question before it, is sure of an answer;
    - it is surely one of the in-domain questions the article is silent on ("can I pay by card?");
    - a fact covers every specific word it asks about, and retrieval is sure of it even for a
      message the NLU could not place ("casual restaurant meal price");
    - it names one of our subjects ("what year was SH Clinic founded?"): without such a fact, it is
      told honestly that the article does not say, and filed for the coordinators.
    The NLU judges a message alone; the intent stays `out_of_scope` in the tracker either way."""

    def name(self) -> str:
        return "action_answer_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        understanding = await asyncio.to_thread(understanding_of, tracker)
        follows_on = bool(tracker.get_slot("last_question")) and leans_on_context(text)
        silent_on = understanding.understood and all(
            part.best.entry.kind == "unknown" and part.sure(FALLBACK_ANSWER) for part in understanding.answers
        )
        if understanding.understood and (follows_on or silent_on):
            return await answer_question(dispatcher, tracker, understanding=understanding)
        strict = await asyncio.to_thread(understanding_of, tracker, True)
        if strict.understood and all(covers(part) for part in strict.answers):
            return await answer_question(dispatcher, tracker, understanding=strict)
        subject = names_our_subject(tracker, retriever().book)
        if subject:
            return not_in_article(dispatcher, text, subject)
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
