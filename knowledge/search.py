"""Free-text search: ranks the knowledge base's topics for a question the NLU could not place.

Each topic (named after the question it answers, e.g. `ask_visa_documents`) is a document made of
its title, a few keywords and the facts stored for it. Character n-grams in TF-IDF tolerate the
typos patients make; the index is rebuilt only when the knowledge base's content changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer

from knowledge.query import KnowledgeBase


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    keywords: str
    facts: Callable[[KnowledgeBase], list[str]]


def _texts(rows, *fields: str) -> list[str]:
    return [" ".join(str(getattr(row, field) or "") for field in fields) for row in rows]


def _clinic_texts(kb: KnowledgeBase) -> list[str]:
    return [f"{clinic.name} {clinic.neighbourhood} {clinic.city}" for clinic in kb.clinics()]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "ask_scar_definition",
        "What a hypertrophic scar is",
        "hypertrophic raised thick scar what is symptoms itch",
        lambda kb: [kb.scar_type("hypertrophic").summary, *_texts(kb.scar_attributes("appearance"), "text")],
    ),
    Topic(
        "ask_scar_causes",
        "Causes and risk factors",
        "cause why form risk genetics skin tension inflammation",
        lambda kb: _texts(
            kb.scar_attributes("cause") + kb.scar_attributes("formation_factor") + kb.scar_attributes("risk_factor"),
            "text",
        ),
    ),
    Topic(
        "ask_scar_course",
        "Will the scar fade on its own?",
        "go away fade flatten disappear by itself time",
        lambda kb: _texts(kb.scar_attributes("course"), "text"),
    ),
    Topic(
        "ask_keloid_vs_hypertrophic",
        "Keloid or hypertrophic scar?",
        "keloid difference compare versus",
        lambda kb: _texts(kb.scar_comparison(), "characteristic", "hypertrophic", "keloid"),
    ),
    Topic(
        "ask_how_stem_cells_work",
        "How stem-cell therapy works",
        "stem cells work mechanism heal repair",
        lambda kb: _texts(kb.mechanism(), "text"),
    ),
    Topic(
        "ask_cell_types",
        "Types of stem cells",
        "cell types adsc msc exosomes bone marrow donor autologous",
        lambda kb: _texts(kb.cell_types(), "name", "source") + _texts(kb.cell_origins(), "name", "description"),
    ),
    Topic(
        "ask_application_methods",
        "How the cells are applied",
        "injection cream topical iv drip apply deliver",
        lambda kb: _texts(kb.application_methods(), "name", "description"),
    ),
    Topic(
        "ask_combination_therapies",
        "Combination treatments",
        "combine laser microneedling prp subcision",
        lambda kb: _texts(kb.combination_therapies(), "name", "benefit", "examples"),
    ),
    Topic(
        "ask_side_effects",
        "Side effects and safety",
        "side effects risk safe pain fever anaesthesia",
        lambda kb: _texts(kb.safety_facts(), "text"),
    ),
    Topic(
        "ask_effectiveness",
        "Does it work? Results and evidence",
        "work results evidence success before after",
        lambda kb: _texts(kb.outcomes(), "text"),
    ),
    Topic(
        "ask_research_status",
        "Research status and limits",
        "experimental approved proven research study limits",
        lambda kb: _texts(kb.limitations(), "text"),
    ),
    Topic("ask_clinics", "Clinics in Korea", "clinic clinics hospital recommend which where treatment", _clinic_texts),
    Topic(
        "ask_clinic_location",
        "Where the clinics are",
        "where location address neighbourhood gangnam sinsa garosu",
        _clinic_texts,
    ),
    Topic(
        "ask_clinic_doctors",
        "The clinics' doctors",
        "doctor surgeon dr who treat",
        lambda kb: [f"{doctor.name} {doctor.role}" for clinic in kb.clinics() for doctor in clinic.doctors],
    ),
    Topic(
        "ask_clinic_techniques",
        "Clinics' techniques",
        "technique technology method novastem buffy coat",
        lambda kb: [t.text for clinic in kb.clinics() for t in clinic.techniques],
    ),
    Topic(
        "ask_why_korea",
        "Why Korea?",
        "why korea south korea advantages reasons",
        lambda kb: _texts(kb.korea_reasons(), "text"),
    ),
    Topic(
        "ask_treatment_steps",
        "The treatment step by step",
        "steps process procedure what happens consultation",
        lambda kb: _texts(kb.process_steps(), "name", "description"),
    ),
    Topic(
        "ask_duration",
        "How long the procedure and the stay take",
        "how long hours days stay trip procedure time",
        lambda kb: _texts(kb.stay_facts().values(), "name", "text"),
    ),
    Topic(
        "ask_recovery",
        "Recovery and downtime",
        "recovery downtime swelling bruising work back",
        lambda kb: [kb.process_step("recovery").description],
    ),
    Topic(
        "ask_results_timeline",
        "When results show and how long they last",
        "when results see last weeks months booster",
        lambda kb: _texts(kb.timeline().values(), "name", "text"),
    ),
    Topic(
        "ask_preparation",
        "Preparing for treatment",
        "before prepare alcohol meat aspirin smoking",
        lambda kb: _texts(kb.instructions("before"), "text"),
    ),
    Topic(
        "ask_aftercare",
        "Aftercare",
        "after aftercare wash care tylenol protect",
        lambda kb: _texts(kb.instructions("after"), "text"),
    ),
    Topic(
        "ask_visa_type",
        "Which visa",
        "visa medical visa type c-3-3 need",
        lambda kb: [f"{kb.visa().code} {kb.visa().name}"],
    ),
    Topic(
        "ask_visa_documents",
        "Visa documents",
        "documents papers visa application passport bank statement",
        lambda kb: [doc.name for category in kb.document_categories() for doc in category.documents],
    ),
    Topic(
        "ask_visa_validity",
        "How long the visa is valid",
        "visa valid validity days how long",
        lambda kb: [f"{kb.visa().code} valid up to {kb.visa().validity_max_days} days"],
    ),
    Topic(
        "ask_price_korea",
        "Prices in Korea",
        "price cost how much korea won session",
        lambda kb: [kb.korea_price().item],
    ),
    Topic(
        "ask_treatment_price",
        "Price of a treatment",
        "price facial exosome microneedling injection cost",
        lambda kb: _texts(kb.treatments(), "name", "note"),
    ),
    Topic(
        "compare_countries",
        "Prices in other countries",
        "price usa thailand turkey mexico cheaper compare country",
        lambda kb: [country.name for country in kb.countries()],
    ),
    Topic(
        "ask_travel_expenses",
        "Travel costs",
        "hotel food transport taxi expenses travel cost",
        lambda kb: _texts(kb.expenses(), "name", "note"),
    ),
    Topic(
        "estimate_budget",
        "Budget estimate",
        "budget total estimate enough money afford",
        lambda kb: ["estimate total budget sessions nights hotel food"],
    ),
    Topic("ask_deposit", "Deposits", "deposit upfront pay reserve booking fee", lambda kb: [kb.deposit().text]),
)


# An unsure classifier's candidate at this confidence or more is offered as a topic: for "how does
# the treatment work" DIET ranks "how stem-cell therapy works" first at about 0.4, under the
# fallback's 0.5, while the word search may not rank it at all.
LIKELY_FLOOR = 0.2


@dataclass(frozen=True)
class Match:
    topic: str
    title: str
    score: float


class TopicSearch:
    """Ranks topics for a question; cached per knowledge-base build."""

    def __init__(self, kb: KnowledgeBase, topics: tuple[Topic, ...] = TOPICS) -> None:
        self.kb = kb
        self.topics = topics
        self._lock = threading.Lock()
        self._index: tuple[str | None, list[TfidfVectorizer], list] | None = None

    def _current_index(self) -> tuple[list[TfidfVectorizer], list]:
        build = self.kb.build_hash()
        with self._lock:
            if self._index is None or self._index[0] != build:
                documents = [f"{t.title} {t.keywords} {' '.join(t.facts(self.kb))}".lower() for t in self.topics]
                # Whole words for meaning, character n-grams for typos; scored separately, averaged.
                vectorizers = [
                    TfidfVectorizer(analyzer="word", stop_words="english", sublinear_tf=True),
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
                ]
                self._index = (build, vectorizers, [v.fit_transform(documents) for v in vectorizers])
            return self._index[1], self._index[2]

    def suggest(
        self, question: str, likely: Sequence[tuple[str, float]], limit: int = 3, floor: float = LIKELY_FLOOR
    ) -> list[Match]:
        """Topics to offer for a question the classifier was unsure of: the topics it ranked at
        `floor` or more (named by intent, in its order), then the best search matches."""
        titles = {topic.key: topic.title for topic in self.topics}
        offered = [Match(key, titles[key], round(confidence, 3)) for key, confidence in likely if key in titles]
        offered = [match for match in offered if match.score >= floor]
        keys = {match.topic for match in offered}
        offered += [match for match in self.search(question, limit) if match.topic not in keys]
        return offered[:limit]

    def search(self, question: str, limit: int = 3, min_score: float = 0.05) -> list[Match]:
        """The best-matching topics, most relevant first; empty when nothing is close."""
        if not question.strip():
            return []
        vectorizers, matrices = self._current_index()
        query = question.lower()
        scores = sum((m @ v.transform([query]).T).toarray().ravel() for v, m in zip(vectorizers, matrices)) / 2
        ranked = sorted(range(len(self.topics)), key=lambda i: scores[i], reverse=True)
        return [
            Match(self.topics[i].key, self.topics[i].title, round(float(scores[i]), 3))
            for i in ranked[:limit]
            if scores[i] >= min_score
        ]
