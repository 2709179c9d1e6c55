"""The rule-language additions: raw-text match kinds, fix tables, literal words, options, and the
config's placeholder-names. Each bad input is one clear error naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

import cxlint
from cxlint.config import load_config
from cxlint.explain import explain_rule
from cxlint.linter import Linter
from cxlint.ruleload import load_file
from cxlint.yamlio import InputError

RULE = """id: bureaucratese.demo
title: Демо
severity: suggestion
message: "«{match}»"
why: Правило для проверки формата; оно ничего не значит для клиента, только для теста загрузчика.
"""
EXAMPLES = """examples:
  - bad: Осуществим доставку завтра.
  - good: Доставим завтра.
"""


def _rule(tmp_path: Path, body: str):
    p = tmp_path / "bureaucratese" / "demo.yaml"
    p.parent.mkdir(exist_ok=True)
    p.write_text(RULE + body, encoding="utf-8")
    return load_file(p)


def _error(tmp_path: Path, body: str) -> InputError:
    with pytest.raises(InputError) as e:
        _rule(tmp_path, body)
    return e.value


def test_table_words_are_validated_as_lemmas(tmp_path):
    body = (
        """match: [[{lemma: осуществить, capture: sup}, {lemma: доставка, capture: noun}]]
fix:
  safety: safe
  replace: "{noun>verbs|=sup}"
  tables:
    verbs:
      доставка: деньги
"""
        + EXAMPLES
    )
    e = _error(tmp_path, body)
    assert e.line == 12 and "деньги" in str(e) and "деньга" in str(e)


def test_a_template_must_name_a_defined_table(tmp_path):
    body = (
        """match: [[{lemma: осуществить, capture: sup}, {lemma: доставка, capture: noun}]]
fix:
  safety: safe
  replace: "{noun>glagol|=sup}"
"""
        + EXAMPLES
    )
    assert "glagol" in str(_error(tmp_path, body))


def test_table_and_whole_form_agreement_rewrite(tmp_path, monkeypatch):
    monkeypatch.setenv("CXLINT_NO_CACHE", "1")
    body = (
        """match: [[{lemma: [осуществить, осуществлять], pos: VERB, capture: sup}, {lemma: доставка, capture: noun}]]
fix:
  safety: safe
  replace: "{noun>verbs|=sup}"
  tables: {verbs: {доставка: доставить}}
