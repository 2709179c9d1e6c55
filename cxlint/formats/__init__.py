"""Output formats, registered by name. Each takes the file results, a stream, and the rules."""

from __future__ import annotations

from . import github, gitlab, json_format, sarif, text

FORMATS = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
}
