"""Retrieval over the fact book with the real encoder: one detail, several questions at once,
follow-ups, honest unknowns, other procedures, and what it does not understand. The questions here
are written for these tests, not copied from the fact book."""

from __future__ import annotations

import pytest

from answers.respond import respond
from knowledge.factbook import load_factbook
from knowledge.files import load_facts
from retrieval.encoder import shared_encoder
from retrieval.follow_up import Context
from retrieval.index import build_index
from retrieval.parts import question_parts
from retrieval.retrieve import Retriever
from retrieval.understand import Understanding, understand


@pytest.fixture(scope="module")
def retriever(tmp_path_factory) -> Retriever:
    book = load_factbook(load_facts())
    return Retriever(book, build_index(book, shared_encoder(), tmp_path_factory.mktemp("index")), shared_encoder())


def answer_ids(retriever, text, named=(), context: Context | None = None):
    understanding = understand(retriever, text, tuple(named), context or Context())
    return [part.best.entry.id for part in understanding.answers], understanding


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what's the main collagen in a keloid", "keloid_collagen_type"),
        ("r there myofibroblasts in keloid scar?", "keloid_myofibroblasts"),
        ("do they numb the area before taking the fat", "treatment_anaesthesia"),
        ("how many ppl get a fever afterwards", "safety_fever"),
        ("street food cost in seoul", "costs_street_food"),
        ("whats the priciest procedure in korea", "costs_dearest_korea_procedure"),
        ("the rose stem cells thing, which rose?", "stem_cells_plant_damask_rose"),
        ("how long can i stay with the c-3-3", "travel_visa_validity"),
    ],
)
def test_a_question_about_one_detail_finds_that_fact(retriever, question, fact):
    ids, _ = answer_ids(retriever, question)
    assert ids == [fact]


def test_a_clinic_named_in_the_question_wins_over_the_others(retriever):
    ids, _ = answer_ids(retriever, "where is that clinic located", ["clinic:sh_clinic"])
    assert ids == ["clinics_sh_location"]


def test_a_story_before_the_question_does_not_hide_it(retriever):
    story = (
        "I had cystic acne for years and my dermatologist tried steroid shots twice, they helped a little but "
        "the bumps on my jaw are still raised. My cousin went to Seoul last year. How much does one session cost there?"
    )
    _, understanding = answer_ids(retriever, story)
    reply = respond(retriever.book, understanding, medical_note_shown=True).text
    assert "400,000" in reply and "2,500,000" in reply and "per session" in reply


def test_each_part_of_a_message_with_three_questions_is_answered_in_order(retriever):
    ids, understanding = answer_ids(retriever, "how much is a session, how long should I stay, and which visa?")
    assert ids == ["costs_session_price_seoul", "travel_stay_length", "travel_visa_type"]
    reply = respond(retriever.book, understanding, medical_note_shown=True).text
    assert reply.index("400,000") < reply.index("7 days") < reply.index("C-3-3")


def test_messages_are_split_only_where_a_new_question_starts():
    assert question_parts("price? visa? how long?") == ["price?", "visa?", "how long?"]
    assert question_parts("hotel and food prices") == ["hotel and food prices"]
    assert question_parts("what is a keloid and how is it treated") == ["what is a keloid", "how is it treated"]
    assert question_parts("dorm price, hotel cost / luxury stay?") == ["dorm price", "hotel cost", "luxury stay?"]
    long_clause = "my cheeks, chin and forehead have raised scars"
    assert question_parts(long_clause) == [long_clause], "a sentence's own commas are not a list"


def test_a_list_of_terse_queries_and_a_labelled_question_are_each_answered(retriever):
    ids, _ = answer_ids(retriever, "hostel price, hotel cost / luxury stay?")
    assert ids[:2] == ["costs_hostel", "costs_hotel"] and len(ids) == 3
    ids, _ = answer_ids(retriever, "prep question: how long without alcohol and how long without meat?")
    assert ids == ["treatment_before_alcohol", "treatment_before_meat"]


