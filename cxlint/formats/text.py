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


class Below:
    """The messages scoring under ``threshold``, tracked as a step of the ``cxlint check`` stream:
    how many, and the lowest ``KEEP`` as (score, label), never the whole run."""

    KEEP = 20

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.count = 0
        self._low: list[tuple[float, str]] = []

    def step(self, path: str, msg, findings: list) -> list:
        if findings and (sc := score(findings, msg.text)) < self.threshold:
            self.count += 1
            self._low.append((sc, name_of(path, msg)))
            if len(self._low) >= 4 * self.KEEP:
                self._low = sorted(self._low)[: self.KEEP]
        return findings

    @property
    def lowest(self) -> list[tuple[float, str]]:
        """Lowest first (ties by name), at most KEEP."""
        return sorted(self._low)[: self.KEEP]


def render(results, out, color: bool = False, rules=(), below: Below | None = None, baseline=None) -> None:
    """``below``: the messages under --min-score (filled as the results stream by), listed after
    the summary; ``baseline``: what a baseline hid (baseline.Applied), told in the summary."""

    def st(s, **kw):
        return click.style(s, **kw) if color else s

    counts: dict[str, int] = {}
    nfiles = fixable = errors = 0
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
        errors += bool(r.errors)  # read after the messages: a streamed .jsonl meets its bad lines on the way
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
    elif not errors:
        out.write(st("All clear.", fg="green") + "\n")
    if below and below.count:
        n, low = below.count, below.lowest
        out.write(
            st(f"{n} message{'s' if n != 1 else ''} score{'s' if n == 1 else ''} below {below.threshold}:", bold=True)
        )
        out.write("\n" + "".join(f"  {sc}/10  {name}\n" for sc, name in low))
        if n > len(low):
            out.write(f"  … and {n - len(low)} more\n")
    if baseline and (baseline.hidden or baseline.fixed):
        out.write(baseline.note()[0].upper() + baseline.note()[1:] + "\n")
