"""Generate the synthetic chat export in this folder: conversations.csv (and conversations.parquet
when pyarrow is installed). Seeded and deterministic: the same script writes the same bytes.

    python examples/export/generate.py            # writes next to this file
    python examples/export/generate.py --out DIR

Six months of support chats of an online store with delivery, a bank card, a home internet and
mobile operator and a travel desk. Twelve agents with habits a CX lead would recognise: some
write exemplary replies, one promises without dates, one refuses, one writes канцелярит, one
blames the client, one quotes vague prices; Марина improves after a coaching session in late
October, Павел joins in November, and everyone slips in the pre-New-Year rush. Clients leave
phone numbers, e-mails, card numbers and their names, so the report's masking has work to do.
Nothing here is a real person or a real card: names come from lists, cards pass the Luhn check
only so that the masking treats them as cards.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

from texts import AGENTS, BOT_BYE, BOT_HELLO, CLIENT_NAMES, DOMAINS, FOLLOWUP, NOTE

START = dt.date(2025, 9, 1)  # a Monday; 26 weeks to the end of February
WEEKS = 26
CONVERSATIONS = 3000
COACHING_WEEK = 8  # Марина's coaching: from here her bad habits fade
RUSH = range(15, 18)  # 15 Dec – 4 Jan: the queue is long and replies get vaguer


def luhn_card(rng: random.Random) -> str:
    digits = [int(c) for c in rng.choice(["2200", "4276", "5536", "4279"])] + [rng.randrange(10) for _ in range(11)]
    total = sum((d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 == 0 else d for i, d in enumerate(reversed(digits)))
    digits.append((10 - total % 10) % 10)
    s = "".join(map(str, digits))
    return rng.choice([" ".join(s[i : i + 4] for i in range(0, 16, 4)), s])


def phone(rng: random.Random) -> str:
    code, a = rng.choice(["912", "915", "916", "926", "903", "985", "999"]), f"{rng.randrange(100, 1000)}"
    b, c = f"{rng.randrange(100):02d}", f"{rng.randrange(100):02d}"
    return rng.choice([f"+7 ({code}) {a}-{b}-{c}", f"8 {code} {a} {b} {c}", f"8{code}{a}{b}{c}", f"+7{code}{a}{b}{c}"])


def email(rng: random.Random, first: str, last: str) -> str:
    lat = str.maketrans(
        dict(zip("абвгдеёжзийклмнопрстуфхцчшщьыъэюя", "abvgdeejziiklmnoprstufhccss'y'eua", strict=True))
    )
    f, la = first.lower().translate(lat).replace("'", ""), last.lower().translate(lat).replace("'", "")
    user = rng.choice([f"{f}.{la}", f"{f[0]}{la}{rng.randrange(70, 100)}", f"{f}_{rng.randrange(1, 999)}", la + f[0]])
    return f"{user}@{rng.choice(['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru'])}"


def slots(rng: random.Random, client: tuple[str, str, str], day: dt.date) -> dict[str, str]:
    first, last, gender = client
    soon = day + dt.timedelta(days=rng.randrange(1, 6))
    months = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
    return {
        "name": first,
        "full": f"{first} {last}",
        "phone": phone(rng),
        "email": email(rng, first, last),
        "card": luhn_card(rng),
        "order": str(rng.randrange(1_000_000, 9_999_999)),
        "last4": f"{rng.randrange(10000):04d}",
        "date": f"{soon.day} {months[soon.month - 1]}",
        "weekday": ["понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье"][soon.weekday()],
        "sum": f"{rng.randrange(5, 300) * 10:,}".replace(",", " "),
        "hours": rng.choice(["с 10:00 до 14:00", "с 12:00 до 16:00", "с 14:00 до 18:00", "с 18:00 до 22:00"]),
        "city": rng.choice(["Казани", "Екатеринбурге", "Самаре", "Новосибирске", "Нижнем Новгороде", "Краснодаре"]),
        "ca": "а" if gender == "f" else "",
    }


def fill(template: str, s: dict[str, str], agent: dict) -> str:
    return template.format(**s, a=agent["a"], me=agent["first"])


def habits(agent: dict, week: int) -> dict[str, float]:
    """How likely the agent slips into each bad habit this week."""
    bad = dict(agent["habits"])
    if agent["name"].startswith("Марина") and week >= COACHING_WEEK:
        fade = max(0.1, 1 - (week - COACHING_WEEK) / 8)
        bad = {k: v * fade for k, v in bad.items()}
    if week in RUSH:
        bad["timeline"] = bad.get("timeline", 0) + 0.2
    return bad


def agent_reply(rng: random.Random, agent: dict, intent: dict, s: dict, bad: dict) -> tuple[str, str | None]:
    """Greeting + the core by the agent's habit (or a good one) + a closing; and the habit used."""
    habit = None
    for h, p in sorted(bad.items()):
        if intent.get(h) and rng.random() < p:
            habit = h
            break
    core = rng.choice(intent[habit] if habit else intent["good"])
    text = " ".join(p for p in [rng.choice(agent["hello"]), core] if p)
    if rng.random() < agent["closing"]:
        bye = rng.choice(agent["bye"])
        text += ("\n\n" if bye.startswith("С уважением") else " ") + bye if bye else ""
    return fill(text, s, agent), habit


