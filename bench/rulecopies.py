"""Synthetic copies of the shipped rules, for the rule-scaling figure.

Each copy keeps a rule's shape (token specs, conditions, captures, fix) but has every lemma and
word form replaced by another real Russian word of the same part of speech that pymorphy3 knows,
drawn from the corpus and different for every copy: the copies are valid rules, cost what the
originals cost to match, and do not fire on the originals' words.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_WORD = re.compile(r"^[а-яё]+$")


def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _h(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big")


class Vocabulary:
    """Replacement lemmas and forms by part of speech, none of them used by the shipped rules."""

    def __init__(self, used: set[str]):
        from cxlint import morph

        m = _morph()
        self.m = m
        lemmas: dict[str, set[str]] = {}
        forms: dict[str, set[str]] = {}
        for name in ("replies.jsonl", "holdout.jsonl", "blind.jsonl"):
            for ln in (ROOT / "tests" / "corpus" / name).read_text(encoding="utf-8").splitlines():
                for w in re.findall(r"[а-яё]+", json.loads(ln)["text"].lower()):
                    if len(w) < 4 or w in used:
                        continue
                    p = m.parse(w)[0]
                    if p.tag.POS is None or p.normal_form in used:
                        continue
                    forms.setdefault(p.tag.POS, set()).add(w)
                    if morph.is_known_lemma(p.normal_form):
                        lemmas.setdefault(m.parse(p.normal_form)[0].tag.POS or p.tag.POS, set()).add(p.normal_form)
        self.lemmas = {k: sorted(v) for k, v in lemmas.items()}
        self.forms = {k: sorted(v) for k, v in forms.items()}

    def swap(self, word: str, copy: int, lemma: bool) -> str:
        w = word.lower().replace("ё", "е")
        if not _WORD.match(w):
            return word  # punctuation, numbers, symbols: kept
        pos = self.m.parse(w)[0].tag.POS
        pool = (self.lemmas if lemma else self.forms).get(pos) or (self.lemmas if lemma else self.forms)["NOUN"]
        return pool[(_h(w) + copy * 104_729) % len(pool)]


def _used_words(rules: list[dict]) -> set[str]:
    out: set[str] = set()

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k in ("lemma", "form"):
                    out.update(str(s).lower() for s in (v if isinstance(v, list) else [v]))
                else:
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str):
            out.update(re.findall(r"[а-яё]+", x.lower()))

    for r in rules:
        walk(r.get("match"))
        walk(r.get("unless"))
        walk(r.get("when"))
    return out


def _phrase(s: str, copy: int, voc: Vocabulary) -> str:
    """A phrase pattern or a one-word spec: ``=form|form``, ``lemma|lemma``, ``...``, ``*``, ``word?``."""
    out = []
    for w in s.split():
        opt = "?" if w.endswith("?") and len(w) > 1 else ""
        w = w.removesuffix("?") if opt else w
        if w in ("...", "*"):
            out.append(w)
        elif w.startswith("="):
            out.append("=" + "|".join(voc.swap(x, copy, False) for x in w[1:].split("|")) + opt)
        else:
            out.append("|".join(voc.swap(x, copy, True) for x in w.split("|")) + opt)
    return " ".join(out)


def _spec(x, copy: int, voc: Vocabulary):
    if isinstance(x, str):
        return _phrase(x, copy, voc)
    if isinstance(x, list):
        return [_spec(v, copy, voc) for v in x]
    if not isinstance(x, dict):
        return x
    out = {}
    for k, v in x.items():
        if k in ("lemma", "form"):
            vals = [voc.swap(str(s), copy, k == "lemma") for s in (v if isinstance(v, list) else [v])]
            out[k] = sorted(set(vals), key=vals.index)
        elif k == "not":
            out[k] = _spec(v, copy, voc)
        else:
            out[k] = v
    return out


def _patterns(x, copy: int, voc: Vocabulary):
    items = x if isinstance(x, list) else [x]
    return [_spec(p, copy, voc) for p in items]


def write_copies(dest: Path, copies: int) -> int:
    """``copies`` renamed copies of every shipped rule under ``dest``; returns how many files."""
    files = sorted((ROOT / "rules").rglob("*.yaml"))
    raws = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in files]
    voc = Vocabulary(_used_words(raws))
    n = 0
    for copy in range(1, copies + 1):
        for p, raw in zip(files, raws, strict=True):
            r = dict(raw)
            r["id"] = f"{raw['id']}-x{copy}"
            # a raw-text kind (match: {regex: …}) has no words to swap: copied as it is, same cost
            r["match"] = raw["match"] if isinstance(raw["match"], dict) else _patterns(raw["match"], copy, voc)
            for key in ("unless", "when"):
                if isinstance(raw.get(key), dict):
                    r[key] = {
                        k: (_patterns(v, copy, voc) if k in ("sentence", "message") else v) for k, v in raw[key].items()
                    }
            out = dest / f"x{copy}" / p.parent.name / p.name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(yaml.safe_dump(r, allow_unicode=True, sort_keys=False), encoding="utf-8")
            n += 1
    return n
