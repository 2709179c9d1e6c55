"""Rules as data: load YAML, validate it with file:line errors, compile patterns once.

The format is documented in docs/rules-format.md; every key read here is listed there.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import morph
from .kinds import TEXT_KINDS
from .kinds.pattern import Pattern, Spec, word_spec
from .yamlio import InputError, Node

# The categories of SPEC, in its order, each with what is wrong in one line (the rule docs' index
# says it; SPEC and README keep the longer table with typical phrases).
CATEGORY_DESCRIPTIONS = {
    "negative": "The reply leads with what cannot be done.",
    "timeline": "A problem, promise or wait with no concrete time, or a vague one.",
    "pricing": "A price the customer cannot rely on.",
    "blame": "The customer is made responsible.",
    "refusal": "A «no» with no alternative, next step or owner anywhere in the message.",
    "bureaucratese": "Канцелярит and hidden actors that make the reply sound like a robot.",
    "template": "A broken reply template: an unfilled slot, an unknown or malformed placeholder.",
}
CATEGORIES = tuple(CATEGORY_DESCRIPTIONS)
SEVERITIES = ("suggestion", "warning", "error")  # ordered: a higher index is more severe
SAFETIES = ("display", "unsafe", "safe")
FACTS = frozenset({"time", "money", "percent", "alternative", "owner", "reason", "includes"})
ENTITY_KINDS = FACTS | {
    f"{kind}.{sub}"
    for kind, subs in {
        "time": ("date", "clock", "range", "weekday", "relative", "duration", "bound"),
        "money": ("amount", "range"),
    }.items()
    for sub in subs
}
TOKEN_KINDS = frozenset({"word", "num", "punct", "ph", "slot", "url"})
_ID = re.compile(r"^([a-z]+)\.[a-z0-9]+(?:-[a-z0-9]+)*$")

RULE_KEYS = {
    "id",
    "title",
    "severity",
    "message",
    "why",
    "match",
    "unless",
    "when",
    "report",
    "fix",
    "examples",
    "once",
    "options",
}
UNLESS_KEYS = {"sentence", "message", "has", "sentence_has", "rules"}
FIX_KEYS = {"safety", "replace", "target", "description", "tables"}
OPTION_KEYS = {"default", "description"}
SPEC_KEYS = {
    "lemma",
    "form",
    "pos",
    "tags",
    "not_tags",
    "kind",
    "negated",
    "not",
    "optional",
    "capture",
    "repeat",
    "skip",
    "punct",
    "entity",
    "start",
    "known",
}


@dataclass
class Example:
    text: str  # with [[…]] markers removed
    bad: bool
    spans: list[tuple[int, int]]  # the spans a bad example must report, if marked
    fixed: str | None
    line: int
    options: dict = field(default_factory=dict)  # option values this example runs with


@dataclass
class Unless:
    sentence: list[Pattern] = field(default_factory=list)
    message: list[Pattern] = field(default_factory=list)
    has: frozenset[str] = frozenset()
    sentence_has: frozenset[str] = frozenset()
    rules: frozenset[str] = frozenset()  # silent when one of these rules (ids or categories) fires


@dataclass
class FixSpec:
    safety: str
    replace: str
    target: str | None = None
    description: str = ""
    tables: dict[str, dict[str, str]] = field(default_factory=dict)  # {noun>verbs}: lemma → word


@dataclass
class Rule:
    id: str
    category: str
    severity: str
    title: str
    message: str
    why: str
    patterns: list[Pattern]
    unless: Unless
    report: str | None
    fix: FixSpec | None
    examples: list[Example]
    path: str
    builtin: bool = True
    once: str | None = None  # "message" | "sentence": report only the first match there
    when: Unless | None = None  # fire only where one of these holds
    options: dict[str, dict] = field(default_factory=dict)  # documented inputs: name → {default, description}
    check: object | None = None  # a raw-text kind (kinds.TEXT_KINDS) instead of token patterns

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]

    def condition_patterns(self) -> list[Pattern]:
        """The patterns of its conditions: unless, then when; each's sentence, then message."""
        return [p for c in (self.unless, self.when) if c is not None for p in (*c.sentence, *c.message)]


