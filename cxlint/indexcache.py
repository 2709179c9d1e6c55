"""The rule index, built once per set of rules and kept in the rule cache.

Building a RuleSet — a bit for every token test, each pattern's anchor and needs, the index by
anchor — takes as long as loading the compiled rules, and a cold start pays both. The index is
pickled with the rule cache (ruleload), and the rules, patterns and specs it refers to are written
as their places in the rules, not as copies: loaded, it refers to the very objects the Linter
loaded. The two maps keyed by object ids (a pattern's id, a spec's bit) are written by place too,
and keyed again by the ids of this process.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
from collections.abc import Callable

from . import ruleload
from .engine import RuleSet
from .rules import Rule


def ruleset(rules: list[Rule], source: str | None, severity: dict, options: dict, build: Callable[[], RuleSet]):
    """``build()``, or the RuleSet it made before for the same ``rules``: ``source`` names their
    files' contents (ruleload.load_dirs_keyed), None when unknown, which builds afresh."""
    if ruleload._cache_dir() is None or source is None:
        return build()
    table = _objects(rules)
    h = hashlib.sha256(_salt())
    h.update(repr((source, [r.id for r in rules], sorted(severity.items()), sorted(options.items()))).encode())
    key = f"index-{h.hexdigest()}"
    data = ruleload.cache_read(key)
    if data is not None:
        try:
            return _load(data, table)
        except Exception:  # a stale or unreadable entry only costs a build
            pass
    found = build()
    try:
        data = _dump(found, table)
    except Exception:  # something the index holds cannot be written: it is simply built each time
        return found
    ruleload.cache_write(key, data)
    return found


@functools.cache
def _salt() -> bytes:
    """An entry is valid for one build of the code that makes and reads the index."""
    from . import bits, doc, engine, entities, matcher, sentences

    mods = (__file__, bits, doc, engine, entities, matcher, sentences)
    stamp = [f"{os.stat(m if isinstance(m, str) else m.__file__).st_mtime_ns}" for m in mods]
    return ruleload._salt() + ("\0".join(stamp) + "\0").encode()


def _objects(rules: list[Rule]) -> list[object]:
    """The rules, their conditions, patterns and specs, each once, in an order their contents fix."""
    out: list[object] = []
    seen: set[int] = set()

    def add(o) -> None:
        if id(o) not in seen:
            seen.add(id(o))
            out.append(o)

    def spec(s) -> None:
        add(s)
        for x in s.exclude:
            spec(x)

    for r in rules:
        add(r)
        for p in [*r.patterns, *r.condition_patterns()]:
            add(p)
            for s in p.specs:
                spec(s)
            if p.anchor is not None:
                spec(p.anchor)
    return out


def _dump(rs: RuleSet, table: list[object]) -> bytes:
    place = {id(o): n for n, o in enumerate(table)}
    common = rs.bits.common.specs  # made by the index itself, written with it: keyed by -1, -2 …
    where = place | {id(s): -1 - j for j, s in enumerate(common)}
    pids, bits = rs._pid, rs.bits._spec_bits
    if not (where.keys() >= pids.keys() and where.keys() >= bits.keys()):
        raise ValueError("the index refers to an object outside the rules")
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.persistent_id = lambda o: place.get(id(o))
    rs._pid = {where[k]: v for k, v in pids.items()}
    rs.bits._spec_bits = {where[k]: v for k, v in bits.items()}
    try:
        pickler.dump((len(table), rs))
    finally:
        rs._pid, rs.bits._spec_bits = pids, bits
    return out.getvalue()


def _load(data: bytes, table: list[object]) -> RuleSet:
    unpickler = pickle.Unpickler(io.BytesIO(data))
    unpickler.persistent_load = table.__getitem__
    n, rs = unpickler.load()
    if n != len(table) or not isinstance(rs, RuleSet):
        raise ValueError("an index of other rules")
    common = rs.bits.common.specs

    def obj(k: int) -> object:
        return table[k] if k >= 0 else common[-1 - k]

    rs._pid = {id(obj(k)): v for k, v in rs._pid.items()}
    rs.bits._spec_bits = {id(obj(k)): v for k, v in rs.bits._spec_bits.items()}
    return rs
