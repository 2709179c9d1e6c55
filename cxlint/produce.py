"""Findings made from matches: the span a finding covers (never a placeholder), its message and its
rewrite, inflected to agree; a finding as the flat tuple a sentence remembers; one finding per span."""

from __future__ import annotations

from . import morph
from .conditions import suppressed
from .doc import ABBREVIATIONS as ABBR
from .doc import Doc
from .finding import Finding, Suggestion
from .kinds import pattern as pm
from .kinds.text import TextMatch
from .render import _render, _tables, _templatish
from .rules import Rule


def piece(f: Finding, by: int) -> tuple:
    """A finding as a flat tuple (as sentences.placed() and built() read them), offsets ``by``
    characters back; without its rule's id, so that rules that say alike share it."""
    out: list = [f.category, f.severity, f.message, f.start - by, f.end - by, f.text, len(f.suggestions)]
    for x in f.suggestions:
        out += (x.start - by, x.end - by, x.replacement, x.safety, x.description)
    return tuple(out)


def moved(flat: tuple, by: int) -> tuple | list:
    """A piece() placed ``by`` characters on."""
    if not by:
        return flat
    out = list(flat)
    out[3] += by
    out[4] += by
    for i in range(7, 7 + 5 * flat[6], 5):
        out[i] += by
        out[i + 1] += by
    return out


def distinct(fs: list[tuple], rule: Rule, sentence_at) -> list[tuple]:
    """One finding per span, none nested in another of the same rule; with ``once``, the first
    in the message or in each sentence. The findings are sentences.placed()'s tuples: (start,
    end, …)."""
    if len(fs) == 1:  # most rules find one thing in a message: it stays
        return fs
    fs.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple] = []
    seen_sents: set[int] = set()
    # none of those kept starts after ``f``: one that is not empty overlaps one of them exactly when
    # it starts before the furthest end among them
    reach = -1
    for f in fs:
        start, end = f[0], f[1]
        if start < reach if start < end else any(k[0] < end and start < k[1] for k in kept):
            continue  # nested in or overlapping an earlier, longer finding of the same rule
        if rule.once == "message" and kept:
            break
        if rule.once == "sentence":
            sent = sentence_at(start)
            if sent in seen_sents:
                continue
            seen_sents.add(sent)
        kept.append(f)
        reach = max(reach, end)
    return kept


def _span(doc: Doc, a: int, b: int) -> tuple[int, int]:
    return doc.tokens[a].start, doc.tokens[b - 1].end


def finding(rule: Rule, severity: str, doc: Doc, m: pm.Match) -> Finding | None:
    a, b = m.captures.get(rule.report, (m.start, m.stop)) if rule.report else (m.start, m.stop)
    # A finding never covers a placeholder: keep the part of the span before it (or after it).
    toks = doc.tokens
    ph = [i for i in range(a, b) if toks[i].kind == "ph"]
    trimmed = bool(ph)
    if ph:
        a, b = (a, ph[0]) if ph[0] > a else (ph[-1] + 1, b)
        while b > a and toks[b - 1].kind == "punct":
            b -= 1
        if b <= a:
            return None
    start, end = _span(doc, a, b)
    fix_span = (start, end)
    while b - a > 1 and toks[b - 1].kind == "punct" and toks[b - 1].text in _TRAILING and toks[b - 2].norm not in ABBR:
        b -= 1  # «…деньги наличными.»: the full stop is not what is wrong (but «руб.» keeps its dot)
    start, end = _span(doc, a, b)
    values = {"match": doc.text[start:end]}
    for name, (x, y) in m.captures.items():
        values[name] = doc.text[toks[x].start : toks[y - 1].end] if y > x else ""
    msg = _render(rule.message, values, doc, m, _tables(rule))[0]
    f = Finding(rule.id, rule.category, severity, msg, start, end, doc.text[start:end])
    if rule.fix is not None:
        s = _suggestion(rule, doc, m, values, fix_span, trimmed)
        if s is not None:
            f.suggestions.append(s)
    return f


_TRAILING = frozenset([".", ",", ";", ":", "!", "?", "…", "—", "–", "-", "...", "!!", "?!"])


def _suggestion(rule: Rule, doc: Doc, m: pm.Match, values: dict, span, trimmed: bool) -> Suggestion | None:
    fx = rule.fix
    displayed_only = trimmed
    if fx.target and fx.target in m.captures:
        start, end = _span(doc, *m.captures[fx.target])
    else:
        # without its target the rewrite is still worth showing, placed over the whole match
        displayed_only = displayed_only or bool(fx.target)
        start, end = span
    text, ok = _render(fx.replace, values, doc, m, fx.tables)
    if displayed_only and fx.target and text[:1].isspace():
        text = doc.text[start:end] + text  # an appending rewrite shown over the whole match keeps it
    touches_placeholder = any(p.start < end and start < p.end for p in doc.placeholders if p.slot is None)
    touches_placeholder = touches_placeholder or _templatish(doc.text[start:end])
    # the rewrite was written for the whole match: on a span cut short by a placeholder, only show it
    safety = fx.safety if ok and not touches_placeholder and not displayed_only else "display"
    if doc.text[start:end][:1].isupper():
        text = morph.match_case(doc.text[start:end], text)
    return Suggestion(start, end, text, safety, fx.description)


def text_findings(rule: Rule, severity: str, found: list, whole, render, memo: dict) -> list[Finding]:
    """Findings of a raw-text kind (kinds.TEXT_KINDS) from what its check ``found`` in a message
    (TextMatch: character spans, no token captures); ``whole()`` is the message analysed, asked
    for only when something is found."""
    out = []
    for tm in found:
        doc = whole()
        m = _token_match(doc, tm)
        if m is not None and suppressed(rule, doc.tokens[m.start].sent, memo):
            continue
        values = {"match": doc.text[tm.start : tm.end], **tm.captures}
        m = m or pm.Match(0, 0, {})
        msg = _render(rule.message, values, doc, m)[0]
        f = Finding(rule.id, rule.category, severity, msg, tm.start, tm.end, doc.text[tm.start : tm.end])
        if rule.fix is not None:
            text, ok = _render(rule.fix.replace, values, doc, m, rule.fix.tables)
            if text and text != f.text:
                safety = rule.fix.safety if ok and not _templatish(f.text + text) else "display"
                text = render(text) if render is not None else text
                f.suggestions.append(Suggestion(tm.start, tm.end, text, safety, rule.fix.description))
        out.append(f)
    return out


def _token_match(doc: Doc, tm: TextMatch) -> pm.Match | None:
    """The tokens a character span covers, so ``unless``/``when`` work for raw-text kinds too."""
    toks = [i for i, t in enumerate(doc.tokens) if t.start < tm.end and tm.start < t.end]
    return pm.Match(toks[0], toks[-1] + 1, {}) if toks else None