class _Ctx:
    def __init__(self, path: Path):
        self.path = path

    def err(self, line: int | None, msg: str):
        raise InputError(self.path, line, msg)


def _close(word: str, options) -> str:
    near = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean {near[0]!r}?)" if near else ""


def _strs(ctx: _Ctx, value, line: int, what: str) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(x, str | int) and not isinstance(x, bool) for x in items):
        ctx.err(line, f"{what} must be a string or a list of strings")
    return [str(x) for x in items]


def _lemma_of(word: str) -> str:
    ps = morph.parses(word)
    return ps[0][0] if ps else word


def compile_spec(ctx: _Ctx, raw, line: int, captures: set[str]) -> Spec:
    if isinstance(raw, str):
        return word_spec(raw, _lemma_of)
    if not isinstance(raw, Node):
        ctx.err(line, f"a token spec must be a mapping or a word, not {type(raw).__name__}")
    line = raw.line
    for k in raw:
        if k not in SPEC_KEYS:
            ctx.err(raw.line_of(k), f"unknown token key {k!r}{_close(str(k), SPEC_KEYS)}")
    s = Spec()
    if "skip" in raw:
        n = raw["skip"]
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 20:
            ctx.err(line, "skip takes a whole number from 1 to 20")
        s.what, s.max, s.punct = "skip", n, bool(raw.get("punct", False))
    elif "entity" in raw:
        s.what = "entity"
        s.kinds = frozenset(_strs(ctx, raw["entity"], line, "entity"))
        if bad := s.kinds - ENTITY_KINDS:
            ctx.err(line, f"unknown entity {sorted(bad)[0]!r}; known: {', '.join(sorted(ENTITY_KINDS))}")
    elif raw.get("start"):
        s.what = "start"
    if "lemma" in raw:
        lemmas = [morph.fold(x) for x in _strs(ctx, raw["lemma"], line, "lemma")]
        for lemma in lemmas:
            if not morph.is_known_lemma(lemma):
                hint = morph.suggest_lemma(lemma)
                ctx.err(
                    raw.line_of("lemma"),
                    f"pymorphy3 never produces the lemma {lemma!r}"
                    + (f"; it lemmatises {lemma!r} as {hint!r}" if hint else ""),
                )
        s.lemmas = frozenset(lemmas)
    if "form" in raw:
        s.forms = frozenset(morph.fold(x) for x in _strs(ctx, raw["form"], line, "form"))
    known = morph.analyzer().TagClass.KNOWN_GRAMMEMES
    for key in ("pos", "tags", "not_tags"):
        if key in raw:
            vals = _strs(ctx, raw[key], line, key)
            for g in vals:
                if g not in known:
                    ctx.err(raw.line_of(key), f"unknown grammeme {g!r}{_close(g, known)}")
            setattr(s, key, frozenset(vals))
    if "kind" in raw:
        s.kinds = frozenset(_strs(ctx, raw["kind"], line, "kind"))
        if bad := s.kinds - TOKEN_KINDS:
            ctx.err(line, f"unknown token kind {sorted(bad)[0]!r}; known: {', '.join(sorted(TOKEN_KINDS))}")
    if "negated" in raw:
        s.negated = bool(raw["negated"])
    if "known" in raw:
        s.known = bool(raw["known"])
    if "not" in raw:
        items = raw["not"] if isinstance(raw["not"], list) else [raw["not"]]
        s.exclude = tuple(compile_spec(ctx, x, line, set()) for x in items)
    s.optional = bool(raw.get("optional", False))
    if "repeat" in raw:
        if not isinstance(raw["repeat"], int) or raw["repeat"] < 1:
            ctx.err(line, "repeat takes a whole number ≥ 1")
        s.max = raw["repeat"]
    if "capture" in raw:
        name = raw["capture"]
        if not isinstance(name, str) or not name.isidentifier() or name == "match":
            ctx.err(line, f"capture must be a name like 'action', not {name!r}")
        captures.add(name)
        s.capture = name
    return s


