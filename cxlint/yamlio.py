"""YAML loading that remembers lines, so every error can name ``file:line``."""

from __future__ import annotations

import functools
from pathlib import Path


class Node(dict):
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class Seq(list):
    line: int = 0


@functools.cache
def _loader():
    """The line-aware loader, built on first use: a run whose rules come from the cache and whose
    input is not YAML never imports PyYAML."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: 6× faster
        pass

    def mapping(loader, node: yaml.MappingNode) -> Node:
        loader.flatten_mapping(node)
        out = Node()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for k, v in node.value:
            key = loader.construct_object(k, deep=True)
            if key in out:
                raise yaml.MarkedYAMLError(
                    "while reading a mapping", node.start_mark, f"duplicate key {key!r}", k.start_mark
                )
            out[key] = loader.construct_object(v, deep=True)
            out.key_lines[key] = k.start_mark.line + 1
        return out

    def sequence(loader, node: yaml.SequenceNode) -> Seq:
        out = Seq(loader.construct_object(v, deep=True) for v in node.value)
        out.line = node.start_mark.line + 1
        return out

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    return Loader


class InputError(Exception):
    """Bad input, config or rule: one line naming the file (and line); the CLI exits 2."""

    def __init__(self, path, line: int | None, message: str):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def load(path: Path, text: str | None = None):
    """Parse a YAML file with line-aware mappings; syntax errors become InputError."""
    import yaml

    try:
        if text is None:
            text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=_loader())
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        raise InputError(path, line, f"invalid YAML: {e.problem or e.context}") from None
    except yaml.YAMLError as e:
        raise InputError(path, None, f"invalid YAML: {e}") from None
    except UnicodeDecodeError as e:
        raise InputError(path, None, f"not UTF-8 (byte {e.start})") from None
    except OSError as e:
        raise InputError(path, None, e.strerror or str(e)) from None
