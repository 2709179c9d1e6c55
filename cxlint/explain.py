"""`cxlint explain ID`: a rule rendered from its own data, examples run through the linter."""

from __future__ import annotations

_SAFETY = {
    "safe": "safe — applied by `cxlint fix`",
    "unsafe": "unsafe — applied only with `cxlint fix --unsafe`; it may add a slot such as [срок] to fill in",
    "display": "display — shown as a suggestion, never applied",
}


def explain_rule(rule) -> str:
    from .engine import RuleSet
    from .linter import default

    syntax = default().syntax
    lines = [
        f"{rule.id} — {rule.title}",
        "",
        f"category: {rule.category}    severity: {rule.severity}    file: {rule.path}",
        "",
        "Why it matters:",
        *("  " + ln for ln in rule.why.splitlines()),
        "",
    ]
    if rule.options:
        lines.append("Options (set in config):")
        for name, o in rule.options.items():
            lines.append(f"  {name} (default: {o['default']!r}) — {o['description']}")
        lines.append("")
    if rule.fix:
        lines += [
            f"Fix: {_SAFETY[rule.fix.safety]}" + (f"; {rule.fix.description}" if rule.fix.description else ""),
            "",
        ]
    bad = [e for e in rule.examples if e.bad]
    good = [e for e in rule.examples if not e.bad]
    lines.append("Flagged:")
    from .doc import analyze

    for e in bad:
        found = RuleSet([rule], options=e.options).check(analyze(e.text, syntax))
        marked = e.text
        for f in sorted(found, key=lambda f: -f.start):
            marked = marked[: f.start] + "[[" + marked[f.start : f.end] + "]]" + marked[f.end :]
        lines.append(f"  ✗ {marked}")
        for f in found:
            for s in f.suggestions:
                fixed = e.text[: s.start] + s.replacement + e.text[s.end :]
                lines.append(f"    → {fixed}    ({s.safety})")
    lines += ["", "Fine as it is:"]
    lines += [f"  ✓ {e.text}" for e in good]
    return "\n".join(lines)
