"""What a rule reports: a finding, with the rewrites it suggests."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Suggestion:
    start: int
    end: int
    replacement: str
    safety: str  # safe | unsafe | display
    description: str = ""

    @property
    def safe(self) -> bool:
        return self.safety == "safe"

    def to_json(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "replacement": self.replacement,
            "safe": self.safe,
            "safety": self.safety,
            "description": self.description,
        }


@dataclass(slots=True)
class Finding:
    rule: str
    category: str
    severity: str
    message: str
    start: int
    end: int
    text: str
    suggestions: list[Suggestion] = field(default_factory=list)
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
            "suggestions": [s.to_json() for s in self.suggestions],
        }
