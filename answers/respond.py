"""One reply from what retrieval understood: each part's fact in the order asked, worded from the
fact book's statements, with the notes that keep the assistant honest.

- a fact is stated in the fact book's words, figures exact; claims are attributed there already;
- a fact about what stem-cell treatment does is followed by the experimental status, once a reply;
- the answer to "is it guaranteed?" adds that no one can promise a result, and Korea's law on it;
- the first medical fact of a conversation is followed by the not-medical-advice note;
- a question the article is silent on is said to be so, and offered to the coordinators;
- another procedure gets what the assistant covers, never our figures;
- when nothing is sure, the closest facts are offered as buttons that carry their fact ids.
"""

from __future__ import annotations

from answers.honesty import EXPERIMENTAL, NO_GUARANTEE, NOT_MEDICAL_ADVICE
from answers.reply import Button, Reply, join_words
from knowledge.factbook import FactBook
from retrieval.understand import Understanding

NOT_SURE = "I'm not sure I understood. Did you mean one of these?"


def unknown_text(about: str) -> str:
    return (
        f"The article I answer from doesn't give {about}, and I won't guess. I've passed your question to the "
        "clinic's coordinators; you can also ask to talk to a person."
    )


def elsewhere_text(about: str) -> str:
    return (
        f"I can't help with {about}: I only cover stem-cell treatment for raised (hypertrophic) acne scars in "
        "South Korea, so none of my figures apply to it. A clinic offering that procedure can tell you more."
    )


def fact_button(book: FactBook, fact_id: str) -> Button:
    """A button that asks for one fact; its title is the fact's first question, as a patient asks it."""
    title = book.facts[fact_id].questions[0].strip().rstrip("?")
    return Button.fact(title[:1].upper() + title[1:] + "?", fact_id)


def respond(book: FactBook, understanding: Understanding, medical_note_shown: bool = False) -> Reply:
    if not understanding.understood:
        buttons = [fact_button(book, candidate.entry.id) for candidate in understanding.suggestions]
        return Reply(NOT_SURE, [*buttons, Button.intent("Talk to a person", "request_human")])
    paragraphs: list[str] = []
    experimental = medical = guarantee = False
    for part in understanding.answers:
        entry = part.best.entry
        if part.unheard:
            text = unknown_text(f"anything about {join_words(part.unheard)}")
        elif entry.kind == "unknown":
            text = unknown_text(book.unknowns[entry.id].about)
        elif entry.kind == "elsewhere":
            text = elsewhere_text(book.elsewhere[entry.id].about)
        else:
            fact = book.facts[entry.id]
            text = fact.statement
            experimental |= fact.experimental
            medical |= fact.medical
            guarantee |= fact.guarantee
        if text not in paragraphs:
            paragraphs.append(text)
    if guarantee:
        paragraphs.append(NO_GUARANTEE)
    if experimental:
        paragraphs.append(EXPERIMENTAL)
    if medical and not medical_note_shown:
        paragraphs.append(NOT_MEDICAL_ADVICE)
    # One newline: Rasa splits a text at blank lines into separate messages, and a reply is one message.
    return Reply("\n".join(paragraphs), medical=medical)
