"""A Linter: rules chosen by config and options, compiled once, shared by threads."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import indexcache, placeholders
from .config import Config
from .doc import Doc, analyze
from .engine import Finding, RuleSet
from .once import once
from .ruleload import load_dirs_keyed
from .rules import CATEGORIES, Rule
from .yamlio import InputError


class UnknownRuleError(ValueError):
    """A rule id or category that no loaded rule has."""


def matches(rule: Rule, selector: str) -> bool:
    return selector in (rule.id, rule.category)


def check_selectors(rules: list[Rule], selectors: Iterable[str]) -> None:
    ids = {r.id for r in rules}
    for s in selectors:
        if s not in ids and s not in CATEGORIES:
            raise UnknownRuleError(f"unknown rule or category {s!r}")


class Linter:
    """Rules selected and compiled once. ``check`` is read-only, so threads may share a Linter."""

    def __init__(
        self,
        config: Config | None = None,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        rule_dirs: Iterable[Path] = (),
    ):
        config = config or Config()
        all_rules, errors, source = load_dirs_keyed([*config.rules, *rule_dirs])
        if errors:
            raise errors[0]
        self.all_rules = all_rules
        for key, values in (("select", config.select), ("ignore", config.ignore), ("severity", config.severity)):
            try:
                check_selectors(all_rules, values)
            except UnknownRuleError as e:
                raise InputError(*config.where(key), str(e)) from None
        check_selectors(all_rules, [*select, *ignore])
        select = list(select) or config.select
        ignore = [*config.ignore, *ignore]
        chosen = [
            r
            for r in all_rules
            if (not select or any(matches(r, s) for s in select)) and not any(matches(r, s) for s in ignore)
        ]
        severity = {}
        for r in chosen:
            for sel in (r.category, r.id):  # a rule id wins over its category
                if sel in config.severity:
                    severity[r.id] = config.severity[sel]
        self.config = config
        self.rules = chosen
        self.syntax = (
            placeholders.compile_syntaxes(config.placeholders, slot_format=config.slot_format)
            if config.placeholders or config.slot_format != placeholders.DEFAULT_SLOT_FORMAT
            else placeholders.DEFAULT
        )
        default_slots = self.syntax.slot_format == placeholders.DEFAULT_SLOT_FORMAT
        options = {"placeholder-names": config.placeholder_names} if config.placeholder_names else {}
        if default_slots:  # the index is cached with the rules (a rendering function is not kept)
            self.ruleset = indexcache.ruleset(chosen, source, severity, options,
                                              lambda: RuleSet(chosen, severity, None, options))  # fmt: skip
        else:
            self.ruleset = RuleSet(chosen, severity, self.syntax.render, options)

    def analyze(self, text: str, skip=()) -> Doc:
        return analyze(text, self.syntax, skip)

    def check(self, text: str, skip=(), ignore: Iterable[str] = ()) -> list[Finding]:
        if not text or text.isspace():
            return []
        findings = self.ruleset.check(self.analyze(text, skip)) if skip else self.ruleset.check_text(text, self.syntax)
        if ignore:
            ignore = set(ignore)
            findings = [f for f in findings if not ({f.rule, f.category, "*"} & ignore)]
        return findings


@once
def default() -> Linter:
    """The Linter with the shipped rules and no config, built on first use."""
    return Linter()
