"""`cxlint fix` and `cxlint.fix`: rewrites applied in place, nothing else moves, idempotent."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

import cxlint
from cxlint.cli import main
from cxlint.placeholders import find

BAD = "Мы не можем вернуть деньги наличными."
# A frozen rule, so that these tests pin fixing and file handling, not the shipped rules' wording.
FIXTURE = str(Path(__file__).parent / "fixtures" / "rules")


def test_api_fix_returns_text_edits_and_what_remains():
    lint = cxlint.Linter(select=["negative.fixture", "template"], rule_dirs=[Path(FIXTURE)])
    fixed = cxlint.fix(BAD, unsafe=True, linter=lint)
    text, edits = fixed
    assert text == "Мы вернём [срок] деньги наличными."
    assert [(e.rule, e.original, e.text) for e in edits] == [("negative.fixture", "не можем вернуть", "вернём [срок]")]
    assert [f.rule for f in fixed.findings] == ["template.unfilled-slot"]  # the slot must be filled before sending
    assert cxlint.fix(BAD, linter=lint).text == BAD  # unsafe fixes wait for --unsafe
    filled = text.replace("[срок]", "до пятницы")
    assert not cxlint.check(filled, linter=lint)


def test_fix_keeps_placeholders():
    text = "Здравствуйте, {{name}}! Мы не можем вернуть %s ₽ за заказ #ORDER_ID#."
    new = cxlint.fix(text, unsafe=True).text
    assert new != text
    for p in find(text):
        assert p.text in new


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Мы",
                "не",
                "можем",
                "сможем",
                "вернуть",
                "доставить",
                "деньги",
                "{{name}}",
                "%s",
                "₽",
                "500",
                "скоро",
                "в",
                "ближайшее",
                "время",
                "от",
                "цена",
                ".",
                ",",
                "\n",
            ]
        ),
        max_size=25,
    ).map(" ".join)
)
@example("сможем Мы Мы Мы Мы Мы Мы")  # the appended «до [срок]» must silence the promise
def test_fix_is_idempotent(text):
    once = cxlint.fix(text, unsafe=True).text
    assert cxlint.fix(once, unsafe=True).text == once
    for p in find(text):
        assert p.text in once


def run(*args, stdin=None):
    """cxlint with a frozen test rule only, so that these tests pin the file handling."""
    return CliRunner().invoke(
        main, [args[0], "--rules", FIXTURE, "--select", "negative.fixture", *args[1:]], input=stdin
    )


def test_fix_stdin_to_stdout():
    r = run("fix", "--isolated", "--unsafe", "-", stdin=BAD)
    assert r.stdout == "Мы вернём [срок] деньги наличными."
    assert r.exit_code == 0


YAML = """\
# Refund macros — comments, order and quoting stay as they are.
refund:
  ok: 'Вернём 500 ₽ до пятницы.'   # a trailing comment
  denied: Мы не можем вернуть деньги наличными.
  quoted: "Не сможем доставить заказ в субботу."
  block: |
    Здравствуйте, {{name}}!
    Мы не можем поменять тариф.
  other: 42
"""


def test_fix_yaml_in_place_changes_only_the_changed_strings(tmp_path):
    p = tmp_path / "macros.yaml"
    p.write_text(YAML, encoding="utf-8")
    r = run("fix", "--isolated", "--unsafe", str(p))
    assert r.exit_code == 0, r.output
    new = p.read_text(encoding="utf-8")
    assert new == YAML.replace("Мы не можем вернуть", "Мы вернём [срок]").replace(
        "Не сможем доставить", "Доставим [срок]"
    ).replace("Мы не можем поменять", "Мы поменяем [срок]")
    data = yaml.safe_load(new)
    assert data["refund"]["denied"] == "Мы вернём [срок] деньги наличными."
    assert data["refund"]["block"] == "Здравствуйте, {{name}}!\nМы поменяем [срок] тариф.\n"


def test_fix_json_and_jsonl_in_place(tmp_path):
    pj = tmp_path / "a.json"
    pj.write_text('{\n  "b": "Мы не можем вернуть деньги.",\n    "n": [1, "ok"]\n}\n', encoding="utf-8")
    pl = tmp_path / "a.jsonl"
    pl.write_text('{"id": 7, "text": "Мы не можем вернуть деньги.", "agent": "Оля"}\n"ok"\n', encoding="utf-8")
    r = run("fix", "--isolated", "--unsafe", str(tmp_path))
    assert r.exit_code == 0, r.output
    assert pj.read_text(encoding="utf-8") == '{\n  "b": "Мы вернём [срок] деньги.",\n    "n": [1, "ok"]\n}\n'
    assert pl.read_text(encoding="utf-8") == '{"id": 7, "text": "Мы вернём [срок] деньги.", "agent": "Оля"}\n"ok"\n'


def test_fix_markdown_leaves_markup_and_diff_does_not_write(tmp_path):
    p = tmp_path / "a.md"
    src = "# Возврат\n\nМы не можем вернуть деньги, см. `не можем` в [правилах](http://x.ru).\n"
    p.write_text(src, encoding="utf-8")
    r = run("fix", "--isolated", "--unsafe", "--diff", str(p))
    assert p.read_text(encoding="utf-8") == src
    assert "+Мы вернём [срок] деньги, см. `не можем` в [правилах](http://x.ru)." in r.stdout
    run("fix", "--isolated", "--unsafe", str(p))
    assert p.read_text(encoding="utf-8") == src.replace("Мы не можем вернуть", "Мы вернём [срок]")


def test_fix_exit_codes_in_a_real_process():
    r = subprocess.run(
        [sys.executable, "-m", "cxlint", "fix", "--isolated", "--unsafe", "-"],
        input=BAD,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1  # the [срок] slot is an error until filled in
    assert "[срок]" in r.stdout and "Traceback" not in r.stderr
    r = subprocess.run(
        [sys.executable, "-m", "cxlint", "fix", "--isolated", "-"], input="Спасибо!", capture_output=True, text=True
    )
    assert (r.returncode, r.stdout) == (0, "Спасибо!")


def test_slot_format_is_configurable(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text('slot-format: "<<{}>>"\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["fix", "--config", str(cfg), "--rules", FIXTURE, "--unsafe", "-"], input=BAD)
    assert "Мы вернём <<срок>> деньги наличными." in r.stdout
    r = CliRunner().invoke(
        main, ["check", "--config", str(cfg), "--format", "json", "-"], input="[Имя], вернём деньги <<срок>>."
    )
    rules = [f["rule"] for m in json.loads(r.stdout)["files"][0]["messages"] for f in m["findings"]]
    assert rules == ["template.unfilled-slot"]  # «[Имя]» is the repository's own placeholder
    cfg.write_text('slot-format: "<<>>"\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--config", str(cfg), "-"], input=BAD)
    assert r.exit_code == 2 and "slot-format" in r.stderr
