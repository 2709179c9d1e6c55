"""Output formats, registered by name. Each takes the file results and a stream."""

from __future__ import annotations

from . import json_format, text

FORMATS = {"text": text.render, "json": json_format.render}
