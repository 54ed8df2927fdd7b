"""Answers about the medical visa."""

from __future__ import annotations

from answers.reply import Button, Question, Reply, bullet_list, join_words
from knowledge.query import KnowledgeBase

VISA_SOURCE_NOTE = "Check the current rules with the Korean embassy or consulate where you apply."


def visa_type(kb: KnowledgeBase, ask: Question) -> Reply:
    visa = kb.visa()
    return Reply(
        f"{visa.holders[0].upper() + visa.holders[1:]} need the {visa.name.lower()} ({visa.code}), valid for up to "
        f"{visa.validity_max_days} days. {VISA_SOURCE_NOTE}",
        [
            Button.intent("Documents needed", "ask_visa_documents"),
            Button.intent("How long is it valid?", "ask_visa_validity"),
        ],
    )


def visa_documents(kb: KnowledgeBase, ask: Question) -> Reply:
    named = ask.named("document_category")
    if named:
        category = kb.document_category(named[0])
        return Reply(
            f"Yes, that is part of the {category.name.lower()} documents for the {kb.visa().code} visa, "
            f"which are: {join_words(d.name for d in category.documents)}. {VISA_SOURCE_NOTE}",
            [Button.intent("Full document list", "ask_visa_documents")],
        )
    lines = [
        f"{category.name}: {join_words([d.name for d in category.documents])}" for category in kb.document_categories()
    ]
    return Reply(
        f"Documents usually asked for the {kb.visa().code} medical visa:\n{bullet_list(lines)}\n{VISA_SOURCE_NOTE}"
    )


def visa_validity(kb: KnowledgeBase, ask: Question) -> Reply:
    visa = kb.visa()
    stay = kb.stay_facts()["recommended_stay"]
    return Reply(
        f"The {visa.code} medical visa is valid for up to {visa.validity_max_days} days, more than the "
        f"about {stay.value_max:.0f} days the treatment usually needs. {VISA_SOURCE_NOTE}"
    )
