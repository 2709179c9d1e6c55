"""The audit report: one self-contained HTML file a CX lead reads top-down.

Headline figures, the share of replies with findings week by week, agents, the most frequent rules
with why they matter, the score distribution, and sample replies with the flagged words marked and
the rewrite beside them. Plots are inline SVG (report_plots); there is no script, no stylesheet or
font to fetch, no external URL. Personal data in samples is masked at render time (pii) unless
``mask=False``.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from itertools import pairwise

from . import placeholders
from .report_plots import CATEGORY_NAMES, COLORS

TOP_RULES = 10
SAMPLES_PER_RULE = 3
MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
SEVERITY = {"error": "ошибка", "warning": "предупреждение", "suggestion": "совет"}
PII_NAMES = {"phone": "телефон", "email": "e-mail", "card": "номер карты", "name": "имя"}

CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2933;
 margin:0;background:#f4f6f8}
main{max-width:1180px;margin:0 auto;padding:28px 32px 60px;background:#fff}
h1{font-size:28px;margin:0 0 4px}h2{font-size:21px;margin:40px 0 6px;padding-top:14px;border-top:1px solid #e4e7eb}
h3{font-size:16px;margin:22px 0 4px}.lead{color:#52606d;margin:0 0 12px}.muted{color:#7b8794;font-size:13px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0}.card{flex:1 1 150px;border:1px solid #e4e7eb;
 border-radius:8px;padding:10px 14px}.card b{display:block;font-size:26px}.card span{color:#52606d;font-size:13px}
.card i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{padding:6px 8px;border-bottom:1px solid #e4e7eb;
 text-align:left;vertical-align:top}th{font-size:13px;color:#52606d;font-weight:600}td.n,th.n{text-align:right;
 white-space:nowrap;font-variant-numeric:tabular-nums}.bar{background:#e4e7eb;border-radius:3px;height:8px;
 width:120px;display:inline-block;margin-left:8px;vertical-align:middle}.bar i{display:block;height:8px;
 border-radius:3px;background:#c0392b}svg.plot{width:100%;height:auto;display:block;margin:6px 0}
.why{color:#3e4c59;font-size:14px;margin:2px 0 0}code{font-size:12px;color:#7b8794}
.sample{display:grid;grid-template-columns:1fr 1fr;gap:14px;margin:10px 0 16px}.sample>div{border:1px solid #e4e7eb;
 border-radius:8px;padding:10px 12px;white-space:pre-wrap}.sample .after{background:#f3faf4;border-color:#cfe8d3}
.sample h4{margin:0 0 6px;font-size:12px;color:#7b8794;font-weight:600;text-transform:uppercase;letter-spacing:.04em}
mark{background:#ffe08a;border-bottom:2px solid #d95f02;padding:0 1px;border-radius:2px}
.pii{background:#e4e7eb;color:#52606d;border-radius:3px;padding:0 3px;font-size:.92em}
.slot{background:#d7ecff;border-radius:3px;padding:0 2px}.meta{color:#7b8794;font-size:13px;margin:14px 0 0}
.note{background:#fff8e1;border:1px solid #f5d77b;border-radius:8px;padding:8px 12px}
"""


def _n(x: float) -> str:
    return f"{x:,.0f}".replace(",", "\u00a0")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}\u00a0%" if whole else "—"


def _date(iso: str) -> str:
    d = dt.date.fromisoformat(iso[:10])
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _cat(c: str) -> str:
    return escape(CATEGORY_NAMES.get(c, c))


def _marked(text: str, spans: list, pieces: list, slots: bool = False) -> str:
    """Text with <mark> over flagged words (rule ids in the title), masked pieces and slots styled."""
    extra = [(p.start, p.end, "") for p in placeholders.find(text) if slots and p.slot]
    cuts = sorted({0, len(text), *(x for s in [*spans, *pieces, *extra] for x in s[:2])})
    out = []
    for a, b in pairwise(cuts):
        seg = escape(text[a:b])
        if any(p[0] <= a and b <= p[1] for p in pieces):
            seg = f'<span class="pii">{seg}</span>'
        if any(s[0] <= a and b <= s[1] for s in extra):
            seg = f'<span class="slot">{seg}</span>'
        rules = sorted({s[2] for s in spans if s[0] <= a and b <= s[1] and s[0] < s[1]})
        out.append(f'<mark title="{escape(", ".join(rules))}">{seg}</mark>' if rules else seg)
    return "".join(out)


