"""gettext .po files as shops keep them: header, contexts, plurals, continuation lines, escapes,
flags, obsolete entries, HTML. Every translation is read with its id and line, msgid is never
linted, findings point at the file's own line and column, and fix rewrites only changed strings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cxlint import inputs, po
from cxlint.cli import main
from cxlint.yamlio import InputError

SHOP = Path(__file__).parent / "fixtures" / "shop.ru.po"


def check_json(*args):
    r = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", *args])
    return r, json.loads(r.stdout) if r.stdout else None


def test_every_translation_with_its_id_and_line():
    got = [(m.id, m.line) for m in inputs.read(SHOP)]
    assert got == [
        ("Thank you for your order!", 23),
        ("This product is out of stock.", 28),
        ("Order %(number)s will be shipped soon.", 33),
        ("basket|Delivery", 38),
        ("%(count)s item in your order[0]", 44),
        ("%(count)s item in your order[1]", 45),
        ("%(count)s item in your order[2]", 46),
        ("Your refund of %(amount)s is being processed.[0]", 52),
        ("Your refund of %(amount)s is being processed.[1]", 53),
        ("Your refund of %(amount)s is being processed.[2]", 54),
        # a multi-line msgid is its id as written (escapes kept); the text starts on the first continuation
        (
            'We cannot accept returns of opened cosmetics. Please read the <a href=\\"/returns/\\">return policy</a>.',
            61,
        ),
        ('The \\"express\\" option is unavailable today.', 67),
        ("The manager will call you back.", 76),  # fuzzy entries are linted: they go live once reviewed
        ("from %(price)s", 81),
    ]  # the header, the empty msgstr of «Contact us» and the #~ obsolete entry are not messages


def test_texts_are_unescaped_and_joined():
    msgs = {m.id: m for m in inputs.read(SHOP)}
    returns = next(m for k, m in msgs.items() if k.startswith("We cannot accept"))
    assert returns.text == (
        "Мы приняли вашу заявку на возврат.\nК сожалению, мы не можем принять возврат вскрытой косметики. "
        'Подробнее — в <a href="/returns/">правилах возврата</a>.'
    )
    assert msgs['The \\"express\\" option is unavailable today.'].text.startswith('Опция "Экспресс" недоступна')
    assert msgs["from %(price)s"].ignore == {"pricing"}  # the translator comment's directive


def test_findings_point_at_the_file_line_and_column():
    r, doc = check_json(str(SHOP))
    assert r.exit_code == 1
    lines = SHOP.read_text(encoding="utf-8").split("\n")
    found = [(m["id"], f) for fl in doc["files"] for m in fl["messages"] for f in m["findings"]]
    assert {(f["rule"], f["line"]) for _, f in found} >= {
        ("negative.out-of-stock", 28),
        ("pricing.from-price", 38),  # msgctxt entry
        ("timeline.nearest-time", 52),  # plural form [0]
        ("timeline.wait", 53),  # plural form [1]
        ("timeline.in-progress", 61),  # first continuation line
        ("negative.cannot-because", 62),  # second continuation line
        ("timeline.nearest-time", 67),  # after two escaped quotes on the same line
    }
    for _, f in found:
        assert f["line"] == f["end_line"]
        # the file's own characters at the reported columns are the finding, escaped as in the file
        assert lines[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1] == po.escape(f["text"])


def test_msgid_header_and_obsolete_entries_are_never_linted(tmp_path):
    p = tmp_path / "ru.po"
    p.write_text(
        '#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: ru\\n"\n"X-Note: мы не можем ответить в ближайшее время\\n"\n\n'
        'msgid "Мы не можем вернуть деньги в ближайшее время."\nmsgstr "Вернём деньги до пятницы, 27 ноября."\n\n'
        '#~ msgid "Refund"\n#~ msgstr "Мы не можем вернуть деньги."\n',
        encoding="utf-8",
    )
    r, doc = check_json(str(p))
    assert r.exit_code == 0, r.stdout
    assert [m["id"] for m in doc["files"][0]["messages"]] == ["Мы не можем вернуть деньги в ближайшее время."]


def test_html_in_a_translation_is_not_prose(tmp_path):
    p = tmp_path / "ru.po"
    p.write_text('msgid "x"\nmsgstr "Вернём деньги <b title=\\"скоро\\">до пятницы</b>."\n', encoding="utf-8")
    r, doc = check_json(str(p))
    assert r.exit_code == 0 and doc["files"][0]["messages"][0]["findings"] == []


def test_fix_rewrites_only_the_changed_strings_in_their_layout(tmp_path):
    p = tmp_path / "shop.ru.po"
    shutil.copy(SHOP, p)
    before = p.read_text(encoding="utf-8").split("\n")
    r = CliRunner().invoke(main, ["fix", "--isolated", "--unsafe", str(p)])
    assert r.exit_code == 1  # slots are left to fill in
    after = p.read_text(encoding="utf-8").split("\n")
    assert len(after) == len(before)  # a multi-line msgstr stays multi-line
    changed = {n + 1 for n, (a, b) in enumerate(zip(before, after, strict=True)) if a != b}
    assert changed == {33, 38, 52, 53, 61, 62, 67}
    assert after[60] == '"Мы приняли вашу заявку на возврат — сообщим результат до [срок].\\n"'
    assert after[61].startswith('"К сожалению, мы не можем принять возврат вскрытой косметики. Что мы можем сделать: ')
    assert after[62] == before[62]  # the continuation line that did not change is untouched
    assert after[66] == (
        'msgstr "Опция \\"Экспресс\\" недоступна для вашего адреса, привезём обычной доставкой до [срок]."'
    )
    # the file still reads as the same entries, each with its new text
    assert [m.id for m in inputs.read(p)] == [m.id for m in inputs.read(SHOP)]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the break falls between unchanged text and the replaced words: the first line stays as it was
        (['"Заявка принята, ответим "', '"в ближайшее время."'], ['"Заявка принята, ответим "', '"до 18:00."']),
        # the break falls inside the replaced words: the replacement stays whole on the line it starts on
        (['"Заявка принята, ответим в ближ"', '"айшее время."'], ['"Заявка принята, ответим до 18:00"', '"."']),
    ],
)
def test_encode_keeps_the_line_layout(lines, expected):
    text = 'msgid "x"\nmsgstr ""\n' + "\n".join(lines) + "\n"
    (msg,) = po.read(Path("t.po"), text)
    new = msg.text.replace("в ближайшее время", "до 18:00")
    start, end, enc = po.encode(msg, new, text)
    out = text[:start] + enc + text[end:]
    assert out == 'msgid "x"\nmsgstr ""\n' + "\n".join(expected) + "\n"
    assert po.read(Path("t.po"), out)[0].text == new


@pytest.mark.parametrize(
    ("content", "where"),
    [
        ('msgid "x"\nmsgstr "a\\qb"\n', "t.po:2: unknown escape \\q"),
        ('msgid "x"\nmsgstr "не закрыта\n', "t.po:2: not a .po line"),
    ],
)
def test_broken_po_names_file_and_line(content, where):
    with pytest.raises(InputError) as e:
        inputs.read(Path("t.po"), content)
    assert str(e.value).startswith(where)


def test_crlf_files_read_and_fix_in_place(tmp_path):
    p = tmp_path / "win.po"
    p.write_bytes('msgid "x"\r\nmsgstr ""\r\n"Ответим "\r\n"в ближайшее время."\r\n'.encode())
    (msg,) = inputs.read(p)
    assert msg.text == "Ответим в ближайшее время." and msg.line == 3
    r = CliRunner().invoke(main, ["fix", "--isolated", "--unsafe", str(p)])
    assert r.exit_code == 1
    assert p.read_bytes().decode() == 'msgid "x"\r\nmsgstr ""\r\n"Ответим "\r\n"до [срок]."\r\n'
