"""An audit summary from a list of replies, through the real aggregate (cxlint.audit.Audit) and the
same per-reply step as ``cxlint audit`` (audit_run.audit_items): what the report tests render."""

from __future__ import annotations

from collections.abc import Iterable

import cxlint
from cxlint import linter
from cxlint.audit import Audit, rule_info
from cxlint.audit_run import audit_items
from cxlint.export import Reply, week_of


def build_summary(replies: Iterable[dict], rows: int | None = None) -> dict:
    """``replies``: dicts with text and optional path, row, conversation, agent, time (ISO 8601)."""
    lint = linter.default()
    items = []
    for n, r in enumerate(replies, 1):
        time, week = week_of(r["time"]) if r.get("time") else ("", "")
        where = (r.get("path", "export.csv"), r.get("row", n))
        items.append(Reply(*where, r["text"], r.get("conversation", ""), r.get("agent", ""), time, week))
    audit = audit_items(lint, items, Audit(rule_info(lint)))
    if rows is not None:
        audit.rows = rows
    audit.finish(lambda text: cxlint.fix(text, unsafe=True, linter=lint).text)
    return audit.to_dict()