def _masked_samples(chosen: list[dict], mask: bool) -> dict[int, tuple]:
    """Per sample (by id): (text, spans, pieces, rewrite, rewrite pieces), masked when asked."""
    if not mask:
        return {id(s): (s["text"], s["spans"], [], s.get("rewrite", ""), []) for s in chosen}
    from . import pii

    items = [x for s in chosen for x in ((s["text"], s["spans"]), (s.get("rewrite") or "", []))]
    done = pii.mask_all(items)
    return {id(s): (*done[2 * i], done[2 * i + 1].text, done[2 * i + 1].pieces) for i, s in enumerate(chosen)}


def _headline(s: dict, cats: list[str]) -> list[str]:
    replies, mean = s["replies"], sum(i * n for i, n in enumerate(s["scores"])) / 10 / max(1, s["replies"])
    weeks = sorted(k for k in s["weeks"] if k)
    last = (dt.date.fromisoformat(weeks[-1]) + dt.timedelta(days=6)).isoformat() if weeks else ""
    period = f"{_date(weeks[0])} — {_date(last)}, недель: {len(weeks)}" if weeks else "время ответов не указано"
    out = [
        "<h1>Аудит ответов операторов</h1>",
        f'<p class="lead">Период: {escape(period)} · строк в выгрузке: {_n(s["rows"])}'
        f" · проверено ответов операторов: {_n(replies)}</p>",
        '<div class="cards">',
        f"<div class=card><b>{_n(replies)}</b><span>ответов проверено</span></div>",
        f"<div class=card><b>{_pct(s['replies_with_findings'], replies)}</b><span>ответов с замечаниями "
        f"({_n(s['replies_with_findings'])})</span></div>",
        f"<div class=card><b>{mean:.1f}".replace(".", ",") + "</b><span>средняя оценка из 10</span></div>",
        "</div><div class=cards>",
    ]
    for c in cats:
        dot = f'<i style="background:{COLORS.get(c, "#999")}"></i>'
        out.append(
            f"<div class=card><b>{_pct(s['categories'][c], replies)}</b><span>{dot}{_cat(c)}: "
            f"{_n(s['categories'][c])} отв.</span></div>"
        )
    out.append("</div>")
    if s["skipped"]:
        out.append(f'<p class="muted">Пропущено повреждённых строк: {_n(s["skipped"])} (список — в конце отчёта).</p>')
    return out


def _heat(part: int, whole: int) -> str:
    # a tint that grows with the share, so the habit of each agent stands out in the table
    alpha = min(0.55, 2 * part / whole) if whole else 0
    return f'<td class="n" style="background:rgba(217,72,15,{alpha:.2f})">{_pct(part, whole)}</td>'


def _agents(s: dict, cats: list[str]) -> list[str]:
    rows = sorted(s["agents"].items(), key=lambda kv: (-kv[1]["with_findings"] / max(1, kv[1]["replies"]), kv[0]))
    head = "".join(f'<th class="n">{_cat(c)}</th>' for c in cats)
    out = [
        "<h2>Операторы</h2>",
        '<p class="lead">Сверху — у кого больше всего ответов с замечаниями. Категории — доля ответов оператора.</p>',
        f'<table><tr><th>Оператор</th><th class="n">Ответов</th><th>С замечаниями</th>'
        f'<th class="n">Средняя оценка</th>{head}</tr>',
    ]
    for name, a in rows:
        n, share = a["replies"], a["with_findings"] / max(1, a["replies"])
        cells = "".join(_heat(a["categories"].get(c, 0), n) for c in cats)
        mean = f"{a['score_tenths'] / 10 / max(1, n):.1f}".replace(".", ",")
        out.append(
            f"<tr><td>{escape(name) or '<i>без имени</i>'}</td><td class=n>{_n(n)}</td>"
            f'<td class=n>{_pct(a["with_findings"], n)}<span class=bar><i style="width:{100 * share:.0f}%"></i></span>'
            f"</td><td class=n>{mean}</td>{cells}</tr>"
        )
    return [*out, "</table>"]


def _rules(s: dict, top: list[str]) -> list[str]:
    out = [
        "<h2>Самые частые замечания</h2>",
        '<p class="lead">Правила, которые срабатывают чаще всего, и почему это важно для клиента.</p>',
        '<table><tr><th>Правило</th><th class="n">Ответов</th><th class="n">Доля</th></tr>',
    ]
    for rule in top:
        info, r = s["rule_info"].get(rule, {}), s["rules"][rule]
        out.append(
            f"<tr><td><b>{escape(info.get('title', rule))}</b> <code>{escape(rule)}</code>"
            f" · {_cat(info.get('category', ''))}, {escape(SEVERITY.get(info.get('severity', ''), ''))}"
            f'<p class="why">{escape(" ".join(info.get("why", "").split()))}</p></td>'
            f"<td class=n>{_n(r['replies'])}</td><td class=n>{_pct(r['replies'], s['replies'])}</td></tr>"
        )
    return [*out, "</table>"]


