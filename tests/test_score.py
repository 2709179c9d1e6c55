"""The reply score: its properties (hypothesis) and its calibration on the labelled corpora."""

from __future__ import annotations

import math

import pytest
from corpus_eval import evaluate, load
from hypothesis import given
from hypothesis import strategies as st

from cxlint.engine import Finding
from cxlint.scoring import FLOOR, WEIGHTS, score

RULES = [("negative.cannot", "negative"), ("negative.impossible", "negative"), ("timeline.vague", "timeline")]
RULES += [("pricing.from-price", "pricing"), ("template.unfilled-slot", "template"), ("blame.you-should", "blame")]


def finding(rule="negative.cannot", category=None, severity="warning") -> Finding:
    return Finding(rule, category or rule.split(".")[0], severity, "…", 0, 1, "x")


findings_st = st.builds(
    lambda rc, sev: finding(rc[0], rc[1], sev), st.sampled_from(RULES), st.sampled_from(list(WEIGHTS))
)
text_st = st.integers(0, 3000).map(lambda n: " ".join(["слово"] * n))


@given(st.lists(findings_st, max_size=30), text_st)
def test_score_is_between_0_and_10_with_one_decimal(fs, text):
    s = score(fs, text)
    assert 0 <= s <= 10
    assert round(s, 1) == s
    assert (s == 10) == (not fs), "10 is for a clean message only"


@given(st.lists(findings_st, max_size=20), findings_st, text_st)
def test_adding_a_finding_never_raises_the_score(fs, extra, text):
    for at in (0, len(fs) // 2, len(fs)):
        assert score([*fs[:at], extra, *fs[at:]], text) <= score(fs, text)


@given(text_st)
def test_an_error_costs_more_than_a_warning_more_than_a_suggestion(text):
    e, w, s = (score([finding(severity=sev)], text) for sev in ("error", "warning", "suggestion"))
    assert e < w < s < 10


@given(st.lists(findings_st, min_size=1, max_size=10), st.integers(0, 500), st.integers(1, 500))
def test_the_same_findings_cost_less_in_a_longer_letter(fs, n, more):
    assert score(fs, "слово " * (n + more)) >= score(fs, "слово " * n)


def test_length_matters_smoothly_and_within_bounds():
    one = [finding()]
    line, letter, tome = (score(one, "слово " * n) for n in (5, 60, 5000))
    assert line < letter < tome
    # however long, a letter cannot hide a problem: one warning never passes a gate of 8 …
    assert tome <= round(10 * math.exp(-WEIGHTS["warning"] * FLOOR), 1) < 8
    # … and three problems in three categories stay a bad reply
    three = [finding("negative.cannot"), finding("timeline.vague"), finding("pricing.from-price")]
    assert score(three, "слово " * 5000) <= 2.5


def test_repeats_of_one_rule_cost_less_than_different_rules_and_categories():
    text = "слово " * 18
    same_rule = score([finding("negative.cannot"), finding("negative.cannot")], text)
    same_category = score([finding("negative.cannot"), finding("negative.impossible")], text)
    two_categories = score([finding("negative.cannot"), finding("timeline.vague")], text)
    assert same_rule > same_category > two_categories
    assert score([finding("negative.cannot")], text) > same_rule


def test_works_for_rules_nobody_has_written_yet():
    assert score([finding("bureaucratese.some-future-rule", "bureaucratese")], "Данная заявка.") < 5


# Measured with the shipped rules (good ≥ 8 / bad ≤ 5): replies 1.000 / 0.994, holdout 1.000 / 0.990,
# blind 0.972 / 0.936. The misses are the detector's (a finding on a good reply, none on a bad one),
# not the score's: every bad reply with a finding in these corpora scores ≤ 5.0 but one with only a
# suggestion (7.4). The bars sit just under the weakest file.
GOOD_BAR, BAD_BAR = 0.97, 0.93


def _histogram(good: list[float], bad: list[float]) -> str:
    bins = [f"{a}.0–{a}.9" for a in range(10)] + ["10.0"]

    def bin_of(s: float) -> int:
        return 10 if s == 10 else int(s)

    rows = [f"{'score':<9}{'good':>5} {'':<22}{'bad':>5}"]
    for i, label in enumerate(bins):
        g = sum(bin_of(s) == i for s in good)
        b = sum(bin_of(s) == i for s in bad)
        bar = lambda n, total: "#" * round(20 * n / total) if total else ""  # noqa: E731
        rows.append(f"{label:<9}{g:>5} {bar(g, len(good)):<22}{b:>5} {bar(b, len(bad))}")
    return "\n".join(rows)


@pytest.mark.parametrize("name", ["replies.jsonl", "holdout.jsonl", "blind.jsonl"])
def test_score_separates_good_and_bad_replies(name, capsys):
    _, preds = evaluate(load(name))
    good = [score(found, r["text"]) for r, _, found in preds if not r["labels"]]
    bad = [score(found, r["text"]) for r, _, found in preds if r["labels"]]
    good_ok = sum(s >= 8 for s in good) / len(good)
    bad_ok = sum(s <= 5 for s in bad) / len(bad)
    with capsys.disabled():
        print(f"\n{name}: good ≥ 8: {good_ok:.3f} of {len(good)}; bad ≤ 5: {bad_ok:.3f} of {len(bad)}")
        print(_histogram(good, bad))
    assert good_ok >= GOOD_BAR, f"{name}: only {good_ok:.3f} of good replies score ≥ 8"
    assert bad_ok >= BAD_BAR, f"{name}: only {bad_ok:.3f} of bad replies score ≤ 5"


def test_python_api_scores_a_message_and_a_fixed_one():
    import cxlint

    bad = "К сожалению, мы не сможем вернуть деньги. Ожидайте ответа в ближайшее время."
    assert cxlint.score("Вернём деньги на карту до 15 марта.") == 10.0
    assert cxlint.score(bad) == score(cxlint.check(bad), bad) <= 5
    assert cxlint.score(bad, ignore=["negative", "timeline"]) == 10.0
    fixed = cxlint.fix(bad, unsafe=True)
    assert fixed.score == score(fixed.findings, fixed.text)
    assert fixed.score < 5, "an unfilled slot is an error: an unedited rewrite never looks sendable"
