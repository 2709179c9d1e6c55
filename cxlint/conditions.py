"""A rule's conditions (``unless``, ``when``) asked of a match: does any of them hold in its
sentence or in its message? Answers are remembered with the sentence (sentences.Matches) and, for
what does not depend on the match, per message."""

from __future__ import annotations

from .rules import Rule


def suppressed(rule: Rule, si: int, memo: dict) -> bool:
    """Is a match of ``rule`` in sentence ``si`` kept quiet by its conditions?"""
    if holds(rule.unless, si, memo):
        return True
    return rule.when is not None and not holds(rule.when, si, memo)


def holds(u, si: int, memo: dict) -> bool:
    """Does any of the conditions hold around a match in sentence ``si``? ``memo`` keeps, per
    message, what does not depend on the match: many matches of many rules ask the same question."""
    matches = memo["matches"]
    if (u.sentence_has or u.sentence) and _in_sentence(u, si, matches, memo["index"]):
        return True  # the sentence alone answers: the message need not be read
    if not (u.has or u.message):
        return False
    key = id(u)
    whole = memo.get(key)
    if whole is None:
        pats = memo["index"].condition_patterns(u.message)

        def part(si: int) -> bool:  # a pattern or a fact in one sentence
            return matches.any_in_sentence(pats, si) or (bool(u.has) and matches.has_fact(u.has, si))

        whole = memo[key] = matches.message_holds(u, part)
    return whole


def _in_sentence(u, si: int, matches, index) -> bool:
    """Does the sentence part of a condition hold in sentence ``si``?"""
    return matches.sentence_holds(u, si, _sentence_test, index)


def _sentence_test(u, sent, si: int, matches, index) -> bool:
    """The sentence part of condition ``u`` on sentence ``si`` alone (read as ``sent``): its
    entities, placeholders, patterns."""
    if u.sentence_has:
        if any(not u.sentence_has.isdisjoint(e.names) for e in sent.entities):
            return True
        if any(p.fact in u.sentence_has for p in sent.placeholders):
            return True
    return matches.any_in_sentence(index.condition_patterns(u.sentence), si)
