"""The pure parts of `make bench` (scripts/bench.py): percentiles, the conversations, the training time."""

from __future__ import annotations

import numpy
import pytest

from scripts.bench import Level, conversation_plan, last_training, percentile


@pytest.mark.parametrize("q", [0, 50, 95, 99, 100])
def test_percentile_interpolates_between_ranks_like_numpy(q):
    values = [53.0, 12.5, 80.0, 41.0, 7.0, 66.0, 20.0, 95.5, 33.0, 48.0]
    assert percentile(values, q) == pytest.approx(numpy.percentile(values, q))


def test_percentile_of_nothing_is_not_a_number():
    assert percentile([], 95) != percentile([], 95)


def test_a_level_counts_only_answered_messages_per_second():
    level = Level("ours", 10, latencies_ms=[10.0] * 90, errors=10, seconds=3.0)
    assert level.per_second == 30
    assert level.p(50) == 10


def test_each_conversation_has_its_own_sender_and_its_own_questions():
    questions = [f"question {number}" for number in range(25)]
    plan = conversation_plan(questions, count=3, turns=10, label="ours")
    assert [len(turns) for turns in plan] == [10, 10, 10]
    assert all(len({sender for sender, _ in turns}) == 1 for turns in plan)
    assert len({turns[0][0] for turns in plan}) == 3
    assert [turns[0][1] for turns in plan] == ["question 0", "question 10", "question 20"]
    assert plan[2][9][1] == "question 4"  # wraps around the list


def test_senders_differ_between_runs():
    first, second = (conversation_plan(["hi"], 1, 1, "ours")[0][0][0] for _ in range(2))
    assert first != second


def test_training_time_recorded_by_service_train_is_read(tmp_path):
    log = tmp_path / "train.log"
    log.write_text("2026-11-28 15:59:21 INFO started\ntrain: model trained in 312 s\n")
    assert last_training(log) == "312 s (train.log)"


def test_training_time_falls_back_to_the_log_timestamps_and_says_when_the_cache_helped(tmp_path):
    log = tmp_path / "train.log"
    log.write_text(
        "2026-11-28 15:59:21 INFO rasa.cli.train - Started\n"
        "2026-11-28 16:01:58 INFO rasa.engine.training.hooks - Restored component 'RulePolicy' from cache.\n"
    )
    assert last_training(log) == (
        "157 s between train.log's first and last lines, some components restored from Rasa's cache"
    )


def test_training_time_without_a_log_points_to_the_flag(tmp_path):
    assert "--train-ours" in last_training(tmp_path / "train.log")
