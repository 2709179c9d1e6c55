"""Match kinds. ``pattern`` (token patterns, kinds/pattern.py) is the default: a rule's ``match:``
list. The kinds below read the raw message instead and are named by a one-key mapping,
``match: {regex: …}`` or ``match: {placeholder: …}``; each compiles its spec into a checker whose
``find(doc, options)`` returns ``TextMatch``es.
"""

from __future__ import annotations

from . import placeholder, regex
from .text import TextMatch

TEXT_KINDS = {
    "regex": regex.compile_spec,
    "placeholder": placeholder.compile_spec,
}

__all__ = ["TEXT_KINDS", "TextMatch"]