"""
        + EXAMPLES
    )
    rule = _rule(tmp_path, body)
    from cxlint.doc import analyze
    from cxlint.engine import RuleSet

    for text, want in [("Осуществим доставку завтра.", "Доставим"), ("Курьер осуществит доставку.", "доставит")]:
        (f,) = RuleSet([rule]).check(analyze(text))
        assert f.suggestions[0].replacement == want and f.suggestions[0].safety == "safe"
    (f,) = RuleSet([rule]).check(analyze("Осуществляем доставку ежедневно."))
    assert f.suggestions[0].safety == "display"  # no imperfective in the table: shown, never applied


def test_unknown_match_kind_and_bad_regex(tmp_path):
    assert "unknown match kind 'regexp'" in str(_error(tmp_path, "match: {regexp: 'a'}\n" + EXAMPLES))
    assert "invalid regex" in str(_error(tmp_path, "match: {regex: '(a'}\n" + EXAMPLES))


def test_options_are_documented_and_validated(tmp_path):
    body = "options:\n  names: {default: []}\nmatch: {placeholder: {not_in: names}}\n" + EXAMPLES
    assert "default and description" in str(_error(tmp_path, body))
    body = "match: {placeholder: {not_in: names}}\n" + EXAMPLES
    assert "document it under options" in str(_error(tmp_path, body))


def test_explain_shows_options():
    rule = next(r for r in Linter().all_rules if r.id == "template.unknown-placeholder")
    assert rule.options["placeholder-names"]["default"] == []
    out = explain_rule(rule)
    assert "placeholder-names (default: [])" in out
    assert "{{odrer_id}}" in out


def test_placeholder_names_from_config(tmp_path):
    cfg = tmp_path / ".cxlint.yaml"
    cfg.write_text("placeholder-names: [name, order_id]\n", encoding="utf-8")
    linter = Linter(load_config(cfg))
    found = [
        f for f in linter.check("Здравствуйте, {{name}}! Заказ {{odrer_id}} отправлен.") if f.category == "template"
    ]
    assert [(f.rule, f.text) for f in found] == [("template.unknown-placeholder", "{{odrer_id}}")]
    assert found[0].suggestions[0].replacement == "{{order_id}}" and found[0].suggestions[0].safety == "display"
    assert not [f for f in Linter().check("Заказ {{odrer_id}} отправлен.") if f.category == "template"]


def test_placeholder_names_are_validated(tmp_path):
    cfg = tmp_path / ".cxlint.yaml"
    cfg.write_text("select: [template]\nplaceholder-names: [order id]\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_config(cfg)
    assert e.value.line == 2 and "order id" in str(e.value)


@pytest.mark.parametrize(
    "text",
    [
        "Здравствуйте, {{name}! В настоящий момент заказ собирается.",
        "В настоящий момент, {{name}, заказ собирается.",
        "Данный заказ #ORDER_ID передан курьеру.",
        "Осуществим доставку %(order_id завтра.",
    ],
)
def test_fix_never_touches_a_placeholder_even_a_broken_one(text):
    fixed = cxlint.fix(text, unsafe=True).text
    for piece in ("{{name}", "#ORDER_ID", "%(order_id"):
        assert text.count(piece) == fixed.count(piece)
    assert "template" in {f.category for f in cxlint.check(fixed)}


def test_well_formed_placeholders_never_fire():
    text = "Здравствуйте, {{ name }}, %s, %(name)s, %(sum).2f, #ORDER_ID#, [Имя], {order_id}, ${name}!"
    text += " {% if a %}Да{% endif %}"
    assert not [f for f in cxlint.check(text) if f.category == "template"]


@pytest.mark.parametrize(
    ("regex", "needs"),
    [
        (r"\{\{\s*(?P<name>\w+)\s*\}(?!\})", {"{{"}),  # a run of literals is needed whole
        (r"\{\{\s*\}\}|\$\{\s*\}|%\(\s*\)", {"{{", "${", "%("}),
        (r"[#%]x", {"#", "%"}),
        (r"(?<![\w#])[A-Z]+(?:_[A-Z0-9]+)+#", {"_"}),  # a lookbehind consumes nothing
        (r"x?y", {"y"}),  # what may be left out is not needed
        (r"(?i)abc", None),  # either case would do
        (r"(?i:a)b", {"b"}),
        (r".*", None),
    ],
)
def test_a_regex_is_skipped_on_text_without_a_string_it_needs(regex, needs):
    """A text holding none of the strings a regex needs cannot match it, so the regex is not run."""
    import re

    from cxlint.kinds.regex import needed

    assert needed(re.compile(regex)) == (None if needs is None else frozenset(needs))


@pytest.mark.parametrize(
    ("regex", "needs"),
    [
        (r"(?<![\w#])[A-Z]+(?:_[A-Z0-9]+)+#", [{"_"}, {"#"}]),  # every string it cannot do without
        (r"\{(?<!\{\{)\s*\w+\s*\}\}", [{"{"}, {"}}"}]),
        (r"##x?y[ab]", [{"##"}, {"y"}, {"a", "b"}]),
        (r"(?:ab|cd)e(?=f)", [{"ab", "cd"}, {"e"}]),  # a lookahead consumes nothing
        (r"(?i)abc", []),
    ],
)
def test_a_regex_is_skipped_on_text_without_any_string_it_needs(regex, needs):
    """A match holds one string of each set, so a text lacking every string of one set is skipped."""
    import re

    from cxlint.kinds.regex import also_needed

    assert also_needed(re.compile(regex)) == [frozenset(x) for x in needs]


def test_regex_rules_find_the_same_with_the_character_filter():
    from cxlint.kinds.regex import RegexCheck
    from cxlint.ruleload import load_dirs

    rules, _ = load_dirs([])
    checks = [r.check for r in rules if isinstance(r.check, RegexCheck)]
    assert checks
    texts = [e.text for r in rules for e in r.examples] + ["{{ }} и ${} и %() и ORDER_ID# и {% if x", "{ { и % ( и $ {"]
    lint = cxlint.linter.default()
    for check in checks:
        unfiltered = RegexCheck(check.patterns)
        unfiltered._needs, unfiltered._any = [None] * len(check.patterns), None
        unfiltered._more = [()] * len(check.patterns)
        for text in texts:
            doc = lint.analyze(text)
            assert check.find(doc, {}) == unfiltered.find(doc, {})


def test_regex_rules_that_need_different_characters_each_find_theirs(tmp_path, monkeypatch):
    # A message with none of the characters the rule set's regex rules need skips them all at
    # once; one with the characters of one rule only must still reach that rule.
    monkeypatch.setenv("CXLINT_NO_CACHE", "1")
    from cxlint.doc import analyze
    from cxlint.engine import RuleSet

    hash_rule = _rule(tmp_path, "match: {regex: ['#[0-9]+']}\n" + EXAMPLES)
    (tmp_path / "bureaucratese" / "demo.yaml").unlink()
    at = _rule(tmp_path, "match: {regex: ['@[a-z]+']}\n" + EXAMPLES)
    at.id = "bureaucratese.demo-at"
    rs = RuleSet([hash_rule, at])
    assert [f.text for f in rs.check(analyze("Пишите на @support, номер #123."))] == ["@support", "#123"]
    assert [f.rule for f in rs.check(analyze("Пишите на @support."))] == ["bureaucratese.demo-at"]
    assert [f.rule for f in rs.check(analyze("Номер #123."))] == ["bureaucratese.demo"]
    assert rs.check(analyze("Пишите нам.")) == []


def test_rules_with_one_regex_search_the_message_once_and_each_reports(tmp_path, monkeypatch):
    # Two rules with the same regex find alike: the message is searched once for both, and each
    # still reports its finding; a rule with another regex is searched on its own.
    monkeypatch.setenv("CXLINT_NO_CACHE", "1")
    from cxlint.doc import analyze
    from cxlint.engine import RuleSet
    from cxlint.kinds.regex import RegexCheck

    first = _rule(tmp_path, "match: {regex: ['#[0-9]+']}\n" + EXAMPLES)
    second = _rule(tmp_path, "match: {regex: ['#[0-9]+']}\n" + EXAMPLES)
    second.id = "bureaucratese.demo-again"
    other = _rule(tmp_path, "match: {regex: ['@[a-z]+']}\n" + EXAMPLES)
    other.id = "bureaucratese.demo-at"
    searched = []
    find = RegexCheck.find
    monkeypatch.setattr(
        RegexCheck, "find", lambda self, doc, options: searched.append(self) or find(self, doc, options)
    )
    rs = RuleSet([first, second, other])
    found = rs.check(analyze("Номер #123, пишите на @support."))
    assert sorted((f.rule, f.text) for f in found) == [
        ("bureaucratese.demo", "#123"), ("bureaucratese.demo-again", "#123"), ("bureaucratese.demo-at", "@support")
    ]  # fmt: skip
    assert len(searched) == 2 and other.check in searched


def test_a_placeholder_check_runs_only_with_names_declared():
    from cxlint.config import Config

    text = "Здравствуйте, {{nmae}}!"
    assert [f.rule for f in Linter(Config(placeholder_names=["name"])).check(text)] == ["template.unknown-placeholder"]
    assert Linter().check(text) == []
