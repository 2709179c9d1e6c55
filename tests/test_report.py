"""The audit's HTML report: self-contained, every section there, text escaped, personal data masked."""

from __future__ import annotations

import re
import subprocess
import sys
from html import escape, unescape

import pytest
from audit_summary import build_summary

from cxlint.report import render_html

PHONE, MAIL, CARD = "+7 (912) 345-67-89", "irina.sokolova@mail.ru", "4276 3800 1234 5679"
REPLIES = [
    # (agent, time, text)
    ("Дмитрий О.", "2025-09-01T10:00:00", f"Ирина, здравствуйте! Заявку передали, ожидайте. Перезвоним на {PHONE}."),
    ("Дмитрий О.", "2025-09-02T11:00:00", "Ваш заказ в пути, скоро его доставят."),
    ("Дмитрий О.", "2025-09-09T12:00:00", f"Чек отправили на {MAIL}, деньги вернутся в установленные сроки."),
    ("Ольга С.", "2025-09-03T09:30:00", "К сожалению, вернуть товар после примерки мы не можем."),
    ("Ольга С.", "2025-09-10T09:30:00", f"Возврат на карту {CARD} невозможен. Всего доброго."),
    ("Анна К.", "2025-09-04T15:00:00", "Курьер привезёт заказ завтра с 12:00 до 16:00, накануне придёт SMS."),
    ("Анна К.", "2025-09-11T15:00:00", "Деньги вернём до пятницы, 18:00. Чек придёт на почту."),
    ("<b>Агент</b> & Ко", "2025-09-12T15:00:00", "Ответ <script>alert(1)</script>: ожидайте звонка & не переживайте."),
]


@pytest.fixture(scope="module")
def summary() -> dict:
    rows = [
        {"path": "chats.csv", "row": i, "conversation": f"c-{i}", "agent": a, "time": t, "text": x}
        for i, (a, t, x) in enumerate(REPLIES, 1)
    ]
    return build_summary(rows)


@pytest.fixture(scope="module")
def html(summary) -> str:
    return render_html(summary)


def test_the_file_fetches_nothing(html):
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"<(script|link|iframe|img|object|embed)\b", html, re.I)
    assert not re.search(r"\b(src|srcset)\s*=", html, re.I)
    assert "@import" not in html and "@font-face" not in html
    assert all(u.startswith("url(#") for u in re.findall(r"url\([^)]*\)", html))  # only the SVG's own clip paths
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', html))


def test_every_section_a_cx_lead_reads(html):
    assert re.findall(r"<h2>(.*?)</h2>", html) == [
        "Неделя за неделей",
        "Операторы",
        "Самые частые замечания",
        "Оценки ответов",
        "Примеры ответов",
    ]
    assert html.count("<svg") == 2  # the weekly lines and the score histogram, inline


def test_headline_figures_come_from_the_summary(summary, html):
    share = round(100 * summary["replies_with_findings"] / summary["replies"])
    assert f"<b>{share}\u00a0%</b><span>ответов с замечаниями ({summary['replies_with_findings']})" in html
    assert f"<b>{summary['replies']}</b><span>ответов проверено" in html


def test_agents_are_sorted_by_share_of_replies_with_findings(summary, html):
    table = html[html.index("<h2>Операторы</h2>") : html.index("<h2>Самые частые")]
    order = [unescape(x) for x in re.findall(r"<tr><td>(.*?)</td>", table)]
    agents = summary["agents"]
    assert order == sorted(agents, key=lambda a: (-agents[a]["with_findings"] / agents[a]["replies"], a))
    assert order[-1] == "Анна К." and "Дмитрий О." in order[:2]


def test_top_rules_carry_their_title_and_why(summary, html):
    top = max(summary["rules"], key=lambda r: summary["rules"][r]["replies"])
    info = summary["rule_info"][top]
    assert escape(info["title"]) in html and escape(" ".join(info["why"].split())) in html


def test_text_is_escaped(html):
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Агент</b>" not in html


def test_flagged_words_are_marked_with_the_rule_and_the_rewrite_is_beside(html):
    assert re.search(r'<mark title="[^"]*timeline\.wait[^"]*">ожидайте[^<]*</mark>', html)
    assert '<span class="slot">[срок]</span>' in html
    assert html.count('<div class="sample">') >= 3


def test_personal_data_is_masked_by_default(html):
    for secret in (PHONE, MAIL, CARD, "Ирина"):
        assert secret not in html
    for tag in ("[телефон]", "[e-mail]", "[карта]", "[имя]"):
        assert f'<span class="pii">{tag}</span>' in html
    assert "Телефоны, e-mail, номера карт и имена скрыты" in html


def test_without_masking_the_samples_keep_their_words(summary):
    html = render_html(summary, mask=False)
    assert PHONE in html and MAIL in html and CARD in html and "Ирина" in html
    assert 'class="pii"' not in html and "персональные данные в примерах не скрыты" in html


def test_the_same_summary_renders_the_same_bytes(summary, html):
    assert render_html(summary) == html


def test_replies_without_time_or_agent_and_an_empty_audit():
    s = build_summary([{"text": "Ожидайте ответа."}, {"text": "Спасибо, деньги вернули 3 марта."}])
    html = render_html(s, mask=False)
    assert "Неделя за неделей" not in html and "время ответов не указано" in html and "без имени" in html
    empty = render_html(build_summary([]))
    assert "<h1>Аудит ответов операторов</h1>" in empty and "Примеры ответов" not in empty


def test_matplotlib_and_natasha_load_only_when_needed():
    code = (
        "import sys, cxlint.report, cxlint.pii\n"
        "assert 'matplotlib' not in sys.modules and 'natasha' not in sys.modules\n"
        "sys.path.insert(0, 'tests')\n"
        "from audit_summary import build_summary\n"
        "cxlint.report.render_html(build_summary([{'text': 'Ожидайте.', 'time': '2025-09-01T10:00:00'}]), mask=False)\n"
        "assert 'matplotlib' in sys.modules and 'natasha' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=__file__.rsplit("/tests/", 1)[0])
