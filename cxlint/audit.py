"""The audit aggregate: what ``cxlint audit`` learns from a stream of agent replies.

``Audit`` is an exact, mergeable monoid: counts are integers (scores in tenths), samples are the K
replies with the smallest hash per rule, errors the first ones by (path, row). So any split of the
input — one process, a pool, a Dask cluster — merged in any order gives the same ``to_dict()``.
The schema of ``to_dict()`` is in docs/audit.md.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable

from .export import Reply, RowError

VERSION = 1
K = 5  # samples per rule
MAX_ERRORS = 100


def sample_key(conversation: str, row: int, path: str) -> str:
    return hashlib.sha1(f"{conversation}|{row}|{path}".encode()).hexdigest()


def _key(s: dict) -> str:
    return sample_key(s["conversation"], s["row"], s["path"])


class _Group:
    """Replies of one agent or one week."""

    __slots__ = ("categories", "replies", "score_tenths", "with_findings")

    def __init__(self):
        self.replies = self.with_findings = self.score_tenths = 0
        self.categories: Counter = Counter()

    def merge(self, o: _Group) -> None:
        self.replies += o.replies
        self.with_findings += o.with_findings
        self.score_tenths += o.score_tenths
        self.categories.update(o.categories)

    def to_dict(self, score: bool) -> dict:
        d = {
            "replies": self.replies,
            "with_findings": self.with_findings,
            "categories": dict(sorted(self.categories.items())),
        }
        if score:
            d["score_tenths"] = self.score_tenths
        return d

    @classmethod
    def from_dict(cls, d: dict) -> _Group:
        g = cls()
        g.replies, g.with_findings, g.score_tenths = d["replies"], d["with_findings"], d.get("score_tenths", 0)
        g.categories.update(d["categories"])
        return g


class Audit:
    def __init__(self, rule_info: dict | None = None):
        self.rows = self.replies = self.replies_with_findings = self.skipped = 0
        self.errors: list[tuple[str, int, str]] = []
        self.categories: Counter = Counter()  # replies with ≥ 1 finding of the category
        self.findings: Counter = Counter()  # findings per category
        self.rules: dict[str, list[int]] = {}  # rule → [findings, replies]
        self.weeks: dict[str, _Group] = {}
        self.agents: dict[str, _Group] = {}
        self.scores = [0] * 101
        self.samples: dict[str, list[tuple[str, dict]]] = {}  # rule → [(key, sample)], sorted, ≤ K
        self.rule_info: dict[str, dict] = dict(rule_info or {})

    def error(self, e: RowError) -> None:
        self.skipped += 1
        self.errors.append((e.path, e.row, e.message))
        if len(self.errors) >= 2 * MAX_ERRORS:
            self.errors = sorted(self.errors)[:MAX_ERRORS]

    def add(self, reply: Reply, findings: Iterable, tenths: int) -> None:
        """One linted reply: ``findings`` have rule, category, start and end; ``tenths`` is round(score × 10)."""
        findings = list(findings)
        self.replies += 1
        self.scores[tenths] += 1
        groups = (
            self.weeks.get(reply.week) or self.weeks.setdefault(reply.week, _Group()),
            self.agents.get(reply.agent) or self.agents.setdefault(reply.agent, _Group()),
        )
        for g in groups:
            g.replies += 1
        groups[1].score_tenths += tenths
        if not findings:
            return
        self.replies_with_findings += 1
        per_rule = Counter(f.rule for f in findings)
        cats = {f.category for f in findings}
        self.categories.update(cats)
        self.findings.update(f.category for f in findings)
        for g in groups:
            g.with_findings += 1
            g.categories.update(cats)
        key = sample = None
        for rule, n in per_rule.items():
            st = self.rules.get(rule) or self.rules.setdefault(rule, [0, 0])
            st[0] += n
            st[1] += 1
            kept = self.samples.setdefault(rule, [])
            if key is None:
                key = sample_key(reply.conversation, reply.row, reply.path)
            if len(kept) < K or key < kept[-1][0]:
                if sample is None:
                    sample = {
                        "path": reply.path,
                        "row": reply.row,
                        "conversation": reply.conversation,
                        "agent": reply.agent,
                        "time": reply.time,
                        "text": reply.text,
                        "spans": [[f.start, f.end, f.rule] for f in findings],
                        "rewrite": None,  # filled by finish(): only for the samples that stay
                        "score": tenths / 10,
                    }
                _keep(kept, [(key, sample)])

    def merge(self, o: Audit) -> Audit:
        self.rows += o.rows
        self.replies += o.replies
        self.replies_with_findings += o.replies_with_findings
        self.skipped += o.skipped
        self.errors = sorted(self.errors + o.errors)[:MAX_ERRORS]
        self.categories.update(o.categories)
        self.findings.update(o.findings)
        for rule, (f, r) in o.rules.items():
            st = self.rules.setdefault(rule, [0, 0])
            st[0] += f
            st[1] += r
        for mine, theirs in ((self.weeks, o.weeks), (self.agents, o.agents)):
            for name, g in theirs.items():
                mine.setdefault(name, _Group()).merge(g)
        self.scores = [a + b for a, b in zip(self.scores, o.scores, strict=True)]
        for rule, kept in o.samples.items():
            _keep(self.samples.setdefault(rule, []), kept)
        self.rule_info.update(o.rule_info)
        return self

    def finish(self, rewrite: Callable[[str], str]) -> Audit:
        """Rewrite each sample still without one (once per reply): done last, on few replies."""
        done: dict[tuple[str, int], str] = {}
        for kept in self.samples.values():
            for _, s in kept:
                if s["rewrite"] is None:
                    where = (s["path"], s["row"])
                    if where not in done:
                        done[where] = rewrite(s["text"])
                    s["rewrite"] = done[where]
        return self

    def to_dict(self) -> dict:
        return {
            "version": VERSION,
            "rows": self.rows,
            "replies": self.replies,
            "replies_with_findings": self.replies_with_findings,
            "skipped": self.skipped,
            "errors": [{"path": p, "row": r, "message": m} for p, r, m in sorted(self.errors)[:MAX_ERRORS]],
            "categories": dict(sorted(self.categories.items())),
            "findings": dict(sorted(self.findings.items())),
            "rules": {k: {"findings": f, "replies": r} for k, (f, r) in sorted(self.rules.items())},
            "weeks": {k: g.to_dict(False) for k, g in sorted(self.weeks.items())},
            "agents": {k: g.to_dict(True) for k, g in sorted(self.agents.items())},
            "scores": list(self.scores),
            "samples": {k: [dict(s) for _, s in kept] for k, kept in sorted(self.samples.items())},
            "rule_info": dict(sorted(self.rule_info.items())),
        }

    @classmethod
    def from_dict(cls, d: dict) -> Audit:
        if d.get("version") != VERSION:
            raise ValueError(f"an audit summary of version {d.get('version')!r}, expected {VERSION}")
        a = cls(d["rule_info"])
        a.rows, a.replies, a.skipped = d["rows"], d["replies"], d["skipped"]
        a.replies_with_findings = d["replies_with_findings"]
        a.errors = [(e["path"], e["row"], e["message"]) for e in d["errors"]]
        a.categories.update(d["categories"])
        a.findings.update(d["findings"])
        a.rules = {k: [v["findings"], v["replies"]] for k, v in d["rules"].items()}
        a.weeks = {k: _Group.from_dict(v) for k, v in d["weeks"].items()}
        a.agents = {k: _Group.from_dict(v) for k, v in d["agents"].items()}
        a.scores = list(d["scores"])
        a.samples = {k: sorted((_key(s), dict(s)) for s in v) for k, v in d["samples"].items()}
        return a


def _keep(kept: list, new: Iterable[tuple[str, dict]]) -> None:
    """Merge samples into ``kept`` (sorted by key), keeping the K smallest; a reply counts once."""
    have = {k for k, _ in kept}
    kept.extend(x for x in new if x[0] not in have)
    kept.sort(key=lambda x: x[0])
    del kept[K:]


def rule_info(linter) -> dict[str, dict]:
    """Category, severity (after config), title and why of every enabled rule."""
    sev = linter.ruleset.severity
    return {
        r.id: {"category": r.category, "severity": sev.get(r.id, r.severity), "title": r.title, "why": r.why}
        for r in linter.rules
    }
