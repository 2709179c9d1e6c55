"""The reply score where users see it: JSON, the text output and `cxlint check --min-score`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import cxlint
from cxlint.cli import main

BAD = "Здравствуйте! К сожалению, мы не сможем вернуть деньги."  # one warning
GOOD = "Здравствуйте! Вернём 2 490 ₽ на карту до пятницы, 27 ноября."
HINT = (  # only a suggestion: «к сожалению» before a way forward
    "К сожалению, номеров с видом на море на ваши даты нет. "
    "Свободен только «Стандарт» с видом на сад — 6 200 ₽ за ночь."
)


def run(*args, stdin=None):
    return CliRunner().invoke(main, ["check", "--isolated", *args], input=stdin)


@pytest.fixture
def chats(tmp_path):
    p = tmp_path / "chats.jsonl"
    lines = [{"id": "good", "text": GOOD}, {"id": "hint", "text": HINT}, {"id": "bad", "text": BAD}]
    p.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return p


def test_json_gives_every_message_its_score(chats):
    r = run("--format", "json", str(chats))
    messages = json.loads(r.stdout)["files"][0]["messages"]
    assert [list(m) for m in messages] == [["id", "score", "findings"]] * 3
    scores = {m["id"]: m["score"] for m in messages}
    assert scores == {"good": 10.0, "hint": cxlint.score(HINT), "bad": cxlint.score(BAD)}
    assert scores["bad"] < scores["hint"] < 10


def test_text_shows_scores_of_messages_with_findings_and_the_lowest(chats):
    r = run(str(chats))
    assert f"{chats} (bad): score {cxlint.score(BAD)}/10" in r.stdout
    assert f"{chats} (hint): score {cxlint.score(HINT)}/10" in r.stdout
    assert "(good)" not in r.stdout
    assert f"lowest score {cxlint.score(BAD)}/10 ({chats} (bad))" in r.stdout
    clean = run("-", stdin=GOOD)
    assert clean.stdout == "All clear.\n" and clean.exit_code == 0


def test_min_score_fails_independently_of_fail_on(chats):
    # --fail-on error alone passes these warnings; the score gate still catches them
    assert run("--fail-on", "error", str(chats)).exit_code == 0
    r = run("--fail-on", "error", "--min-score", "8", str(chats))
    assert r.exit_code == 1
    tail = r.stdout[r.stdout.index("below 8.0") :]
    assert f"{cxlint.score(BAD)}/10  {chats} (bad)" in tail and f"{chats} (hint)" in tail
    assert "(good)" not in tail
    # a bar between the two scores fails only the bad message
    between = (cxlint.score(BAD) + cxlint.score(HINT)) / 2
    r = run("--fail-on", "error", "--min-score", str(between), str(chats))
    assert r.exit_code == 1 and "1 message scores below" in r.stdout and "(hint)" not in r.stdout.split("below")[-1]
    assert run("--fail-on", "error", "--min-score", "0", str(chats)).exit_code == 0
    assert run("--min-score", "10", "-", stdin=GOOD).exit_code == 0


def test_min_score_with_a_machine_format_names_the_messages_on_stderr(chats):
    r = run("--fail-on", "error", "--min-score", "8", "--format", "json", str(chats))
    assert r.exit_code == 1
    json.loads(r.stdout)  # stdout stays pure JSON
    assert "2 message(s) score below 8.0" in r.stderr and "(bad)" in r.stderr


@pytest.mark.parametrize("value", ["11", "-1", "abc", "nan"])
def test_bad_min_score_is_a_usage_error(value):
    r = run("--min-score", value, "-", stdin=GOOD)
    assert r.exit_code == 2
    assert "--min-score" in r.stderr
