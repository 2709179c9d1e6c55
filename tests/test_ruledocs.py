"""`cxlint docs`: rule pages rendered from the rules' own data, kept in step with docs/rules/."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cxlint import ruledocs
from cxlint.cli import main
from cxlint.ruleload import load_dirs
from cxlint.rules import CATEGORIES, CATEGORY_DESCRIPTIONS

RULES, _ = load_dirs([])
COMMITTED = Path(__file__).resolve().parent.parent / "docs" / "rules"


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md"))}


def test_committed_rule_docs_are_up_to_date(tmp_path):
    ruledocs.write(RULES, tmp_path)
    want, have = _tree(tmp_path), _tree(COMMITTED)
    stale = sorted(set(have) - set(want))
    missing = sorted(set(want) - set(have))
    changed = sorted(k for k in set(want) & set(have) if want[k] != have[k])
    assert not (stale or missing or changed), (
        f"docs/rules/ is out of date (changed: {changed}, missing: {missing}, stale: {stale}); "
        "run `cxlint docs` and commit the result"
    )


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_page_has_the_same_sections_and_the_rules_own_examples(rule):
    page = ruledocs.render_rule(rule)
    assert re.findall(r"^## (.+)$", page, re.M) == list(ruledocs.SECTIONS)
    assert page.startswith(ruledocs.MARK) and f"# {rule.id}\n" in page
    examples = page[page.index("## Examples") : page.index("## Better")]
    better = page[page.index("## Better") : page.index("## Fix and its safety")]
    plain = re.sub(r"\\(.)", r"\1", re.sub(r"\*\*(?!\*)|</?b>", "", examples))
    bold = [a or b for a, b in re.findall(r"\*\*(.+?)\*\*(?!\*)|<b>(.+?)</b>", examples)]
    for ex in rule.examples:
        if ex.bad:
            assert "- " + ex.text.replace("\n", "<br>") in plain
            for a, b in ex.spans:  # the reported words are the bold ones
                assert ruledocs._esc(ex.text[a:b]) in bold
            if ex.fixed:
                assert ruledocs._esc(ex.fixed) in better
        else:
            assert f"- {ruledocs._esc(ex.text)}\n" in better
    assert " ".join(rule.why.split()[:3]) in page.replace("\\", "")


def test_index_lists_every_category_with_its_meaning_and_every_rule():
    index = ruledocs.render_index(RULES)
    assert re.findall(r"^## (\w+)$", index, re.M) == list(CATEGORIES)
    for cat, meaning in CATEGORY_DESCRIPTIONS.items():
        assert f"## {cat}\n\n{meaning}\n" in index
    for r in RULES:
        assert f"[{r.id}]({r.category}/{r.name}.md)" in index


def test_options_are_a_table_when_a_rule_has_them():
    rule = copy.copy(RULES[0])
    rule.options = {"max_words": {"default": 3, "description": "How far the «evidence» may be"}}
    page = ruledocs.render_rule(rule)
    options = page[page.index("## Options") :]
    assert "| `max_words` | `3` | How far the «evidence» may be |" in options
    assert ruledocs.render_rule(RULES[0]).endswith("## Options\n\nNone.\n")


def test_bold_falls_back_to_html_where_markdown_would_not_read_asterisks():
    assert ruledocs._marked("Доставка бесплатно*, ок", [(9, 19)]) == "Доставка **бесплатно\\***, ок"
    assert ruledocs._marked("цена«от»", [(4, 8)]) == "цена<b>«от»</b>"


RULE = """id: bureaucratese.promo
title: «Промокод» без срока
severity: suggestion
message: Скажите, до какого числа действует «{match}».
why: Клиенту важно знать срок, иначе он не поймёт, успеет ли воспользоваться скидкой.
match: [промокод]
unless: {has: [time]}
examples:
  - bad: Вот ваш [[промокод]].
  - good: Промокод действует до 1 мая.
"""


def test_cli_writes_updates_and_removes_pages(tmp_path):
    rules, out = tmp_path / "house", tmp_path / "out"
    (rules / "bureaucratese").mkdir(parents=True)
    src = rules / "bureaucratese" / "promo.yaml"
    src.write_text(RULE, encoding="utf-8")
    (out / "bureaucratese").mkdir(parents=True)
    (out / "bureaucratese" / "notes.md").write_text("# my own notes\n", encoding="utf-8")

    def docs():
        r = CliRunner().invoke(main, ["docs", "--isolated", "--rules", str(rules), "--out", str(out)])
        assert r.exit_code == 0, r.output
        return r.output

    assert f"{len(RULES) + 1} rule pages" in docs()
    page = (out / "bureaucratese" / "promo.md").read_text(encoding="utf-8")
    assert "- Вот ваш **промокод**.\n" in page and "It stays silent when the message names a time" in page
    assert "[bureaucratese.promo](bureaucratese/promo.md)" in (out / "README.md").read_text(encoding="utf-8")
    assert "0 written" in docs()  # nothing changed, nothing rewritten

    src.write_text(RULE.replace("Вот ваш [[промокод]].", "Держите [[промокод]] на скидку."), encoding="utf-8")
    assert "1 written" in docs()
    assert "- Держите **промокод** на скидку.\n" in (out / "bureaucratese" / "promo.md").read_text(encoding="utf-8")

    src.unlink()
    assert "removed 1 (bureaucratese/promo.md)" in docs()
    assert not (out / "bureaucratese" / "promo.md").exists()
    assert (out / "bureaucratese" / "notes.md").exists(), "a page cxlint did not write is never removed"
    assert "bureaucratese.promo" not in (out / "README.md").read_text(encoding="utf-8")
