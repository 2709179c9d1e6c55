"""What a raw-text kind reports: character spans, not token spans."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TextMatch:
    start: int  # character offsets into the message, end exclusive
    end: int
    captures: dict[str, str] = field(default_factory=dict)  # values for the message and fix templates


def inside_placeholder(doc, start: int, end: int) -> bool:
    """Is the span part of a well-formed placeholder or slot? Those are never a finding."""
    return any(p.start <= start and end <= p.end for p in doc.placeholders)
