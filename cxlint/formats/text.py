"""Human output: ``file:line:col: rule [severity] message``, the line with the words marked,
and the suggested replacement under it."""

from __future__ import annotations

import click

_COLORS = {"error": "red", "warning": "yellow", "suggestion": "cyan"}


def _line_of(text: str, start: int, end: int) -> tuple[str, int, int]:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", start)
    b = len(text) if b < 0 else b
    return text[a:b], start - a, min(end, b) - a


def render(results, out, color: bool = False, rules=(), baseline=None) -> None:
    """``baseline``: what a baseline hid (baseline.Applied), told in the summary."""

    def st(s, **kw):
        return click.style(s, **kw) if color else s

    counts: dict[str, int] = {}
    nfiles = fixable = 0
    for r in results:
        file_has = False
        for msg, findings in r.messages:
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
        nfiles += file_has
    total = sum(counts.values())
    if total:
        parts = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(counts.items()))
        out.write(
            st(
                f"Found {total} problem{'s' if total != 1 else ''} ({parts}) in {nfiles} "
                f"file{'s' if nfiles != 1 else ''}.",
                bold=True,
            )
            + "\n"
        )
        if fixable:
            out.write(f"{fixable} can be rewritten by `cxlint fix` (some need --unsafe and a fact from you).\n")
    elif not any(r.error for r in results):
        out.write(st("All clear.", fg="green") + "\n")
    if baseline and (baseline.hidden or baseline.fixed):
        out.write(baseline.note()[0].upper() + baseline.note()[1:] + "\n")