def compile_patterns(ctx: _Ctx, raw, line: int, captures: set[str]) -> list[Pattern]:
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        ctx.err(line, "at least one pattern is needed")
    out = []
    for item in items:
        if isinstance(item, str):
            words = item.split()
            if not words:
                ctx.err(line, "an empty pattern")
            specs = [word_spec(w, _lemma_of) for w in words]
        elif isinstance(item, list) and item:
            specs = [compile_spec(ctx, x, getattr(item, "line", line), captures) for x in item]
        else:
            ctx.err(getattr(item, "line", line), "a pattern is a phrase string or a non-empty list of token specs")
        if all(s.what == "skip" or s.optional for s in specs):
            ctx.err(getattr(item, "line", line), "a pattern must have at least one required token")
        out.append(Pattern(specs, item if isinstance(item, str) else ""))
    return out


_MARK = re.compile(r"\[\[(.+?)\]\](?!\])", re.S)


def _example(ctx: _Ctx, raw, line: int) -> Example:
    if not isinstance(raw, Node) or len({"bad", "good"} & set(raw)) != 1:
        ctx.err(getattr(raw, "line", line), "an example is {bad: …} (optionally with fixed: …) or {good: …}")
    extra = set(raw) - {"bad", "good", "fixed", "note", "options"}
    if extra:
        ctx.err(raw.line, f"unknown example key {sorted(extra)[0]!r}")
    bad = "bad" in raw
    src = raw["bad" if bad else "good"]
    if not isinstance(src, str) or not src.strip():
        ctx.err(raw.line, "an example text must be a non-empty string")
    spans, text, pos = [], [], 0
    for m in _MARK.finditer(src):
        text.append(src[pos : m.start()])
        start = sum(map(len, text))
        text.append(m.group(1))
        spans.append((start, start + len(m.group(1))))
        pos = m.end()
    text.append(src[pos:])
    if spans and not bad:
        ctx.err(raw.line, "a good example cannot mark spans with [[…]]")
    fixed = raw.get("fixed")
    if fixed is not None and (not bad or not isinstance(fixed, str)):
        ctx.err(raw.line, "fixed: goes with a bad example and must be a string")
    opts = raw.get("options", {})
    if not isinstance(opts, dict):
        ctx.err(raw.line, "an example's options: map option names to values")
    return Example("".join(text), bad, spans, fixed, raw.line, dict(opts))


# A template field: {name}, {name|grammemes}, a literal word {=этот|=cap}, a table look-up {noun>verbs|=cap}.
# In the grammemes, @cap agrees in person, number and gender with a capture, =cap takes its whole form.
FIELD = re.compile(r"( ?)\{(=[^\W\d_]+|\w+)(?:>(\w+))?(?:\|([\w,@=>]+))?\}")


def _fields(template: str) -> set[str]:
    """The captures a template refers to."""
    names = set()
    for m in FIELD.finditer(template):
        if not m.group(2).startswith("="):
            names.add(m.group(2))
        names.update(g[1:] for g in (m.group(4) or "").split(",") if g[:1] in "@=" and g[1:])
    return names


def _tables(ctx: _Ctx, raw, line: int) -> dict[str, dict[str, str]]:
    """``tables: {verbs: {доставка: доставить, …}}``; both sides must be lemmas pymorphy3 produces."""
    if not isinstance(raw, dict) or not raw or not all(isinstance(t, dict) and t for t in raw.values()):
        ctx.err(line, "tables maps a table name to a mapping of lemmas, like {verbs: {доставка: доставить}}")
    out = {}
    for name, table in raw.items():
        if not str(name).isidentifier():
            ctx.err(line, f"a table name must be a word like 'verbs', not {name!r}")
        out[str(name)] = {}
        for k, v in table.items():
            for word in (k, v):
                if not isinstance(word, str) or not morph.is_known_lemma(morph.fold(word)):
                    hint = morph.suggest_lemma(str(word))
                    ctx.err(
                        table.line_of(k) if isinstance(table, Node) else line,
                        f"table {name}: pymorphy3 never produces the lemma {word!r}"
                        + (f"; it says {hint!r}" if hint else ""),
                    )
            out[str(name)][morph.fold(k)] = v
    return out


def _check_tables(ctx: _Ctx, template: str, tables: dict, line: int) -> None:
    for m in FIELD.finditer(template):
        if m.group(3) and m.group(3) not in tables:
            ctx.err(line, f"replace looks up table {m.group(3)!r}, which fix.tables does not define")


def _options(ctx: _Ctx, raw: Node) -> dict[str, dict]:
    """``options:``: documentation of the inputs a rule reads from config (name → default, description)."""
    if "options" not in raw:
        return {}
    opts = raw["options"]
    if not isinstance(opts, Node) or not opts:
        ctx.err(raw.line_of("options"), "options maps option names to {default: …, description: …}")
    out = {}
    for name, spec in opts.items():
        line = opts.line_of(name)
        if not isinstance(spec, dict) or set(spec) != OPTION_KEYS:
            ctx.err(line, f"option {name!r} needs exactly default and description")
        if not isinstance(spec["description"], str) or not spec["description"].strip():
            ctx.err(line, f"option {name!r}: description must be a non-empty string")
        out[str(name)] = {"default": spec["default"], "description": spec["description"].strip()}
    return out


def _text_kind(ctx: _Ctx, raw: Node, line: int, options: dict):
    """``match: {regex: …}`` or another raw-text kind: a checker instead of token patterns."""
    if len(raw) != 1:
        ctx.err(line, f"match as a mapping names one kind: {', '.join(sorted(TEXT_KINDS))}")
    ((kind, spec),) = raw.items()
    if kind not in TEXT_KINDS:
        ctx.err(line, f"unknown match kind {kind!r}{_close(str(kind), TEXT_KINDS)}")

    def err(msg):
        ctx.err(line, f"{kind}: {msg}")

    check = TEXT_KINDS[kind](spec, err)
    if getattr(check, "option", None) and check.option not in options:
        ctx.err(line, f"{kind}: reads the option {check.option!r}; document it under options:")
    return check


def _conditions(ctx: _Ctx, raw: Node, key: str) -> Unless:
    """``unless:`` (silent when any holds) or ``when:`` (fires only when one holds)."""
    cond = Unless()
    if key not in raw:
        return cond
    u = raw[key]
    allowed = UNLESS_KEYS if key == "unless" else UNLESS_KEYS - {"rules"}
    if not isinstance(u, Node) or not u:
        ctx.err(raw.line_of(key), f"{key} must be a mapping ({', '.join(sorted(allowed))})")
    for k in u:
        if k not in allowed:
            ctx.err(u.line_of(k), f"unknown {key} key {k!r}{_close(str(k), allowed)}")
    for k in ("sentence", "message"):
        if k in u:
            pats = compile_patterns(ctx, u[k], u.line_of(k), set())
            for s in (s for p in pats for s in p.specs if s.what == "skip"):
                s.over_ph = True  # «поступят на счёт %(account)s до 17:00»: the time is still there
            setattr(cond, k, pats)
    for k in ("has", "sentence_has"):
        if k in u:
            facts = frozenset(_strs(ctx, u[k], u.line_of(k), k))
            if bad := facts - ENTITY_KINDS:
                ctx.err(u.line_of(k), f"unknown fact {sorted(bad)[0]!r}; known: {', '.join(sorted(FACTS))}")
            setattr(cond, k, facts)
    if "rules" in u:
        cond.rules = frozenset(_strs(ctx, u["rules"], u.line_of("rules"), "rules"))
        for r in cond.rules:
            if r not in CATEGORIES and not _ID.match(r):
                ctx.err(u.line_of("rules"), f"unless.rules takes rule ids or categories, not {r!r}")
    return cond


