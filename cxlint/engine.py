"""Run compiled rules over an analysed message and produce findings.

Rules are indexed by the lemmas and forms their patterns require, so a message only pays for
rules whose words it contains: ten times the rules costs little more.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import compress
from operator import eq

from . import morph, placeholders
from .bits import TokenBits
from .doc import ABBREVIATIONS as ABBR
from .doc import Doc, analyze, mask
from .finding import Finding, Suggestion
from .kinds import pattern as pm
from .kinds.text import TextMatch
from .matcher import Compiled, compile_pattern
from .render import _render, _tables, _templatish
from .rules import SEVERITIES, Rule
from .sentences import SentenceMatches, evict
from .splitter import sentence_spans

# Lemmas so frequent that a pattern anchored on them would be tried in nearly every message.
_COMMON = frozenset("не ни мы вы я он она они это быть мочь в на с и а но что как по за к о от до для".split())


class RuleSet:
    """Rules compiled into an index. Every distinct token test a pattern requires (a lemma or its
    alternatives with their grammemes, a part of speech, a form) gets a bit; a word form's bits,
    cached, say which tests it passes; a sentence's bits are the OR of its tokens'. A pattern is
    tried only when the sentence has all its bits, and only at the tokens that pass its anchor's
    test, so ten times the rules costs little more."""

    def __init__(self, rules: list[Rule], severity: dict[str, str] | None = None, render=None, options=None):
        self.render = render  # slots of rewrites in the repository's slot format; None keeps «[срок]»
        self.options = options or {}  # rule options from config, e.g. placeholder-names
        # raw-text kinds, each with its options: the rule's defaults, then the configured values
        self._text = [
            (r, {k: v["default"] for k, v in r.options.items()} | self.options) for r in rules if r.check is not None
        ]
        self.rules = rules
        self.severity = {r.id: (severity or {}).get(r.id, r.severity) for r in rules}
        self.bits = bits = TokenBits()
        self.sentence = bits.sentence
        # anchor bit → the patterns anchored there: (pattern id, bits) and (pattern id, bits, entity keys),
        # made into tuples once every rule is in
        self._by_bit: dict[int, tuple[list[tuple[int, int]], list[tuple[int, int, tuple]]]] = {}
        self._always: list[tuple[int, int, tuple]] = []
        self._anchors = 0  # the bits rule patterns anchor on
        self._pid: dict[int, int] = {}  # id(pattern) → pattern id, for rule patterns and conditions alike
        patterns: list[pm.Pattern] = []
        self._needs: list[tuple[int, tuple]] = []  # pattern id → (token bits, entity key sets)
        self._anchor: list[int | None] = []  # pattern id → the bit of its rarest required spec
        self._reads_entities: list[bool] = []  # pattern id → has it an entity spec (even an optional one)
        self._rule_pids: set[int] = set()

        by_key: dict[tuple, int] = {}  # equal patterns of different rules are matched once
        spec_keys: dict[int, tuple] = {}  # id(spec) → spec.key: compiled rules share equal specs

        def spec_key(s: pm.Spec) -> tuple:
            k = spec_keys.get(id(s))
            if k is None:
                k = spec_keys[id(s)] = s.key
            return k

        bit = bits.bit
        index_keys: dict[int, frozenset[str]] = {}  # id(spec) → its index keys

        def indexable(s: pm.Spec) -> frozenset[str]:
            ks = index_keys.get(id(s))
            if ks is None:
                ks = index_keys[id(s)] = s.indexable
            return ks

        # pattern id → the pattern compiled against the bits, when first searched for
        self._compiled: list[Compiled | None] = []

        def add(p: pm.Pattern, rule: bool) -> int:
            if id(p) in self._pid:
                return self._pid[id(p)]
            key = tuple(map(spec_key, p.specs))
            pid = by_key.get(key)
            if pid is not None:
                self._pid[id(p)] = pid
                if rule and pid not in self._rule_pids:
                    self._rule_pids.add(pid)
                    self._index_rule(pid)
                return pid
            mask, ents, anchor = 0, [], anchor_of(p)
            for s in p.specs:
                ks = indexable(s)
                if not ks:
                    continue
                if s.what == "entity":
                    ents.append(ks)  # entities are found only when a message may need them
                    continue
                mask |= bit(s)
            pid = self._pid[id(p)] = by_key[key] = len(patterns)
            patterns.append(p)
            self._compiled.append(None)
            for s in p.specs:
                bits.bits_of(s)
            self._needs.append((mask, tuple(ents)))
            self._reads_entities.append(any(map(_reads_entities, p.specs)))
            self._anchor.append(None if anchor is None else bit(anchor))
            if rule:
                self._rule_pids.add(pid)
                self._index_rule(pid)
            return pid

        def anchor_of(p: pm.Pattern) -> pm.Spec | None:  # the rarest token spec a pattern requires
            anchor, rarest = None, 3
            for s in p.specs:
                ks = indexable(s)
                if ks and s.what != "entity":
                    rarity = _rarity(ks)
                    if rarity < rarest:
                        anchor, rarest = s, rarity
            return anchor

        # The bits most often tested get the lowest places: an operation on Python ints costs what
        # the narrower operand's width does, and with ten times the rules there are thousands of
        # bits. Anchors first (the rule index and each search test them at every token), then the
        # other specs patterns require, then the rest.
        every = [p for r in rules for c in (r.unless, r.when) if c is not None for p in (*c.sentence, *c.message)]
        every = [p for r in rules for p in r.patterns] + every
        for p in every:
            a = anchor_of(p)
            if a is not None:
                bit(a)
        for p in every:
            for s in p.specs:
                if indexable(s) and s.what != "entity":
                    bit(s)

        self._rule_of: dict[int, list[Rule]] = {}  # pattern id → the rules it belongs to, in rule order
        for r in rules:
            for p in r.patterns:
                self._rule_of.setdefault(add(p, True), []).append(r)
            for cond in (r.unless, r.when):
                for p in (*cond.sentence, *cond.message) if cond is not None else ():
                    add(p, False)
        bits.seal()
        # anchor bit → the ids of the patterns anchored there and the bits they need, apart, for
        # rule_candidates() to test them all in C; and those that need entities too
        self._by_bit = {b: (tuple(p for p, _ in plain), tuple(n for _, n in plain), we)
                        for b, (plain, we) in self._by_bit.items()}  # fmt: skip
        self._conditions: dict[int, tuple[tuple, tuple]] = {}  # id(a condition's pattern list) → its patterns
        self.matches = SentenceMatches(patterns, self)

    def _index_rule(self, pid: int) -> None:
        need, ents = self._needs[pid]
        anchor = self._anchor[pid]
        if anchor is None:
            self._always.append((pid, need, ents))
            return
        plain, with_entities = self._by_bit.setdefault(anchor, ([], []))
        if self._reads_entities[pid]:
            with_entities.append((pid, need, ents))
        else:
            plain.append((pid, need))
        self._anchors |= anchor

    def is_rule(self, pid: int) -> bool:
        return pid in self._rule_pids

    def compiled(self, pid: int) -> Compiled:
        """Pattern ``pid`` compiled against the bits (made on first use: a cold start reads few)."""
        c = self._compiled[pid]
        if c is None:
            c = self._compiled[pid] = compile_pattern(self.matches.patterns[pid], self.bits.bit, self.bits.common)
        return c

    def reads_entities(self, pid: int) -> bool:
        """Does pattern ``pid`` read a sentence's entities? One that does not reads its tokens'
        bits alone, so sentences whose tokens carry the same bits match it alike."""
        return self._reads_entities[pid]

    def rule_candidates(self, have: int) -> tuple[list[int], list[tuple[int, tuple]]]:
        """The rule patterns a sentence whose tokens carry ``have`` may match, as the ids of those
        that read only the bits and whose every required spec some token passes, and (id, entity
        key sets) of those that read entities too and whose token specs some token passes: which of
        these match depends on the sentence's entities, not on its bits alone."""
        out: list[int] = []
        rest = have & self._anchors
        maybe = list(self._always)
        by_bit = self._by_bit
        while rest:
            low = rest & -rest
            rest ^= low
            pids, needs, with_entities = by_bit[low]
            out += compress(pids, map(eq, map(have.__and__, needs), needs))  # every needed bit had, in C
            if with_entities:
                maybe += with_entities
        later: list[tuple[int, tuple]] = []
        reads = self._reads_entities
        for pid, need, ents in maybe:
            if need & have == need:
                if reads[pid]:
                    later.append((pid, ents))
                else:
                    out.append(pid)
        return out, later

    def condition_patterns(self, patterns: list[pm.Pattern]) -> tuple[tuple, tuple]:
        """The patterns of a condition as (pattern id, token bits it needs), those that read only
        bits apart from those that read entities too; remembered."""
        key = id(patterns)
        found = self._conditions.get(key)
        if found is None:
            pairs = [(self._pid[id(p)], self._needs[self._pid[id(p)]][0]) for p in patterns]
            reads = self._reads_entities
            found = self._conditions[key] = (
                tuple(x for x in pairs if not reads[x[0]]),
                tuple(x for x in pairs if reads[x[0]]),
            )
        return found

    def requires(self, pid: int) -> tuple[int, tuple]:
        """What pattern ``pid`` needs of a sentence: the bits of its token specs, and its entities'
        key sets (one key of each)."""
        return self._needs[pid]

    def make(self, pid: int, rule: Rule, ms: list[tuple], sent, text: str, masked: str, alone) -> tuple:
        """The findings of ``rule`` for the matches ``ms`` (matcher.find()'s tuples) of its pattern
        ``pid`` in a sentence (read as ``sent``, its ``text`` and ``masked`` text), as
        sentences._findings() reads them. ``alone()`` is the sentence analysed.

        A finding reads the tokens of its match and nothing else of the sentence but whether only
        punctuation stands before the match: so it is made once per rule and pattern, text and
        tokens of the match, and placed where the match stands («не можем» in a thousand replies)."""
        starts, ends = sent._offsets()
        each = sent.each
        punct = self.bits.common.punct
        memory = self.matches
        made = memory.made
        out: list = [pid, rule.id]
        doc = None
        for m in ms:
            a, b, caps = m
            r0, r1 = starts[a], ends[b - 1]
            key = (
                pid, rule.id, text[r0:r1], None if masked is text else masked[r0:r1],
                tuple(x - r0 for x in starts[a:b]), tuple(x - r0 for x in ends[a:b]),
                tuple((n, x - a, y - a) for n, (x, y) in caps), all(map(punct.__and__, each[:a])),
            )  # fmt: skip
            piece = made.get(key)
            if piece is None:
                if doc is None:
                    doc = alone()
                f = self._finding(rule, doc, pm.Match.of(m))
                piece = () if f is None else _piece(f, r0)
                if len(made) >= memory.limit:
                    evict(made)
                made[key] = piece
            if piece:
                out += _moved(piece, r0)
        return tuple(out)

    def _finding(self, rule: Rule, doc: Doc, m: pm.Match) -> Finding | None:
        f = _finding(rule, self.severity[rule.id], doc, m)
        if f is not None and self.render is not None:
            f.suggestions = [replace(s, replacement=self.render(s.replacement)) for s in f.suggestions]
        return f

    def check(self, doc: Doc) -> list[Finding]:
        """The findings of an analysed message."""
        return self._check(self.matches.of(doc), doc, lambda: doc)

    def check_text(self, text: str, syntax: placeholders.Syntax = placeholders.DEFAULT) -> list[Finding]:
        """The findings of a message, analysed only as far as the rules ask: it is cut into
        sentences from the text around each gap where one may end, and a sentence seen before is
        not analysed again."""
        phs = placeholders.find(text, syntax)
        masked = mask(text, phs)
        spans = sentence_spans(masked, text, frozenset(p.start for p in phs if p.slot) if phs else frozenset())
        if spans is None:
            return self.check(analyze(text, syntax))
        matches = self.matches.of_spans(text, masked, phs, spans)
        doc: list[Doc] = []

        def whole() -> Doc:  # the message analysed in full, for the few checks that read all of it
            if not doc:
                doc.append(analyze(text, syntax))
            return doc[0]

        return self._check(matches, _Text(text, phs), whole)

    def _check(self, matches, message, whole) -> list[Finding]:
        found: dict[str, list[Finding]] = {}
        rules: dict[str, Rule] = {}
        memo: dict = {"matches": matches, "index": self}
        rule_of = self._rule_of
        for pid, rule in ((p, r) for p in sorted(matches.present) for r in rule_of[p]):
            for si in matches.where[pid]:
                if _suppressed(rule, si, memo):  # conditions read the sentence, not the match
                    continue
                fs = matches.findings(pid, rule, si, self.make)
                if fs:
                    found.setdefault(rule.id, []).extend(fs)
                    rules[rule.id] = rule
        for rule, opts in self._text:
            for f in _text_findings(rule, self.severity[rule.id], message, whole, opts, self.render, memo):
                found.setdefault(rule.id, []).append(f)
                rules[rule.id] = rule
        out: list[Finding] = []
        for rid, fs in found.items():
            rule = rules[rid]
            if rule.unless.rules and any(
                {other, rules[other].category} & rule.unless.rules for other in found if other != rid
            ):
                continue  # another rule already says it, with its own fix
            out.extend(_distinct(fs, rule, matches.sentence_at))
        out.sort(key=lambda f: (f.start, f.end, f.rule))
        return out