def _pick(s: dict, top: list[str]) -> dict[str, list[dict]]:
    """Up to SAMPLES_PER_RULE samples per rule, a reply shown once on the page (under its first rule)."""
    seen: set[tuple] = set()
    picked = {}
    for rule in top:
        fresh = [x for x in s["samples"].get(rule, []) if (x.get("path"), x.get("row")) not in seen]
        picked[rule] = fresh[:SAMPLES_PER_RULE]
        seen |= {(x.get("path"), x.get("row")) for x in picked[rule]}
    return picked


def _samples(s: dict, top: list[str], mask: bool) -> list[str]:
    picked = _pick(s, top)
    chosen = {id(x): x for xs in picked.values() for x in xs}
    done = _masked_samples(list(chosen.values()), mask)
    note = (
        "Телефоны, e-mail, номера карт и имена скрыты."
        if mask
        else "Внимание: персональные данные в примерах не скрыты."
    )
    out = [
        "<h2>Примеры ответов</h2>",
        f'<p class="lead">По каждому частому правилу — несколько ответов: отмеченные слова (наведите курсор, '
        f"чтобы увидеть правило) и вариант, который предлагает cxlint. {note}</p>",
    ]
    for rule in top:
        if not picked[rule]:
            continue
        out.append(f"<h3>{escape(s['rule_info'].get(rule, {}).get('title', rule))}</h3>")
        for x in picked[rule]:
            text, spans, pieces, rewrite, rpieces = done[id(x)]
            when = escape(_date(x["time"])) if x.get("time") else "время не указано"
            score = f"{x['score']:.1f}".replace(".", ",")
            after = (
                _marked(rewrite, [], rpieces, slots=True)
                if rewrite and rewrite != text
                else '<span class="muted">Автоматической правки нет — нужна переформулировка вручную.</span>'
            )
            out += [
                f'<p class="meta">{escape(x.get("agent") or "оператор не указан")} · {when} · диалог '
                f"{escape(str(x.get('conversation', '')))} · оценка {score}</p>",
                f'<div class="sample"><div><h4>Ответ оператора</h4>{_marked(text, spans, pieces)}</div>'
                f'<div class="after"><h4>Как можно сказать</h4>{after}</div></div>',
            ]
    return out


def render_html(summary: dict, *, mask: bool = True) -> str:
    """The audit summary (``Audit.to_dict()``) as one self-contained HTML page, in Russian."""
    from . import report_plots as plots

    s = summary
    cats = sorted(s["categories"], key=lambda c: (-s["categories"][c], c))
    lines = cats[:4]  # more lines than that on one plot stop being readable
    top = sorted(s["rules"], key=lambda r: (-s["rules"][r]["replies"], r))[:TOP_RULES]
    body = _headline(s, cats)
    if any(k for k in s["weeks"]):
        untimed = s["weeks"].get("", {}).get("replies", 0)
        body += [
            "<h2>Неделя за неделей</h2>",
            f'<p class="lead">Доля ответов с замечаниями за неделю: всего и по {len(lines)} самым частым '
            "категориям.</p>",
            plots.weekly(s["weeks"], lines),
        ]
        if untimed:
            body.append(f'<p class="muted">Без времени и не показаны на графике: {_n(untimed)} отв.</p>')
    body += _agents(s, cats)
    if top:
        body += _rules(s, top)
    clean = s["scores"][100]
    body += [
        "<h2>Оценки ответов</h2>",
        f'<p class="lead">Ответов без замечаний (оценка 10): {_n(clean)}, это {_pct(clean, s["replies"])}. '
        "Ниже — как распределились оценки остальных: чем левее, тем сильнее ответ расходится с ожиданиями "
        "клиента; ниже 5 — ответ стоит переписать.</p>",
        plots.scores(s["scores"]),
    ]
    if top:
        body += _samples(s, top, mask)
    if s["errors"]:
        body += ["<h2>Пропущенные строки</h2>", "<table><tr><th>Файл</th><th>Строка</th><th>Что не так</th></tr>"]
        body += [
            f"<tr><td>{escape(e['path'])}</td><td>{e['row']}</td><td>{escape(e['message'])}</td></tr>"
            for e in s["errors"]
        ]
        body.append("</table>")
    body.append('<p class="muted">Отчёт cxlint audit. Файл не загружает ничего из сети.</p>')
    return (
        '<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8"><title>Аудит ответов операторов — cxlint</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>'
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )
