"""The benchmark runs in CI as a regression guard: its table goes into the test log, so a slowdown
shows up next to its baseline from the same run. Figures are checked for sanity only — never
against a time limit, which a busy CI machine would break."""

from __future__ import annotations

import math

from bench_modules import load as _load


def test_quick_benchmark_runs_and_prints_its_table(capsys):
    run = _load("run")
    with capsys.disabled():
        print()
        figures = run.main(["--quick"])
    tp = figures["throughput"]
    assert tp["n"] >= 100 and tp["tokens"] > tp["n"]
    assert 0 < tp["distinct"] <= tp["sentences"]
    for key in ("razdel", "check", "fix", "unseen"):
        assert 0 < tp[key] < math.inf
    st = figures["steady"]
    assert st["n"] == tp["n"] and st["tokens"] > st["n"]
    for key in ("razdel", "check", "fix"):
        assert 0 < st[key] < math.inf
    t_cold, rss_cold, t_morph, rss_morph = figures["cold"]
    assert t_cold > 0 and t_morph > 0 and rss_cold > 10 and rss_morph > 10  # MB: a real Python process
    rules = figures["rules"]
    assert rules["many"] == 2 * rules["rules"] and rules["t1"] > 0 and rules["tn"] > 0
    sizes = figures["sizes"]
    assert [s["n"] for s in sizes] == [100, 500] and all(s["wall"] > 0 and s["rss"] > 10 for s in sizes)
    assert len(figures["rows"]) == 11


def test_corpus_messages_are_distinct_deterministic_and_varied():
    corpus = _load("corpus")
    a, b = corpus.messages(2_000), corpus.messages(2_000)
    assert a == b and len(set(a)) == 2_000
    paragraphs = [m.count("\n\n") + 1 for m in a]
    assert min(paragraphs) == 1 and max(paragraphs) >= 5
    assert sum("\n" not in m for m in a) > 200  # one-liners too
    assert corpus.messages(50, seed=2) != a[:50]


def test_rule_copies_load_as_valid_rules_with_other_words(tmp_path):
    import cxlint

    copies = _load("rulecopies")
    n = copies.write_copies(tmp_path, 1)
    lint = cxlint.Linter(rule_dirs=[tmp_path])
    shipped = {r.id for r in cxlint.load_rules()}
    extra = [r for r in lint.all_rules if r.id not in shipped]
    assert len(extra) == n == len(shipped)
    # the shipped bad examples are caught by the shipped rules, not by copies that share their words
    text = "Мы не можем вернуть деньги. Стоимость ремонта — от 1 500 ₽."  # «наличными» is negative.cannot-how
    fired = {f.rule for f in lint.check(text)}
    assert "negative.cannot" in fired and "negative.cannot-x1" not in fired and "pricing.from-price-x1" not in fired