class _Text:
    """What the raw-text kinds read of a message: its text and placeholders."""

    __slots__ = ("placeholders", "text")

    def __init__(self, text: str, phs: list):
        self.text = text
        self.placeholders = phs


def _piece(f: Finding, by: int) -> tuple:
    """A finding as a flat tuple (as sentences._findings() reads them), offsets ``by`` characters back."""
    out: list = [f.rule, f.category, f.severity, f.message, f.start - by, f.end - by, f.text, len(f.suggestions)]
    for x in f.suggestions:
        out += (x.start - by, x.end - by, x.replacement, x.safety, x.description)
    return tuple(out)


def _moved(piece: tuple, by: int) -> tuple | list:
    """A _piece() placed ``by`` characters on."""
    if not by:
        return piece
    out = list(piece)
    out[4] += by
    out[5] += by
    for i in range(8, 8 + 5 * piece[7], 5):
        out[i] += by
        out[i + 1] += by
    return out


def _reads_entities(s: pm.Spec) -> bool:
    return s.what == "entity" or any(map(_reads_entities, s.exclude))


def _rarity(keys: frozenset[str]) -> int:
    """How often a key set is met in replies, roughly: parts of speech and token kinds are
    everywhere, a few function words nearly so, any other lemma is rare."""
    if all(k.startswith("\0") for k in keys):
        return 2
    return 1 if keys & _COMMON else 0


def _distinct(fs: list[Finding], rule: Rule, sentence_at) -> list[Finding]:
    """One finding per span, none nested in another of the same rule; with ``once``, the first
    in the message or in each sentence."""
    fs.sort(key=lambda f: (f.start, -f.end))
    kept: list[Finding] = []
    seen_sents: set[int] = set()
    for f in fs:
        if any(k.start < f.end and f.start < k.end for k in kept):
            continue  # nested in or overlapping an earlier, longer finding of the same rule
        if rule.once == "message" and kept:
            break
        if rule.once == "sentence":
            sent = sentence_at(f.start)
            if sent in seen_sents:
                continue
            seen_sents.add(sent)
        kept.append(f)
    return kept


def _suppressed(rule: Rule, si: int, memo: dict) -> bool:
    """Is a match of ``rule`` in sentence ``si`` kept quiet by its conditions?"""
    if _holds(rule.unless, si, memo):
        return True
    return rule.when is not None and not _holds(rule.when, si, memo)


def _holds(u, si: int, memo: dict) -> bool:
    """Does any of the conditions hold around a match in sentence ``si``? ``memo`` keeps, per
    message, what does not depend on the match: many matches of many rules ask the same question."""
    key = id(u)
    whole = memo.get(key)
    matches = memo["matches"]
    if whole is None:
        if matches.known_to_hold(u, si):
            return True  # the sentence answers from memory: the message need not be read
        pats = memo["index"].condition_patterns(u.message)

        def part(si: int) -> bool:  # a pattern or a fact in one sentence
            return matches.any_in_sentence(pats, si) or (bool(u.has) and matches.has_fact(u.has, si))

        whole = memo[key] = bool(u.has or u.message) and matches.message_holds(u, part)
    if whole:
        return True
    if not u.sentence_has and not u.sentence:
        return False

    def test(sent, si: int) -> bool:  # on the sentence alone: its entities, placeholders, patterns
        if u.sentence_has:
            if any(not u.sentence_has.isdisjoint(e.names) for e in sent.entities):
                return True
            if any(p.fact in u.sentence_has for p in sent.placeholders):
                return True
        return matches.any_in_sentence(memo["index"].condition_patterns(u.sentence), si)

    return matches.sentence_holds(u, si, test)


def _span(doc: Doc, a: int, b: int) -> tuple[int, int]:
    return doc.tokens[a].start, doc.tokens[b - 1].end


def _finding(rule: Rule, severity: str, doc: Doc, m: pm.Match) -> Finding | None:
    a, b = m.captures.get(rule.report, (m.start, m.stop)) if rule.report else (m.start, m.stop)
    # A finding never covers a placeholder: keep the part of the span before it (or after it).
    toks = doc.tokens
    ph = [i for i in range(a, b) if toks[i].kind == "ph"]
    trimmed = bool(ph)
    if ph:
        a, b = (a, ph[0]) if ph[0] > a else (ph[-1] + 1, b)
        while b > a and toks[b - 1].kind == "punct":
            b -= 1
        if b <= a:
            return None
    start, end = _span(doc, a, b)
    fix_span = (start, end)
    while b - a > 1 and toks[b - 1].kind == "punct" and toks[b - 1].text in _TRAILING and toks[b - 2].norm not in ABBR:
        b -= 1  # «…деньги наличными.»: the full stop is not what is wrong (but «руб.» keeps its dot)
    start, end = _span(doc, a, b)
    values = {"match": doc.text[start:end]}
    for name, (x, y) in m.captures.items():
        values[name] = doc.text[toks[x].start : toks[y - 1].end] if y > x else ""
    msg = _render(rule.message, values, doc, m, _tables(rule))[0]
    f = Finding(rule.id, rule.category, severity, msg, start, end, doc.text[start:end])
    if rule.fix is not None:
        s = _suggestion(rule, doc, m, values, fix_span, trimmed)
        if s is not None:
            f.suggestions.append(s)
    return f


_TRAILING = frozenset([".", ",", ";", ":", "!", "?", "…", "—", "–", "-", "...", "!!", "?!"])


def _suggestion(rule: Rule, doc: Doc, m: pm.Match, values: dict, span, trimmed: bool) -> Suggestion | None:
    fx = rule.fix
    displayed_only = trimmed
    if fx.target and fx.target in m.captures:
        start, end = _span(doc, *m.captures[fx.target])
    else:
        # without its target the rewrite is still worth showing, placed over the whole match
        displayed_only = displayed_only or bool(fx.target)
        start, end = span
    text, ok = _render(fx.replace, values, doc, m, fx.tables)
    if displayed_only and fx.target and text[:1].isspace():
        text = doc.text[start:end] + text  # an appending rewrite shown over the whole match keeps it
    touches_placeholder = any(p.start < end and start < p.end for p in doc.placeholders if p.slot is None)
    touches_placeholder = touches_placeholder or _templatish(doc.text[start:end])
    # the rewrite was written for the whole match: on a span cut short by a placeholder, only show it
    safety = fx.safety if ok and not touches_placeholder and not displayed_only else "display"
    if doc.text[start:end][:1].isupper():
        text = morph.match_case(doc.text[start:end], text)
    return Suggestion(start, end, text, safety, fx.description)


def _text_findings(rule: Rule, severity: str, message, whole, options: dict, render, memo: dict) -> list[Finding]:
    """Findings of a raw-text kind (kinds.TEXT_KINDS): character spans, no token captures. They read
    ``message``'s text and placeholders; ``whole()`` is the message analysed, asked for only when
    one is found."""
    out = []
    for tm in rule.check.find(message, options):
        doc = whole()
        m = _token_match(doc, tm)
        if m is not None and _suppressed(rule, doc.tokens[m.start].sent, memo):
            continue
        values = {"match": doc.text[tm.start : tm.end], **tm.captures}
        m = m or pm.Match(0, 0, {})
        msg = _render(rule.message, values, doc, m)[0]
        f = Finding(rule.id, rule.category, severity, msg, tm.start, tm.end, doc.text[tm.start : tm.end])
        if rule.fix is not None:
            text, ok = _render(rule.fix.replace, values, doc, m, rule.fix.tables)
            if text and text != f.text:
                safety = rule.fix.safety if ok and not _templatish(f.text + text) else "display"
                text = render(text) if render is not None else text
                f.suggestions.append(Suggestion(tm.start, tm.end, text, safety, rule.fix.description))
        out.append(f)
    return out


def _token_match(doc: Doc, tm: TextMatch) -> pm.Match | None:
    """The tokens a character span covers, so ``unless``/``when`` work for raw-text kinds too."""
    toks = [i for i, t in enumerate(doc.tokens) if t.start < tm.end and tm.start < t.end]
    return pm.Match(toks[0], toks[-1] + 1, {}) if toks else None


def worst(findings: list[Finding]) -> int:
    """The highest severity index among findings, or -1."""
    return max((SEVERITIES.index(f.severity) for f in findings), default=-1)
