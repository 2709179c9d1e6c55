"""Every shipped rule is complete: unique id in its category's folder, examples of both kinds,
a why, a message that says what to do, a fix in the mission's three categories."""

from __future__ import annotations

import pytest

from cxlint.ruleload import builtin_dir, load_dirs
from cxlint.rules import CATEGORIES

RULES, _ = load_dirs([])


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_is_complete(rule):
    from pathlib import Path

    path = Path(rule.path)
    assert path.parent.name == rule.category, f"{rule.path} is not in rules/{rule.category}/"
    assert path.stem == rule.name, f"{rule.path}: file name must be {rule.name}.yaml"
    assert sum(e.bad for e in rule.examples) >= 3, "at least 3 bad examples"
    assert sum(not e.bad for e in rule.examples) >= 3, "at least 3 good examples"
    assert len(rule.why) >= 60, "why must explain the harm to the customer"
    if rule.category in ("negative", "timeline", "pricing"):
        assert rule.fix is not None, "the mission's rules carry a suggestion"


def test_ids_unique_and_categories_known():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert {r.category for r in RULES} <= set(CATEGORIES)
    for cat in ("negative", "timeline", "pricing"):
        assert (builtin_dir() / cat).is_dir()
        assert any(r.category == cat for r in RULES), f"no rule in {cat}"


def test_compiled_rules_are_cached_by_content(tmp_path, monkeypatch):
    from cxlint import ruleload as rules

    monkeypatch.setenv("CXLINT_CACHE_DIR", str(tmp_path / "cache"))
    src = builtin_dir() / "negative" / "cannot.yaml"
    copy = tmp_path / "cannot.yaml"
    copy.write_bytes(src.read_bytes())
    first = rules.load_file(copy)
    assert len(list((tmp_path / "cache" / "rules").iterdir())) == 1
    again = rules.load_file(copy)
    assert again.id == first.id and [e.text for e in again.examples] == [e.text for e in first.examples]
    copy.write_text(copy.read_text(encoding="utf-8").replace("severity: warning", "severity: error"), encoding="utf-8")
    assert rules.load_file(copy).severity == "error"  # an edited file is compiled again


def test_a_folder_of_unchanged_rules_loads_from_one_cache_entry(tmp_path, monkeypatch):
    from cxlint import ruleload as rules

    cache = tmp_path / "cache" / "rules"
    monkeypatch.setenv("CXLINT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "pack"
    for name in ("contract.yaml", "denial.yaml"):
        (folder / "blame").mkdir(parents=True, exist_ok=True)
        (folder / "blame" / name).write_bytes((builtin_dir() / "blame" / name).read_bytes())
    first, errors = rules.load_dirs([folder], builtin_first=False)
    assert errors == [] and len(first) == 2
    folder_entries = [p for p in cache.iterdir() if p.name.startswith("folder-")]
    assert len(folder_entries) == 1
    again, _ = rules.load_dirs([folder], builtin_first=False)
    assert [(r.id, r.path) for r in again] == [(r.id, r.path) for r in first]
    # an edit anywhere in the folder is seen, and a broken file is reported, not hidden by the cache
    edited = folder / "blame" / "denial.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("severity: warning", "severity: error"), "utf-8")
    assert {r.id: r.severity for r in rules.load_dirs([folder], builtin_first=False)[0]}["blame.denial"] == "error"
    (folder / "blame" / "broken.yaml").write_text("id: [", encoding="utf-8")
    found, errors = rules.load_dirs([folder], builtin_first=False)
    assert len(found) == 2 and len(errors) == 1 and "broken.yaml" in str(errors[0])


def test_the_rule_index_is_cached_and_gives_the_findings_of_a_fresh_build(tmp_path, monkeypatch):
    from corpus_eval import load

    from cxlint import engine
    from cxlint.linter import Linter

    cache = tmp_path / "cache" / "rules"
    monkeypatch.setenv("CXLINT_CACHE_DIR", str(tmp_path / "cache"))
    builds = []
    build = engine.RuleSet.__init__

    def counting(self, *args, **kwargs):
        builds.append(1)
        build(self, *args, **kwargs)

    monkeypatch.setattr(engine.RuleSet, "__init__", counting)
    fresh = Linter()
    assert len(builds) == 1 and len([p for p in cache.iterdir() if p.name.startswith("index-")]) == 1
    cached = Linter()
    assert len(builds) == 1  # loaded, not built
    # the loaded index refers to the Linter's own rules, not to copies of them
    assert {id(r) for r in cached.ruleset.rules} == {id(r) for r in cached.rules}
    for text in [r["text"] for r in load()[:400]]:
        assert [f.to_json() for f in cached.check(text)] == [f.to_json() for f in fresh.check(text)], text
    # a selection of its own, a broken entry, a changed rule: each is built again
    Linter(select=["negative"])
    assert len(builds) == 2
    for p in cache.iterdir():
        if p.name.startswith("index-"):
            p.write_bytes(b"not a pickle")
    assert [f.rule for f in Linter().check("Мы не можем вернуть деньги.")] == ["negative.cannot"]
    assert len(builds) == 3
    pack = tmp_path / "pack"
    pack.mkdir()
    denial = (builtin_dir() / "blame" / "denial.yaml").read_bytes()
    (pack / "denial.yaml").write_bytes(denial.replace(b"blame.denial", b"blame.denial-copy"))
    Linter(rule_dirs=[pack])
    Linter(rule_dirs=[pack])
    assert len(builds) == 4
    edited = pack / "denial.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("severity: warning", "severity: error"), "utf-8")
    assert Linter(rule_dirs=[pack]).ruleset.severity["blame.denial-copy"] == "error"
    assert len(builds) == 5


def test_without_a_cache_the_rule_index_is_built_each_time(tmp_path, monkeypatch):
    from cxlint import engine
    from cxlint.linter import Linter

    monkeypatch.setenv("CXLINT_NO_CACHE", "1")
    builds = []
    build = engine.RuleSet.__init__
    monkeypatch.setattr(engine.RuleSet, "__init__", lambda self, *a, **k: builds.append(1) or build(self, *a, **k))
    Linter(), Linter()
    assert len(builds) == 2
