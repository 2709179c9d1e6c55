"""pymorphy3, loaded once and cached per word form.

Rules match against *all* parses of a word, not only the first: «данной» parses first as a
participle of «дать», «мочь» first as a noun. A parse is reduced to (lemma, grammemes) with «ё»
folded to «е», which is all a rule reads.
"""

from __future__ import annotations

from functools import lru_cache, update_wrapper

from .once import once

Parse = tuple[str, frozenset[str]]  # (lemma with ё→е, grammemes including the POS)


@once
def analyzer():
    """The shared MorphAnalyzer; its dictionaries are read-only, so threads may share it. Its
    dictionary is named by path: left to find it, pymorphy3 reads the entry points of every
    installed package (importlib.metadata), a fifth of a cold start."""
    import pymorphy3
    import pymorphy3_dicts_ru

    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")


def fold(s: str) -> str:
    return s.lower().replace("ё", "е")


def _kept(limit: int):
    """Remember what a function of one word gives, in a plain dict of at most ``limit`` words,
    emptied when full. lru_cache keeps a linked-list node per word, which the garbage collector
    watches: with the caches of words it walked 10,000 more objects in every full collection of a
    long-running check, a third of the collection's time."""

    def wrap(fn):
        memo: dict = {}

        def kept(word):
            found = memo.get(word)
            if found is None:
                if len(memo) >= limit:
                    memo.clear()
                found = memo[word] = fn(word)
            return found

        return update_wrapper(kept, fn)

    return wrap


@_kept(200_000)
def parses(word: str) -> tuple[Parse, ...]:
    """All parses of a lower-cased, ё-folded word form."""
    seen: dict[Parse, None] = {}
    try:
        found = analyzer().parse(word)
    except (ValueError, KeyError):  # pymorphy3 asks unicodedata for names some letters lack
        return ()
    for p in found:
        seen.setdefault((p.normal_form.replace("ё", "е"), frozenset(p.tag.grammemes)), None)
    return tuple(seen)


POS = frozenset(
    {
        "NOUN",
        "ADJF",
        "ADJS",
        "COMP",
        "VERB",
        "INFN",
        "PRTF",
        "PRTS",
        "GRND",
        "NUMR",
        "ADVB",
        "NPRO",
        "PRED",
        "PREP",
        "CONJ",
        "PRCL",
        "INTJ",
        "LATN",
        "UNKN",
        "NUMB",
        "ROMN",
        "PNCT",
    }
)


@_kept(200_000)
def word_info(norm: str) -> tuple[tuple[Parse, ...], frozenset[str], frozenset[str]]:
    """Parses, lemmas and index keys (form, lemmas, parts of speech) of a folded word form."""
    ps = parses(norm)
    lemmas = frozenset(lemma for lemma, _ in ps)
    keys = {norm, *lemmas, "\0kind:word"}
    for _, gram in ps:
        keys.update("\0pos:" + g for g in gram & POS)
    return ps, lemmas, frozenset(keys)


def lemmas(w: str) -> frozenset[str]:
    return word_info(fold(w))[1]


def is_known_lemma(lemma: str) -> bool:
    """True if pymorphy3 produces ``lemma`` as the normal form of some parse of itself.

    A rule naming «деньги» (pymorphy3 says «деньга») would silently never fire.
    """
    return fold(lemma) in lemmas(lemma)


def suggest_lemma(word: str) -> str | None:
    ls = sorted(lemmas(word))
    return ls[0] if ls else None


@_kept(200_000)
def is_known_form(word: str) -> bool:
    """True if the form is in the dictionary (not guessed by pymorphy3's predictors)."""
    return any(analyzer().word_is_known(w) for w in {word.lower(), fold(word)})


def inflect(word: str, grammemes: set[str], lemma: str | None = None, pos: str | None = None) -> str | None:
    return _inflect(word, frozenset(grammemes), lemma, pos)


@lru_cache(maxsize=50_000)
def _inflect(word: str, grammemes: frozenset[str], lemma: str | None, pos: str | None) -> str | None:
    """``word`` inflected to ``grammemes``; the parse is picked by lemma and POS when given.

    Returns None when no parse can take the form, so callers can downgrade a fix instead of
    writing bad Russian.
    """
    try:
        found = analyzer().parse(word.lower())
    except (ValueError, KeyError):
        return None
    for p in found:
        if lemma and p.normal_form.replace("ё", "е") != fold(lemma):
            continue
        if pos and p.tag.POS != pos:
            continue
        f = p.inflect(set(grammemes))
        if f is not None:
            return match_case(word, f.word)
    return None


def match_case(model: str, word: str) -> str:
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
