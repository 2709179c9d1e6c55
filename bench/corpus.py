"""A benchmark corpus of distinct, realistic replies, built deterministically from the labelled ones.

The three labelled corpora (tests/corpus/replies, holdout, blind) are cut into greetings, body
paragraphs, single sentences and sign-offs; a seeded generator recombines them into messages from
one line to several paragraphs, every one distinct.

    python bench/corpus.py 100000 > big.jsonl      # the same generator, written as JSONL
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
NAMES = ("replies.jsonl", "holdout.jsonl", "blind.jsonl")
_GREETING = re.compile(r"^\W*(\w+,\s*)?(здравствуйте|добрый|доброе|доброй|привет|приветствую|благодарим|спасибо)", re.I)
_SIGNOFF = re.compile(
    r"^(хорошего|отличного|с уважением|всего доброго|ждём|ждем|будем рады|обращайтесь|спасибо|удачного|"
    r"до связи|ваш|ваша|команда|поддержка)",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[А-ЯЁA-Z«])")


def parts() -> tuple[list[str], list[str], list[str], list[str]]:
    """Greetings, body paragraphs, single sentences and sign-offs of the labelled corpora."""
    greet, body, sent, sign = set(), set(), set(), set()
    for name in NAMES:
        for ln in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            if not ln.strip():
                continue
            paras = [p.strip() for p in re.split(r"\n\s*\n", json.loads(ln)["text"]) if p.strip()]
            if len(paras) > 1 and len(paras[0]) < 60 and _GREETING.match(paras[0]):
                greet.add(paras.pop(0))
            if len(paras) > 1 and len(paras[-1]) < 80 and _SIGNOFF.match(paras[-1]):
                sign.add(paras.pop())
            for p in paras:
                body.add(p)
                sent.update(s.strip() for s in _SENTENCE.split(p) if len(s.strip()) > 15)
    return sorted(greet), sorted(body), sorted(sent), sorted(sign)


# What changes from one reply to the next in a real helpdesk: the client's name, the agent's, the
# numbers (orders, dates, amounts, hours). A bare recombination of the labelled replies would repeat
# each of their 1,700 sentences dozens of times, which no contact centre does.
CLIENTS = (
    "Анна Мария Елена Ольга Наталья Ирина Татьяна Светлана Юлия Екатерина Дарья Ксения Алина Полина Вера "
    "Людмила Галина Марина Оксана Виктория Алексей Дмитрий Сергей Андрей Михаил Иван Николай Павел Артём "
    "Максим Евгений Владимир Олег Игорь Роман Кирилл Денис Юрий Антон Константин Виктор Григорий Тимур"
).split()
AGENTS = ("Анна", "Кирилл", "Мария", "Олег", "Светлана", "Игорь", "Дарья", "Павел", "Екатерина", "Руслан")
_GREETINGS = ("Здравствуйте, {}!", "{}, здравствуйте!", "Добрый день, {}!", "{}, добрый день!", "Добрый вечер, {}!")
_SIGNOFFS = ("С уважением, {}, служба поддержки", "{}, служба заботы о клиентах", "Ваш специалист поддержки {}")
# numbers that take the same form of the noun after them: «1 день», «2 дня», «5 дней», «11 дней»
_AGREE = ((1, 21, 31), (2, 3, 4, 22, 23, 24), (*range(5, 21), *range(25, 31)))


def _number(m: re.Match, rnd: random.Random) -> str:
    d = m.group()
    if len(d) > 2:  # order and card numbers, amounts: the last two digits keep the agreement
        return "".join(rnd.choice("123456789" if i == 0 else "0123456789") for i in range(len(d) - 2)) + d[-2:]
    n = int(d)
    for group in _AGREE:
        if n in group:
            return str(rnd.choice(group)).zfill(len(d))
    return d


def vary(text: str, rnd: random.Random, client: str) -> str:
    """The text with its numbers changed (same agreement) and, now and then, the client's name."""
    text = re.sub(r"(?<![\d:.,–-])\d+(?![:.,–-]?\d)", lambda m: _number(m, rnd), text)
    if rnd.random() < 0.25 and text[1:2].islower() and not _GREETING.match(text) and not text.startswith(("Я ", "Мы ")):
        text = f"{client}, {text[0].lower()}{text[1:]}" if text[:1].isupper() else text
    return text


def generate(n: int, seed: int = 1) -> Iterator[str]:
    """``n`` distinct messages: a fifth one sentence, the rest 1–7 paragraphs with or without a
    greeting and a sign-off, with names and numbers varied as in real replies. The same ``n`` and
    ``seed`` give the same messages."""
    greet, body, sent, sign = parts()
    rnd = random.Random(seed)
    seen: set[int] = set()
    made = 0
    while made < n:
        shape = rnd.random()
        client = rnd.choice(CLIENTS)
        while True:  # a repeat is drawn again in the same shape, so the mix of lengths does not drift with n
            if shape < 0.2:
                text = vary(rnd.choice(sent), rnd, client)
                if rnd.random() < 0.5 or len(seen) > 1_000:  # single sentences run out first
                    text = f"{vary(rnd.choice(sent), rnd, client)} {text}"
            else:
                k = 1 if shape < 0.5 else rnd.randint(2, 3) if shape < 0.85 else rnd.randint(4, 7)
                paras = [vary(p, rnd, client) for p in rnd.sample(body, k)]
                if rnd.random() < 0.7:
                    g = rnd.random()
                    paras.insert(0, rnd.choice(greet) if g < 0.5 else rnd.choice(_GREETINGS).format(client))
                if rnd.random() < 0.5:
                    g = rnd.random()
                    paras.append(rnd.choice(sign) if g < 0.5 else rnd.choice(_SIGNOFFS).format(rnd.choice(AGENTS)))
                text = "\n\n".join(paras)
            if hash(text) not in seen:
                break
        seen.add(hash(text))
        made += 1
        yield text


def messages(n: int, seed: int = 1) -> list[str]:
    return list(generate(n, seed))


def write_jsonl(path: Path, n: int, seed: int = 1) -> int:
    """Write ``n`` messages as ``{"id", "text"}`` lines; returns the file size in bytes."""
    with path.open("w", encoding="utf-8") as f:
        for k, text in enumerate(generate(n, seed), 1):
            f.write(json.dumps({"id": f"m{k}", "text": text}, ensure_ascii=False) + "\n")
    return path.stat().st_size


if __name__ == "__main__":
    for k, text in enumerate(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000), 1):
        sys.stdout.write(json.dumps({"id": f"m{k}", "text": text}, ensure_ascii=False) + "\n")
