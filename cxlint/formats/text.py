"""Human output: ``file:line:col: rule [severity] message``, the line with the words marked,
the suggested replacement under it, and the message's score after its findings. Clean messages
print nothing, so a clean run stays one line."""

from __future__ import annotations

import click

from ..scoring import score

_COLORS = {"error": "red", "warning": "yellow", "suggestion": "cyan"}


def _line_of(text: str, start: int, end: int) -> tuple[str, int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", start)
    b = len(text) if b < 0 else b
    return text[a:b], start - a, min(end, b) - a


def name_of(path: str, msg) -> str:
    """How a message is named: the file, and its id when the file holds several."""
    return f"{path} ({msg.id})" if msg.id != "1" else path


def below(results, min_score: float) -> list[tuple[float, str]]:
    """(score, label) of the messages scoring under ``min_score``, lowest first."""
    low = [(score(fs, m.text), name_of(r.path, m)) for r in results for m, fs in r.messages if fs]
    return sorted(x for x in low if x[0] < min_score)


def render(results, out, color: bool = False, rules=(), min_score: float | None = None, baseline=None) -> None:
    """``baseline``: what a baseline hid (baseline.Applied), told in the summary."""

    def st(s, **kw):
        return click.style(s, **kw) if color else s

    counts: dict[str, int] = {}
    nfiles = fixable = 0
    lowest: tuple[float, str] | None = None
    for r in results:
        file_has = False
        for msg, findings in r.messages:
            if findings:
                sc = score(findings, msg.text)
                if lowest is None or sc < lowest[0]:
                    lowest = (sc, name_of(r.path, msg))
            for f in findings:
                file_has = True
                counts[f.severity] = counts.get(f.severity, 0) + 1
                where = st(f"{r.path}:{f.line}:{f.column}:", bold=True)
                ident = f" ({msg.id})" if msg.id != "1" else ""
                out.write(
                    f"{where} {st(f.rule, fg=_COLORS[f.severity], bold=True)} "
                    f"[{f.severity}] {f.message}{st(ident, dim=True)}\n"
                )
                line, a, b = _line_of(msg.text, f.start, f.end)
                if len(line) > 160:  # keep long lines readable: a window around the finding
                    lo = max(0, a - 60)
                    line, a, b = (
                        ("…" if lo else "") + line[lo : lo + 150],
                        a - lo + (1 if lo else 0),
                        b - lo + (1 if lo else 0),
                    )
                out.write(
                    f"    {line[:a]}{st(line[a:b], fg=_COLORS[f.severity], bold=True, underline=True)}{line[b:]}\n"
                )
                if not color:
                    out.write("    " + " " * a + "^" * max(1, b - a) + "\n")
                for s in f.suggestions:
                    fixable += s.safety != "display"
                    label = {"safe": "fix", "unsafe": "fix (--unsafe)", "display": "suggestion"}[s.safety]
                    old = msg.text[s.start : s.end]
                    out.write(
                        f"    {st(label, fg='green')}: «{old}» → «{st(s.replacement, fg='green', bold=True)}»"
                        + (f" — {s.description}" if s.description else "")
                        + "\n"
                    )
                out.write("\n")
            if findings:
                out.write(f"{st(name_of(r.path, msg), bold=True)}: score {sc}/10\n\n")
        nfiles += file_has
    total = sum(counts.values())
    if total:
        parts = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(counts.items()))
        out.write(
            st(
                f"Found {total} problem{'s' if total != 1 else ''} ({parts}) in {nfiles} "
                f"file{'s' if nfiles != 1 else ''}; lowest score {lowest[0]}/10 ({lowest[1]}).",
                bold=True,
            )
            + "\n"
        )
        if fixable:
            out.write(f"{fixable} can be rewritten by `cxlint fix` (some need --unsafe and a fact from you).\n")
    elif not any(r.error for r in results):
        out.write(st("All clear.", fg="green") + "\n")
    if min_score is not None and (low := below(results, min_score)):
        n = len(low)
        out.write(st(f"{n} message{'s' if n != 1 else ''} score{'s' if n == 1 else ''} below {min_score}:", bold=True))
        out.write("\n" + "".join(f"  {sc}/10  {name}\n" for sc, name in low[:20]))
        if n > 20:
            out.write(f"  … and {n - 20} more\n")
    if baseline and (baseline.hidden or baseline.fixed):
        out.write(baseline.note()[0].upper() + baseline.note()[1:] + "\n")
