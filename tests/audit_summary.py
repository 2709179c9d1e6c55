"""Build the audit summary dict (the contract in docs of `cxlint audit`: version 1) from replies,
with the public API only — what the report tests render. The audit's own aggregate produces the
same dict from an export; this is the plain, one-process way to get one honestly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

import cxlint
from cxlint import scoring

K = 5  # samples per rule


def _monday(time: str) -> str:
    if not time:
        return ""
    d = dt.datetime.fromisoformat(time).date()
    return (d - dt.timedelta(days=d.weekday())).isoformat()


def build_summary(replies: Iterable[dict], rows: int | None = None) -> dict:
    """``replies``: dicts with text and optional path, row, conversation, agent, time."""
    s = {
        "version": 1,
        "rows": 0,
        "replies": 0,
        "replies_with_findings": 0,
        "skipped": 0,
        "errors": [],
        "categories": {},
        "findings": {},
        "rules": {},
        "weeks": {},
        "agents": {},
        "scores": [0] * 101,
        "samples": {},
        "rule_info": {},
    }
    keyed: dict[str, list[tuple[str, dict]]] = {}
    for n, r in enumerate(replies, 1):
        s["rows"] += 1
        text = r["text"]
        if not text.strip():
            continue
        findings = cxlint.check(text)
        score = scoring.score(findings, text)
        cats = {f.category for f in findings}
        s["replies"] += 1
        s["replies_with_findings"] += bool(findings)
        s["scores"][round(score * 10)] += 1
        for c in cats:
            s["categories"][c] = s["categories"].get(c, 0) + 1
        for f in findings:
            s["findings"][f.category] = s["findings"].get(f.category, 0) + 1
        for rule in {f.rule for f in findings}:
            entry = s["rules"].setdefault(rule, {"findings": 0, "replies": 0})
            entry["replies"] += 1
            entry["findings"] += sum(f.rule == rule for f in findings)
        week = s["weeks"].setdefault(_monday(r.get("time", "")), {"replies": 0, "with_findings": 0, "categories": {}})
        agent = s["agents"].setdefault(
            r.get("agent", ""), {"replies": 0, "with_findings": 0, "categories": {}, "score_tenths": 0}
        )
        agent["score_tenths"] += round(score * 10)
        for bucket in (week, agent):
            bucket["replies"] += 1
            bucket["with_findings"] += bool(findings)
            for c in cats:
                bucket["categories"][c] = bucket["categories"].get(c, 0) + 1
        path, row, conv = r.get("path", "export.csv"), r.get("row", n), r.get("conversation", "")
        key = hashlib.sha1(f"{conv}|{row}|{path}".encode()).hexdigest()
        sample = None
        for rule in {f.rule for f in findings}:
            if sample is None:
                sample = {
                    "path": path,
                    "row": row,
                    "conversation": conv,
                    "agent": r.get("agent", ""),
                    "time": r.get("time", ""),
                    "text": text,
                    "spans": [[f.start, f.end, f.rule] for f in findings],
                    "score": score,
                }
            keyed.setdefault(rule, []).append((key, sample))
    s["rows"] = rows if rows is not None else s["rows"]
    s["samples"] = {rule: [x for _, x in sorted(items, key=lambda kv: kv[0])[:K]] for rule, items in keyed.items()}
    for sample in {id(x): x for xs in s["samples"].values() for x in xs}.values():
        sample["rewrite"] = cxlint.fix(sample["text"], unsafe=True).text  # the rewrite only where it is shown
    for rule in cxlint.load_rules():
        if rule.id in s["rules"]:
            s["rule_info"][rule.id] = {
                "category": rule.category,
                "severity": rule.severity,
                "title": rule.title,
                "why": rule.why,
            }
    return s
