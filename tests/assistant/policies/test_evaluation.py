import pytest

from assistant.evaluation.policies import format_scores, load_questions, score_policies
from assistant.policies.desk import PolicyAnswer


class FixedDesk:
    def __init__(self, answers: dict[str, PolicyAnswer]) -> None:
        self.answers = answers

    def answer(self, question: str) -> PolicyAnswer:
        return self.answers[question]


def _row(id, question, answerable, section="", facts=""):
    return {"id": id, "question": question, "answerable": answerable, "section": section, "facts": facts, "note": ""}


def test_scores_count_sections_facts_and_refusals():
    rows = [_row("a", "returns?", "yes", "Returns | Exchanges", "30 days | full refund"),
            _row("b", "fee?", "yes", "Returns", "$6.95"),
            _row("c", "express?", "yes", "Shipping", ""),
            _row("d", "loyalty?", "no"), _row("e", "fax?", "no")]
    desk = FixedDesk({
        "returns?": PolicyAnswer("returns?", True, "… within 30 Days … a Full Refund.", "Exchanges", "p", 0.7),
        "fee?": PolicyAnswer("fee?", True, "a fee of $5", "Returns", "p", 0.6),  # a fact missing
        "express?": PolicyAnswer("express?", True, "...", "Payment", "p", 0.6),  # the wrong section
        "loyalty?": PolicyAnswer("loyalty?", False, "I don't know", "", "", 0.2),
        "fax?": PolicyAnswer("fax?", True, "invented", "Contact", "p", 0.5),
    })
    scores = score_policies(desk, rows)
    assert (scores.answerable, scores.answered_right, scores.answered_any) == (3, 1, 3)
    assert (scores.unanswerable, scores.refused) == (2, 1)
    assert scores.accuracy == pytest.approx(1 / 3) and scores.refusal_rate == 0.5
    assert [r["ok"] for r in scores.rows] == [True, False, False, True, False]
    assert scores.rows[1]["missing_facts"] == ["$6.95"]
    text = format_scores(scores)
    assert "accuracy 0.333" in text and "refused  0.500" in text and "answered an unanswerable question" in text


def test_a_bad_question_file_is_named(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text("id,question,answerable,section,facts,note\nq1,hi?,maybe,,,\n")
    with pytest.raises(ValueError, match=r"row 'q1': answerable must be 'yes' or 'no', got 'maybe'"):
        load_questions(path)
    path.write_text("id,question\nq1,hi?\n")
    with pytest.raises(ValueError, match="lacks the column"):
        load_questions(path)