def parse_rule(raw, path: Path, builtin: bool = True) -> Rule:
    ctx = _Ctx(path)
    if not isinstance(raw, Node):
        ctx.err(1, "a rule file must be a mapping with id, title, severity, message, why, match, examples")
    for k in raw:
        if k not in RULE_KEYS:
            ctx.err(raw.line_of(k), f"unknown key {k!r}{_close(str(k), RULE_KEYS)}")
    for k in ("id", "title", "severity", "message", "why", "match", "examples"):
        if k not in raw:
            ctx.err(raw.line, f"missing required key {k!r}")
    for k in ("id", "title", "severity", "message", "why"):
        if not isinstance(raw[k], str) or not raw[k].strip():
            ctx.err(raw.line_of(k), f"{k} must be a non-empty string")
    rid = raw["id"]
    m = _ID.match(rid)
    if not m:
        ctx.err(raw.line_of("id"), f"id {rid!r} must look like 'category.name' (lower case, dashes)")
    if m.group(1) not in CATEGORIES:
        ctx.err(raw.line_of("id"), f"unknown category {m.group(1)!r}; categories: {', '.join(CATEGORIES)}")
    if raw["severity"] not in SEVERITIES:
        ctx.err(raw.line_of("severity"), f"severity must be one of {', '.join(SEVERITIES)}")
    captures: set[str] = set()
    options = _options(ctx, raw)
    check = None
    if isinstance(raw["match"], Node):
        check = _text_kind(ctx, raw["match"], raw.line_of("match"), options)
        captures |= check.names()
        patterns = []
    else:
        patterns = compile_patterns(ctx, raw["match"], raw.line_of("match"), captures)
    unless = _conditions(ctx, raw, "unless")
    when = _conditions(ctx, raw, "when") if "when" in raw else None
    once = raw.get("once")
    if once not in (None, "message", "sentence"):
        ctx.err(raw.line_of("once"), "once must be 'message' or 'sentence'")
    report = raw.get("report")
    if report is not None and report not in captures:
        ctx.err(raw.line_of("report"), f"report names {report!r}, which no token spec captures")
    names = captures | {"match"}
    if bad := _fields(raw["message"]) - names:
        ctx.err(raw.line_of("message"), f"message refers to {sorted(bad)[0]!r}, which is not captured")
    fix = None
    if "fix" in raw:
        f = raw["fix"]
        if not isinstance(f, Node) or "safety" not in f or "replace" not in f:
            ctx.err(raw.line_of("fix"), "fix needs safety and replace")
        for k in f:
            if k not in FIX_KEYS:
                ctx.err(f.line_of(k), f"unknown fix key {k!r}{_close(str(k), FIX_KEYS)}")
        if f["safety"] not in SAFETIES:
            ctx.err(f.line_of("safety"), f"safety must be one of {', '.join(SAFETIES)}")
        if not isinstance(f["replace"], str):
            ctx.err(f.line_of("replace"), "replace must be a string")
        if bad := _fields(f["replace"]) - names:
            ctx.err(f.line_of("replace"), f"replace refers to {sorted(bad)[0]!r}, which is not captured")
        tables = _tables(ctx, f["tables"], f.line_of("tables")) if "tables" in f else {}
        _check_tables(ctx, f["replace"], tables, f.line_of("replace"))
        target = f.get("target")
        if target is not None and target not in captures:
            ctx.err(f.line_of("target"), f"target names {target!r}, which no token spec captures")
        fix = FixSpec(f["safety"], f["replace"], target, str(f.get("description", "")), tables)
    ex = raw["examples"]
    if not isinstance(ex, list):
        ctx.err(raw.line_of("examples"), "examples must be a list")
    examples = [_example(ctx, e, getattr(ex, "line", 1)) for e in ex]
    if not any(e.bad for e in examples) or all(e.bad for e in examples):
        ctx.err(raw.line_of("examples"), "a rule needs at least one bad and one good example")
    return Rule(
        rid,
        m.group(1),
        raw["severity"],
        raw["title"].strip(),
        raw["message"].strip(),
        raw["why"].strip(),
        patterns,
        unless,
        report,
        fix,
        examples,
        str(path),
        builtin,
        once,
        when,
        options,
        check,
    )
