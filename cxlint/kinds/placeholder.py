"""``match: {placeholder: {not_in: OPTION}}``: placeholders whose name the repository does not know.

A repository lists its placeholder names in config (``placeholder-names: [name, order_id]``); a
placeholder with another name is most likely a typo (``{{odrer_id}}``) that the template engine
will leave empty or print as is. With no names declared the check is silent. Only code-like names
are checked: ``[номер заказа]`` is a note for a person, ``%s`` has no name.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .text import TextMatch

# The name inside each syntax: {{ user.name|upper }} → user.name, %(name)s, ${name}, #ORDER_ID#, {name}
_NAME = re.compile(r"^(?:\{\{-?\s*|\{|%\(|\$\{|#)([A-Za-z_][\w.]*)")


def name_of(text: str) -> str | None:
    if text.startswith("{%"):
        return None  # a tag ({% if %}), not a value
    m = _NAME.match(text)
    return m.group(1) if m else None


@dataclass
class PlaceholderCheck:
    option: str  # the option (config key) that lists the known names

    def names(self) -> set[str]:
        return {"name", "near"}

    def may_find(self, options: dict) -> bool:
        """Can it find anything with these options? Not without placeholder names declared."""
        return bool(options.get(self.option))

    def key(self, options: dict) -> tuple:
        """What decides what it finds: the names the option lists."""
        return ("placeholder", tuple(options.get(self.option) or ()))

    def needed_chars(self) -> None:
        """It reads the message's placeholders, whatever their characters."""
        return None

    def find(self, doc, options: dict) -> list[TextMatch]:
        known = options.get(self.option) or ()
        if not known:
            return []
        folded = {k.lower(): k for k in known}
        out = []
        for p in doc.placeholders:
            name = None if p.slot is not None else name_of(p.text)
            if name is None:
                continue
            if name.lower() in folded or name.split(".")[0].lower() in folded:
                continue
            near = difflib.get_close_matches(name.lower(), list(folded), n=1, cutoff=0.6)
            fixed = p.text.replace(name, folded[near[0]], 1) if near else ""
            out.append(TextMatch(p.start, p.end, {"name": name, "near": fixed}))
        return out


def compile_spec(raw, err) -> PlaceholderCheck:
    if not isinstance(raw, dict) or set(raw) != {"not_in"} or not isinstance(raw["not_in"], str):
        err("placeholder takes {not_in: OPTION}, the option that lists the known names")
    return PlaceholderCheck(raw["not_in"])