def conversations(rng: random.Random):
    weights = [a["load"] for a in AGENTS]
    for n in range(CONVERSATIONS):
        week = int(WEEKS * rng.random() ** 0.8)  # volume grows a little towards winter
        day = START + dt.timedelta(weeks=week, days=rng.choices(range(7), [10, 10, 10, 10, 9, 5, 4])[0])
        while True:
            agent = rng.choices(AGENTS, weights)[0]
            if week >= agent.get("from_week", 0):
                break
        domain = rng.choice(DOMAINS)
        intent = rng.choice(domain["intents"])
        client = rng.choice(CLIENT_NAMES)
        s = slots(rng, client, day)
        t = dt.datetime.combine(day, dt.time(rng.randrange(8, 22), rng.randrange(60), rng.randrange(60)))
        rows: list[tuple[str, str, str, str]] = []

        def add(role: str, text: str, author: str = "", minutes: tuple[int, int] = (1, 6), rows=rows) -> None:
            nonlocal t
            t += dt.timedelta(minutes=rng.randrange(*minutes), seconds=rng.randrange(60))
            rows.append((role, author, t.isoformat(timespec="seconds"), text))

        if rng.random() < 0.45:
            add("bot", rng.choice(BOT_HELLO), "", (0, 1))
        add("client", fill(rng.choice(intent["client"]), s, agent))
        if rng.random() < 0.15:
            add("client", fill(rng.choice(domain["details"]), s, agent), "", (0, 2))
        bad = habits(agent, week)
        reply, habit = agent_reply(rng, agent, intent, s, bad)
        add("agent", reply, agent["name"], (1, 12))
        if rng.random() < 0.45:  # clients ask «когда?» after a vague promise and thank after a clear answer
            kind = rng.choices(["when", "thanks", "angry", "contact"], [4, 0, 2, 1] if habit else [1, 5, 0, 2])[0]
            f = FOLLOWUP[kind]
            add("client", fill(rng.choice(f["client"]), s, agent))
            slip = f["bad"] and rng.random() < bad.get("timeline" if kind == "when" else habit or "", 0)
            add("agent", fill(rng.choice(f["bad"] if slip else f["good"]), s, agent), agent["name"], (1, 8))
        if rng.random() < 0.3:
            add("client", rng.choice(NOTE))
        if rng.random() < 0.35:
            add("bot", BOT_BYE, "", (0, 1))
        yield n, rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).parent)
    out = ap.parse_args().out
    rng = random.Random(20250901)
    table = []
    convs = sorted((rows for _, rows in conversations(rng)), key=lambda rows: rows[0][2])  # in time order
    for n, rows in enumerate(convs):
        table += [(f"c-{n + 1:05d}", role, author, time, text) for role, author, time, text in rows]
    header = ["conversation_id", "message_id", "time", "role", "author", "text"]
    records = [
        [cid, f"m-{i + 1:06d}", time, role, author, text] for i, (cid, role, author, time, text) in enumerate(table)
    ]
    with open(out / "conversations.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(records)
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        print("pyarrow is not installed: conversations.parquet not written")
    else:
        cols = {h: [r[i] for r in records] for i, h in enumerate(header)}
        pq.write_table(pa.table(cols), out / "conversations.parquet", compression="zstd")
    agents = sum(r[3] == "agent" for r in records)
    print(f"{len(convs)} conversations, {len(records)} messages ({agents} agent replies) in {out}")


if __name__ == "__main__":
    main()
