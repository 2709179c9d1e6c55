"""The Python API an LLM agent calls before sending: typed findings, stable across threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

import cxlint

BAD = "Мы не можем вернуть деньги наличными."


def test_check_returns_findings_with_json_attributes():
    (f,) = [f for f in cxlint.check(BAD) if f.category == "negative"]
    assert (f.rule, f.category, f.start) == ("negative.cannot-how", "negative", 3)
    assert f.text == BAD[f.start : f.end] and f.text.startswith("не можем вернуть")
    assert f.severity in ("error", "warning", "suggestion") and f.message
    assert f.suggestions and f.suggestions[0].replacement.startswith("вернём")
    assert set(f.to_json()) >= {
        "rule",
        "category",
        "severity",
        "message",
        "start",
        "end",
        "line",
        "column",
        "end_line",
        "end_column",
        "text",
        "suggestions",
    }


def test_select_ignore_and_unknown_ids():
    assert all(f.category == "negative" for f in cxlint.check(BAD, select=["negative"]))
    assert not [f for f in cxlint.check(BAD, ignore=["negative"]) if f.category == "negative"]
    with pytest.raises(cxlint.UnknownRuleError):
        cxlint.check(BAD, select=["negative.nope"])


def test_a_linter_is_built_once_and_shared_by_threads():
    texts = [BAD, "Спасибо!", "Вернём 500 ₽ до пятницы.", ""] * 50
    expected = [[(f.rule, f.start) for f in cxlint.check(t)] for t in texts]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda t: [(f.rule, f.start) for f in cxlint.check(t)], texts))
    assert got == expected


def test_load_rules_lists_the_shipped_rules():
    ids = [r.id for r in cxlint.load_rules()]
    assert "negative.cannot" in ids and ids == sorted(ids)


def test_threads_sharing_a_full_memory_get_the_findings_of_one():
    # Every memory forgets its older half when full; threads that evict at once must not trip
    # over each other's deletions.
    lint = cxlint.Linter()
    lint.ruleset.matches.limit = 3
    texts = [f"Заказ {n} передали в доставку. Мы не можем вернуть {n} ₽ наличными." for n in range(400)]
    expected = [[(f.rule, f.start) for f in cxlint.check(t)] for t in texts]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda t: [(f.rule, f.start) for f in lint.check(t)], texts))
    assert got == expected
