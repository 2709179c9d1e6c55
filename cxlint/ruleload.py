"""Reading rule folders: the shipped rules first, then the configured ones; compiled rules cached
by content (``~/.cache/cxlint``, ``CXLINT_CACHE_DIR``; ``CXLINT_NO_CACHE=1`` turns it off), so a
start-up after no change reads one pickle per folder instead of YAML and pymorphy3."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from pathlib import Path

from . import morph
from .kinds.pattern import Spec
from .rules import CATEGORIES, Rule, parse_rule
from .yamlio import InputError, load


def load_file(path: Path, builtin: bool = True, data: bytes | None = None) -> Rule:
    """A validated rule; compiled rules are cached by content, so start-up skips YAML and
    pymorphy3 look-ups for files that have not changed."""
    try:
        data = path.read_bytes() if data is None else data
    except OSError as e:
        raise InputError(path, None, e.strerror or str(e)) from None
    key = hashlib.sha256(_salt() + data).hexdigest()
    cached = _cache_get(key, Rule)
    if cached is not None:
        cached.path, cached.builtin = str(path), builtin
        return cached
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(path, None, f"not UTF-8 (byte {e.start})") from None
    rule = _shared(parse_rule(load(path, text), path, builtin))
    _cache_put(key, rule)
    return rule


def _load_folder(folder: Path, builtin: bool) -> tuple[list[Rule], list[InputError], str]:
    """The rules of a folder, in file order, and the key of its files' contents. A folder whose
    files are all unchanged loads from one cache entry, its rules sharing their equal specs: one
    file to read, not one per rule."""
    paths = sorted(folder.rglob("*.y*ml"))
    datas: list[bytes | None] = []
    h = hashlib.sha256(_salt())
    for p in paths:
        try:
            data = p.read_bytes()
        except OSError:
            data = None  # load_file says what is wrong
        datas.append(data)
        h.update(b"\0%s\0%d\0" % (str(p.relative_to(folder)).encode(), -1 if data is None else len(data)))
        h.update(data or b"")
    key = "folder-" + h.hexdigest()
    cached = _cache_get(key, list)
    if cached is not None and len(cached) == len(paths):
        for r, p in zip(cached, paths, strict=True):
            r.path, r.builtin = str(p), builtin
        return cached, [], key
    rules, errors = [], []
    for p, data in zip(paths, datas, strict=True):
        try:
            rules.append(load_file(p, builtin, data))
        except InputError as e:
            errors.append(e)
    if not errors:
        _cache_put(key, _shared_all(rules))
    return rules, errors, key


def _shared_all(rules: list[Rule]) -> list[Rule]:
    """Equal specs of all the rules made one object (see _shared)."""
    seen: dict[tuple, Spec] = {}
    for r in rules:
        _shared(r, seen)
    return rules


def _shared(rule: Rule, seen: dict[tuple, Spec] | None = None) -> Rule:
    """Equal specs of a rule made one object and their words interned: the compiled rule pickles
    to less and loads faster, which is most of a cold start's own cost."""
    seen = {} if seen is None else seen

    def words(v):
        return frozenset(sys.intern(x) for x in v) if v else v

    def one(sp: Spec) -> Spec:
        sp.exclude = tuple(one(x) for x in sp.exclude)
        for name in ("forms", "lemmas", "pos", "tags", "not_tags", "kinds"):
            setattr(sp, name, words(getattr(sp, name)))
        return seen.setdefault(sp.key, sp)

    for p in [*rule.patterns, *rule.condition_patterns()]:
        p.specs = [one(sp) for sp in p.specs]
        p.anchor = one(p.anchor) if p.anchor is not None else None
        p.keys = words(p.keys)
    return rule


@functools.cache
def _salt() -> bytes:
    """Cache entries are valid for one build of the code that compiles rules."""
    from . import __version__, rules
    from .kinds import pattern, placeholder, regex

    mods = (__file__, rules.__file__, pattern.__file__, regex.__file__, placeholder.__file__, morph.__file__)
    stamp = [__version__] + [f"{os.stat(m).st_mtime_ns}" for m in mods]
    return ("\0".join(stamp) + "\0").encode()


def _cache_dir() -> Path | None:
    if os.environ.get("CXLINT_NO_CACHE"):
        return None
    base = os.environ.get("CXLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "cxlint"
    )
    return Path(base) / "rules"


def _cache_get(key: str, kind: type):
    data = cache_read(key)
    try:
        found = pickle.loads(data) if data is not None else None
        return found if isinstance(found, kind) else None
    except Exception:  # a stale or unreadable cache entry only costs a recompile
        return None


def _cache_put(key: str, rule: Rule | list[Rule]) -> None:
    if _cache_dir() is not None:
        cache_write(key, pickle.dumps(rule, protocol=pickle.HIGHEST_PROTOCOL))


def cache_read(key: str) -> bytes | None:
    """The cache entry ``key``, or None when there is none (or no cache)."""
    d = _cache_dir()
    if d is None:
        return None
    try:
        return (d / key).read_bytes()
    except OSError:
        return None


def cache_write(key: str, data: bytes) -> None:
    """Write the cache entry ``key`` whole: another process reads the old entry or the new one."""
    d = _cache_dir()
    if d is None:
        return
    try:
        d.mkdir(parents=True, exist_ok=True)
        tmp = d / f"{key}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, d / key)
    except OSError:
        pass  # a read-only home is fine: rules are simply compiled each time


def builtin_dir() -> Path:
    """The shipped rules: ``rules/`` beside the package in a checkout, package data when installed."""
    src = Path(__file__).resolve().parent.parent / "rules"
    if src.is_dir():
        return src
    # installed: package data in cxlint/builtin_rules (a namespace package: importlib.resources
    # would hand back a MultiplexedPath, whose str() is no path)
    return Path(__file__).resolve().parent / "builtin_rules"


def load_dirs(dirs: list[Path], builtin_first: bool = True) -> tuple[list[Rule], list[InputError]]:
    """Every rule in the folders (``*.yaml``, recursively); broken files are returned as errors."""
    rules, errors, _ = load_dirs_keyed(dirs, builtin_first)
    return rules, errors


def load_dirs_keyed(dirs: list[Path], builtin_first: bool = True) -> tuple[list[Rule], list[InputError], str]:
    """load_dirs(), and a key that names the folders and their files' contents."""
    rules: dict[str, Rule] = {}
    errors: list[InputError] = []
    keys: list[str] = []
    folders = ([builtin_dir()] if builtin_first else []) + list(dirs)
    for n, folder in enumerate(folders):
        if not folder.is_dir():
            errors.append(InputError(folder, None, "rule folder not found"))
            continue
        found, failed, key = _load_folder(folder, builtin_first and n == 0)
        keys.append(f"{folder.resolve()}:{key}")
        errors += failed
        for r in found:
            if r.id in rules:
                errors.append(InputError(Path(r.path), 1, f"rule id {r.id!r} is already defined in {rules[r.id].path}"))
                continue
            rules[r.id] = r
    for r in rules.values():
        for ref in r.unless.rules:
            if ref not in rules and ref not in CATEGORIES:
                errors.append(InputError(r.path, None, f"unless.rules names {ref!r}, which is not a rule"))
    return sorted(rules.values(), key=lambda r: r.id), errors, "\0".join(keys)
