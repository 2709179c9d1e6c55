"""Input formats: every message found, with the id and the file position a user jumps to."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlint import inputs
from cxlint.yamlio import InputError


def read(tmp_path, name, content):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    return inputs.read(p)


def at(msg, needle):
    """The (line, column) the message reports for the first occurrence of ``needle``."""
    return msg.position(msg.text.index(needle))


def test_yaml_string_values_with_key_paths_and_positions(tmp_path):
    msgs = read(
        tmp_path, "t.yaml", 'a:\n  b: "Мы не можем"\n  c:\n    - Ожидайте\n  d: |\n    Раз\n    Два можем\nn: 5\n'
    )
    assert [m.id for m in msgs] == ["a.b", "a.c.0", "a.d"]
    assert at(msgs[0], "можем") == (2, 13)
    assert at(msgs[1], "Ожидайте") == (4, 7)
    assert at(msgs[2], "можем") == (7, 9)


def test_yaml_suppression_comment_on_the_key_or_above(tmp_path):
    msgs = read(
        tmp_path,
        "t.yaml",
        "# cxlint: ignore negative -- reviewed\na: Мы не можем\nb: Ожидайте  # cxlint: ignore timeline.vague\nc: x\n",
    )
    assert [m.ignore for m in msgs] == [{"negative"}, {"timeline.vague"}, set()]


def test_json_positions(tmp_path):
    msgs = read(tmp_path, "t.json", '{\n  "x": {"y": "Скоро ответим"},\n  "z": ["один", "два"]\n}\n')
    assert [m.id for m in msgs] == ["x.y", "z.0", "z.1"]
    assert at(msgs[0], "Скоро") == (2, 15)
    assert at(msgs[2], "два") == (3, 18)


def test_jsonl_ids_and_lines(tmp_path):
    msgs = read(tmp_path, "t.jsonl", '{"id": "a", "text": "раз"}\n\n"два"\n{"text": "три"}\n')
    assert [(m.id, m.line) for m in msgs] == [("a", 1), ("3", 3), ("4", 4)]
    assert at(msgs[0], "раз") == (1, 22)


def test_jsonl_bad_line_names_the_line(tmp_path):
    with pytest.raises(InputError, match=r"t\.jsonl:2: "):
        read(tmp_path, "t.jsonl", '"ok"\n{"text": 5}\n')


def test_markdown_markup_is_not_linted_and_comments_suppress_the_next_line(tmp_path):
    text = "# Заголовок\n\n<!-- cxlint: ignore pricing -->\nпримерно 300 ₽\n\nКод: `не можем` и [ссылка](http://x.ru/не-можем)\n"
    (msg,) = read(tmp_path, "t.md", text)
    skipped = [text[s.start : s.end] for s in msg.skip]
    assert "`не можем`" in skipped and "](http://x.ru/не-можем)" in skipped
    assert msg.line_ignores == {3: {"pricing"}}


@pytest.mark.parametrize("name", ["t.json", "t.jsonl"])
def test_json_escapes_keep_file_columns(tmp_path, name):
    line = '{"text": "Заказ \\"Люкс\\" готов.\\nЖдём вас \\u00abзавтра\\u00bb."}'
    (msg,) = read(tmp_path, name, line + "\n")
    assert msg.text == 'Заказ "Люкс" готов.\nЖдём вас «завтра».'
    # «\n» is no new line in the file, and each escape is as wide as it is written
    assert msg.position(msg.text.index("Ждём")) == (1, line.index("Ждём") + 1)
    assert msg.end_position(msg.text.index("»") + 1) == (1, line.index("\\u00bb") + 7)


def test_po_msgstr_plural_and_header(tmp_path):
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. cxlint: ignore timeline\nmsgid "Soon"\nmsgstr "Скоро"\n\n'
        'msgid "item"\nmsgid_plural "items"\nmsgstr[0] "товар"\nmsgstr[1] "товара"\n'
    )
    msgs = read(tmp_path, "t.po", po)
    assert [(m.text, m.line) for m in msgs] == [("Скоро", 7), ("товар", 11), ("товара", 12)]
    assert msgs[0].ignore == {"timeline"} and msgs[1].ignore == set()
    assert at(msgs[0], "Скоро") == (7, 9)


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("bad.yaml", "a: [1,\nb: 2\n", "bad.yaml:"),
        ("bad.json", '{"a": 1,,}', "bad.json:1: invalid JSON"),
    ],
)
def test_broken_files_name_file_and_line(tmp_path, name, content, where):
    with pytest.raises(InputError) as e:
        read(tmp_path, name, content)
    assert str(e.value).startswith(str(tmp_path / where))


def test_non_utf8_is_a_clear_error(tmp_path):
    p = tmp_path / "cp1251.txt"
    p.write_bytes("Мы не можем".encode("cp1251"))
    with pytest.raises(InputError, match="not UTF-8"):
        inputs.read(p)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('aб \n\t"\\\u00a0😀\u2028')), max_size=40), st.booleans())
def test_each_character_of_a_json_string_has_its_own_column(s, ascii_only):
    """An escape (``\\n``, ``\\"``, ``\\u00a0``, a surrogate pair) is one character over several columns."""
    import json

    from cxlint.inputs import _JSON_ESCAPE, _Escaped

    raw = json.dumps(s, ensure_ascii=ascii_only)[1:-1]
    expected, i = [], 0
    while i < len(raw):  # walk the encoding character by character
        m = _JSON_ESCAPE.match(raw, i) if raw[i] == "\\" else None
        width = len(m.group()) if m else 1
        expected.append((3, 7 + i, width))
        i += width
    where = _Escaped(raw, 3, 7)
    assert len(where) == len(s)
    assert [where[k] for k in range(len(where))] == expected