def test_an_ordinal_points_into_the_last_list(retriever):
    listed = ("clinic:cellinique", "clinic:theplus", "clinic:sh_clinic")
    ids, _ = answer_ids(retriever, "and the last one, where is it?", context=Context(listed=listed))
    assert ids == ["clinics_sh_location"]


def test_an_elliptic_follow_up_continues_the_last_question(retriever):
    context = Context(last_question="how much is a hotel in seoul", in_play=("expense_kind:accommodation",))
    ids, _ = answer_ids(retriever, "and food?", context=context)
    assert ids == ["costs_food"]


def test_a_country_named_in_a_follow_up_replaces_the_one_before(retriever):
    context = Context(last_question="stem cell therapy price in thailand", in_play=("country:thailand",))
    ids, _ = answer_ids(retriever, "what about turkey?", ["country:turkey"], context)
    assert ids == ["costs_country_turkey"]


def test_a_follow_up_naming_another_thing_of_the_same_kind_asks_the_last_question_about_it(retriever):
    context = Context(last_question="how much does it cost in thailand?")  # not in play: named in the question
    ids, _ = answer_ids(retriever, "and in mexico?", ["country:mexico"], context)
    assert ids == ["costs_country_mexico"]
    context = Context(last_question="which doctors work at THE PLUS?", in_play=("clinic:theplus",))
    ids, _ = answer_ids(retriever, "and who's at cellinique?", ["clinic:cellinique"], context)
    assert len(ids) == 1 and ids[0].startswith("clinics_cellinique_") and "doctor" in ids[0]


def test_a_question_the_article_is_silent_on_is_answered_honestly(retriever):
    _, understanding = answer_ids(retriever, "is there a refund if I cancel my booking?")
    assert understanding.answers[0].not_in_article
    reply = respond(retriever.book, understanding).text
    assert reply.startswith("The article I answer from doesn't give") and "$" not in reply


def test_a_word_the_fact_book_never_uses_makes_an_honest_unknown(retriever):
    _, understanding = answer_ids(retriever, "can I go to a jjimjilbang sauna after the injections?")
    assert understanding.answers[0].unheard
    assert "doesn't give anything about" in respond(retriever.book, understanding).text


def test_another_procedure_is_not_answered_with_our_figures(retriever):
    ids, understanding = answer_ids(retriever, "how much does a nose job cost in gangnam?")
    assert retriever.book.subject_of(ids[0]) == "elsewhere"
    reply = respond(retriever.book, understanding).text
    assert "only cover stem-cell treatment" in reply and "₩" not in reply


def test_an_unrelated_request_is_not_understood(retriever):
    _, understanding = answer_ids(retriever, "set an alarm for 7am tomorrow")
    assert not understanding.understood


def test_when_nothing_is_sure_the_closest_facts_are_offered_as_buttons_with_their_ids(retriever):
    closest = [candidate for candidate in retriever.rank("visa papers") if candidate.entry.kind == "fact"][:3]
    reply = respond(retriever.book, Understanding(suggestions=tuple(closest)))
    assert reply.text.startswith("I'm not sure I understood")
    assert [button.payload for button in reply.buttons[:-1]] == [
        f'/ask_question{{"fact": "{candidate.entry.id}"}}' for candidate in closest
    ]
    assert reply.buttons[-1].payload == "/request_human"


def test_a_japanese_question_finds_the_english_fact(retriever):
    _, understanding = answer_ids(retriever, "ソウルでの1回の施術費用はいくらですか？")
    assert "400,000" in respond(retriever.book, understanding).text


def test_answers_about_what_the_treatment_does_say_it_is_experimental(retriever):
    _, understanding = answer_ids(retriever, "does stem cell therapy make the collagen in scars better organised?")
    reply = respond(retriever.book, understanding, medical_note_shown=True).text
    assert "still experimental" in reply
