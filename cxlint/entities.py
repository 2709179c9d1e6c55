"""Time, money and percent expressions in Russian support replies, found by regex alone.

Rules ask coarse questions («is there a time anywhere in this promise?», «does this price have a
number?»), so recall on the phrasings agents actually use matters more than a full parse. One
combined pattern, compiled at import, runs over a lower-cased, ё-folded copy of the text (one
leading space, otherwise the same length, so offsets hold). At each start money and percent are
tried first, then time, whose alternatives are ordered longest-first, so the leftmost match is
also the longest candidate. Adjacent time expressions («сегодня» + «до 18:00») are then merged.

Template placeholders arrive as runs of PLACEHOLDER: such a run may stand for an amount («%s ₽»)
or a count («через %s дней»), never for a bare date or clock time («до %s» says nothing).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

PLACEHOLDER = "\ue000"


@dataclass(frozen=True, slots=True)
class Entity:
    kind: str  # "time" | "money" | "percent"
    sub: str  # time: date|clock|range|weekday|relative|duration|bound; money: amount|range; percent
    start: int  # character offsets into the text, end exclusive
    end: int
    text: str  # == text[start:end]

    @property
    def names(self) -> tuple[str, str]:
        """What rules may call it: the kind and the kind with its sub-type («money», «money.range»)."""
        return self.kind, f"{self.kind}.{self.sub}"


KINDS = frozenset({"time", "money", "percent"})


@functools.lru_cache(maxsize=1024)
def named(names: frozenset[str]) -> bool:
    """Does one of ``names`` (facts a rule asks for: «time», «money.range», «owner» …) name an
    entity kind? Facts of the others come from placeholders alone."""
    return any(n.partition(".")[0] in KINDS for n in names)


def _alt(*parts: str) -> str:
    return "(?:" + "|".join(parts) + ")"


def _by_letter(words: str) -> str:
    """An alternation of ``|``-separated words, grouped by first letter (order kept within a group):
    the engine skips a group whose letter does not match in one step instead of word by word."""
    groups: dict[str, list[str]] = {}
    for w in words.split("|"):
        groups.setdefault(w[0], []).append(w[1:])
    return _alt(*(c + _alt(*rest) for c, rest in groups.items()))


# ---- vocabulary (folded: lower case, ё → е) -------------------------------------------------------

MONTHS = _alt(  # every case form: «марта», «марте», «мая», «май»
    r"(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)[еь-я]", r"(?:март|август)[а-у]?", r"ма[еюя]|май"
)
# Singular forms only: «по пятницам» is a schedule, not a time. «в среде» is nearly always an
# environment («в тестовой среде»), so that one form is excluded.
WEEKDAYS = _alt(
    r"(?:понедельник|вторник|четверг)(?:а|у|ом)?",
    r"(?:пятниц|суббот)[а-ы]",
    r"сред(?:а|у|ы|е(?<!в\sсреде))",
    r"воскресень[еяю]",
)
MODIFIERS = r"(?:эт|следующ|ближайш|будущ|текущ)\w*"  # «в эту пятницу», «на следующей неделе»
PART_OF_DAY = _alt(
    "утром", "днем", "вечером", "ночью", r"с\s+утра", r"(?:до|после)\s+обеда", r"в\s+(?:первой|второй)\s+половине\s+дня"
)
RELATIVE_DAYS = "(?:сегодня|завтра|послезавтра|вчера|позавчера)"
# Count words by stem (1–30, 40, 50, 60, 90, 100 in every case; «двадцать четыре» is two words).
# The stems are loose, but a count only counts before a unit. «несколько» is deliberately absent:
# «через несколько дней» is as vague as «скоро».
NUMBER_WORDS = (
    r"(?:(?:один|одн|дв|тр|четыр|пят|шест|сем|вос|девят|девян|десят|сорок)\w*|ст[оа]|пар[а-ы]|полтора|полутора)"
)
# Time units, optionally «рабочих/календарных». «на днях», «днями» are vague and left out.
UNITS = r"(?:(?:рабоч|календарн|банковск)\w*\s+)?" + _alt(
    r"минут[а-ы]?",
    r"мин\.?",
    r"час(?:а|ов|у)?",
    r"ч\.?",
    r"д(?:ень|ня|ней)",
    r"недел[и-я]",
    r"месяц(?:а|ев)?",
    r"года?",
    "лет",
    r"сут(?:ки|ок)",
    r"секунд[а-ы]?",
    r"сек\.?",
)
# A count: digits («3», «1,5», «3-х»), a placeholder run, or one or two count words.
NUM = _alt(
    r"\d++(?:[.,]\d++)?(?:-?(?:х|ти|ми))?",
    PLACEHOLDER + "+",
    rf"{NUMBER_WORDS}(?:\s+(?:один|одн|дв|тр|четыр|пят|шест|сем|вос|девят)\w*)?",
)
# Words that make an expression a limit; an expression starting with one has sub "bound".
BOUND = r"(?:не\s+(?:позже|позднее|ранее|раньше|более|больше|дольше|менее)(?:\s+чем)?|максимум|минимум|вплоть\s+до|до)"
# Prepositions kept inside the span. Group «d» marks those after which a bare unit is a duration
# («через неделю», «в течение часа»); after «в»/«на» it is not («раз в неделю», «на день рождения»).
PREPS = _alt(
    r"(?P<d>через|в\s+течени[еи]|на\s+протяжении|в\s+пределах|спустя|за)",
    _by_letter(r"в|во|к|ко|с|со|по|после|около|от|на|между|начиная\s+с|примерно|ориентировочно"),
)
CURRENCIES = _alt(
    "₽",
    r"руб(?:\.|(?!\w))",
    r"рубл(?:ь|я|ей|ям|ями|ях|ю|ем)(?!\w)",
    r"р\.",
    r"р(?![\w-])",
    r"(?:rub|rur|usd|eur)(?!\w)",
    r"\$",
    "€",
    r"доллар(?:а|ов|ы)?(?!\w)",
    r"евро(?!\w)",
)

# ---- patterns -------------------------------------------------------------------------------------
# Empty named groups at the end of a branch («(?P<date>)») tell which branch matched (lastgroup).

_HOUR = r"(?:[01]?\d|2[0-4])"
_MIN = r"[0-5]\d"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:-?(?:го|е|ое))?"  # «15», «15-го», «15-е»
_DATE = _alt(
    # «15 марта 2027 г.», plus «10–12 марта» and «с 10 по 12 марта», marked as a range by «dr»
    rf"{_DAY}(?:(?:\s*-\s*|\s+по\s+){_DAY}(?P<dr>))?\s+{MONTHS}(?:\s+\d{{4}}(?:\s*(?:г\.|года|г(?!\w)))?)?",
    # «16.03» is a date but «18.00» and «10.30» are not (no month 00 or 30); versions «2.3.1» are
    # kept out by the two-digit month and the lookahead.
    r"(?:0?[1-9]|[12]\d|3[01])[./](?:0[1-9]|1[0-2])(?:[./](?:\d{4}|\d\d))?(?![./]?\d)",
    r"\d{4}-[01]\d-[0-3]\d",
    r"(?:19|20)\d\d\s+(?:год[ау]?|г\.)",
    r"(?:0?[1-9]|[12]\d|3[01])(?:-?(?:го|е|ое)\s+числа|\s+числ[ау]|-го)",  # «25-го числа», «к 15 числу»
)
_RANGE = _alt(
    # «с 10 до 14», «с 9 до 18 часов», «между 12 и 16 часами»: the preposition group has already
    # taken «с»/«между», hence the lookbehinds.
    rf"(?:(?<=с\s){_HOUR}(?:[:.]{_MIN})?\s+(?:до|по)|(?<=между\s){_HOUR}(?:[:.]{_MIN})?\s+и)"
    rf"\s+{_HOUR}(?:[:.]{_MIN})?(?:\s+час(?:а|ов|ами)?)?(?:\s+(?:утра|дня|вечера))?",
    rf"{_HOUR}[:.]{_MIN}\s*-\s*{_HOUR}[:.]{_MIN}",  # «10:00–14:00»
)
_CLOCK = _alt(
    rf"{_HOUR}:{_MIN}(?![:\d])(?:\s*(?:утра|дня|вечера|ночи))?",
    rf"(?:[01]\d|2[0-3])\.{_MIN}(?![.,]?\d)",  # dotted only with two-digit hours: «18.00»
    # «в/к/до/с/после 10 утра», «в 3 часа дня», «в 10 часов»; «за 2 ночи», «около 2 часов» are durations
    rf"(?<=[вк]\s|[ос]\s|е\s)(?(d)(?!)|){_HOUR}\s+(?:час(?:а|ов)?\s+(?:утра|дня|вечера|ночи)|утра|вечера|ночи)",
    rf"(?<=[вк]\s){_HOUR}\s+час(?:а|ов|ам)?",
)
_RELATIVE = _alt(
    RELATIVE_DAYS,
    r"(?:сегодняшн|завтрашн|послезавтрашн)\w+\s+дн[яюе]",  # «с завтрашнего дня»
    r"(?(d)(?<=через\s)(?:недел[юи]|месяц|год|день|час|сутки)|(?!))",  # «через неделю»
    r"(?<=на\s)следующий\s+(?:рабочий\s+)?день|(?<=в\s)(?:тот|этот)\s+же\s+день",
    r"(?<=к\s)(?:вечеру|обеду|утру)|(?<=в\s)выходные|(?<=на\s)выходных",  # «к вечеру», «в выходные»
    # «в день оплаты»: the day is fixed by an event the client knows
    r"(?<=в\s)день\s+(?:оплаты|доставки|обращения|получения|заезда|вылета|визита|подачи|подключения|приема)",
)
# «от 3 до 5 дней», «1–3 рабочих дня», «через пару дней», and a bare unit after «через/в течение/за».
# «в сутки» is a rate («0,1 ₽ за литр в сутки»), not a time.
_DURATION = _alt(
    rf"(?:(?:\d++\s*-\s*|\d++\s+(?:до|или)\s+)?{NUM}\s+|(?(d)|(?!))){UNITS}",
    r"(?<!в\s)(?:пол(?:часа|дня|года)|сутки|суток)",
)
# Weekdays and calendar periods need a preposition or a bound word («пятница» alone is a noun);
# «недели», «дня» also need «начало/конец» or a modifier («раз в неделю», «до дня рождения»).
_WEEKDAY = rf"(?(b)|(?(p)|(?!)))(?:(?P<pe>(?:начал|конц|середин)[а-ы])\s+)?(?:(?P<mo>{MODIFIERS})\s+)?" + _alt(
    WEEKDAYS,
    MONTHS,
    r"(?(pe)|(?(mo)|(?!)))(?:недел[а-я]|месяц[а-у]?|году?|квартал[а-у]?|"
    r"(?:рабочего\s+)?дня|(?:19|20)\d\d\s+года)",
)
# Every time expression continues, after its optional bound word and preposition, with a digit, a
# placeholder or one of these stems. Checking them in one lookahead (a branch of literals, which
# the engine skips by first letter) rejects ordinary words before the alternation below is tried.
_TIME_GATE = (
    rf"(?=[\d{PLACEHOLDER}]|"
    + _by_letter(
        r"сегодня|завтра|послезавтра|вчера|позавчера|пол|сут|один|одн|дв|тр|четыр|пят|шест|сем|вос|девя|десят|сорок"
        r"|ст[оа]\s|пар[а-ы]\s|начал|конц|середин|эт|следующ|ближайш|будущ|текущ|тот\s|понедельник|вторник|сред"
        r"|четверг|суббот|воскресен|январ|феврал|март|апрел|ма[еюя]|май|июн|июл|август|сентябр|октябр|ноябр|декабр"
        r"|рабоч|календарн|банковск|мин|час|день|дня|дней|недел|месяц|год|вечер|обед|утр|выходн"
    )
    + ")"
)
# Digit-led dates, ranges and clock times: «15 марта», «16.03», «10–12», «18:00», «10 утра», «2026-».
_DIGIT_GATE = r"(?=\d\d?(?:[:./]\d|-?[г-о]|\s*-|\s+(?:я|ф|м|а|и|с|о|н|д|ч|по\s|утр|веч))|\d{4}[-\s])"
# A time expression must not be a number that a currency or «%» follows («до 12.50 ₽»).
_NOT_MONEY = r"(?!\w)(?!\s*(?:%|₽|\$|€|руб|р\.|тыс|млн|usd|eur|rub|доллар|евро|процент))"
_TIME = (
    rf"(?:(?P<b>{BOUND})\s+|)(?:(?P<p>{PREPS})\s+|){_TIME_GATE}"
    rf"(?:{_DIGIT_GATE}(?:{_DATE}(?P<date>)|{_RANGE}(?P<range>)|{_CLOCK}(?P<clock>))|{_RELATIVE}(?P<relative>)"
    rf"|{_DURATION}(?P<duration>)|{_WEEKDAY}(?P<weekday>))"
    rf"(?:\s+{PART_OF_DAY}|\s+(?:по\s+)?(?:мск|московскому\s+времени|москве))?{_NOT_MONEY}"
)

_MULT = r"(?:\s*(?:тыс(?:яч\w*|\.)?|млн\.?|млрд\.?|миллион(?:а|ов)?|миллиард(?:а|ов)?)(?![\w.]))?"
_SUM = rf"(?:\d{{1,3}}+(?: \d{{3}})+(?!\d)|\d++|{PLACEHOLDER}++)(?:[.,]\d{{1,2}}(?!\d))?{_MULT}"
# «500–700 ₽» and «от 500 до 700 ₽» are ranges (marked by «mr»); «500 ₽», «$10» are amounts. A lone
# «от»/«до» before an amount stays outside the span: rules read the word before.
_MONEY = (
    rf"(?:(?P<fr>от\s+)?{_SUM}\s*(?:(?:₽|руб\S*|р\.|\$|€)\s*)?(?(fr)до\s+|-\s*)(?P<mr>)|){_SUM}\s*{CURRENCIES}"
    rf"|[$€]\s?(?:\d++(?:[ .,]\d++)*|{PLACEHOLDER}++)"
)
_PCT = rf"(?:\d++(?:[.,]\d++)?|{PLACEHOLDER}++)"
_PERCENT = rf"(?:от\s+{_PCT}\s+до\s+|{_PCT}\s*-\s*)?{_PCT}(?:\s?%|\s+процент(?:а|ов|ы|ам)?(?!\w))"  # «10–12 %»

# Lookaheads keep money and percent from being tried on every number: a currency or «%» must follow
# (within 30 characters, so that a long run of digits and spaces stays linear).
_MONEY_GATE = (
    rf"(?=от\s|[$€]|[\d{PLACEHOLDER}](?:[\d .,-]|{PLACEHOLDER}+){{0,30}}+(?:(?:тыс|млн|млрд|милл)\S*\s*)?"
    r"(?:₽|\$|€|р(?:уб|\.|(?![\w-]))|usd|eur|rub|rur|доллар|евро))"
)
_PERCENT_GATE = rf"(?=(?:от\s+)?(?:[\d.,]++|{PLACEHOLDER}++)(?:\s*-\s*[\d.,]++|\s+до\s+[\d.,]++)?\s?(?:%|процент))"

# Every entity starts after a space: the folded text gets a leading one and other separators become
# spaces, so the pattern begins with a literal the engine finds in C instead of trying each
# position. Cheap lookaheads then drop most words before any alternation is tried.
_ENTITY = (
    rf" (?:(?=[\d{PLACEHOLDER}]|[$€]|от\s)"
    rf"(?:{_MONEY_GATE}(?:{_MONEY})(?P<money>)|{_PERCENT_GATE}{_PERCENT}(?P<percent>))|{_TIME})"
)


@functools.cache
def _entity() -> re.Pattern[str]:
    """_ENTITY compiled, when a sentence first needs it: compiling costs a cold start 20 ms, and
    a message whose sentences have no token that may hold an entity never does."""
    return re.compile(_ENTITY)


# Same-length substitutions on the folded copy: separators become spaces, dashes become hyphens.
_FOLD = (*((ch, " ") for ch in "\n\t\r(«\"'\u00a0\u202f\u2009"), ("ё", "е"), ("–", "-"), ("—", "-"))
_NEEDS_FOLD = re.compile("[" + "".join(ch for ch, _ in _FOLD) + "]")  # one C scan instead of twelve
_RANGE_OPEN = ("с ", "со ", "от ")  # «с понедельника» + «по пятницу» merge into a range


def _fold(text: str) -> str:
    """`` `` + lower-cased ``text`` with _FOLD applied: offsets shift by exactly one."""
    low = (text.replace("İ", "i") if "İ" in text else text).lower()  # only «İ» grows when lowered
    if _NEEDS_FOLD.search(low):
        for ch, to in _FOLD:
            if ch in low:
                low = low.replace(ch, to)
    return " " + low


# What every entity holds in one of its tokens: a digit, a placeholder, «$» or «€» (money, percent,
# digit-led times), or a whole word that a time cannot do without — a unit, a relative day, a
# weekday, a month, «выходные». Read off _TIME above: its other words (prepositions, bound words,
# count words, modifiers, parts of the day) only ever come with one of these. A sentence none of
# whose tokens holds one has no entity, and the grammar need not run (tests/test_entities.py).
_MAY_HOLD = re.compile(
    rf"[\d{PLACEHOLDER}$€]|(?<!\w)(?:{RELATIVE_DAYS}|(?:сегодняшн|завтрашн|послезавтрашн)\w+|{MONTHS}|{WEEKDAYS}|"
    + _by_letter(
        r"минут\w*|мин|час|часа|часов|часу|часам|часами|ч|день|дня|дней|дне|дню|недел\w*|месяц\w*|год|года|году|лет"
        r"|сутки|суток|секунд\w*|сек|полчаса|полдня|полгода|квартал\w*|вечеру|обеду|утру|выходные|выходных"
    )
    + r")(?!\w)"
)


def may_hold(norm: str) -> bool:
    """Can a token (its lower-cased, ё-folded form) be part of an entity? False means that no
    entity covers it; a sentence of such tokens has none."""
    return _MAY_HOLD.search(norm) is not None


# What every amount and percent holds in one of its tokens: a digit or a placeholder (read off _MONEY
# and _PERCENT: «$» and «€» come with one too).
_MAY_HOLD_AMOUNT = re.compile(rf"[\d{PLACEHOLDER}]")
AMOUNTS = frozenset({"money", "percent"})


def may_hold_amount(norm: str) -> bool:
    """Can a token be part of an amount of money or a percent? A sentence none of whose tokens
    can has neither."""
    return _MAY_HOLD_AMOUNT.search(norm) is not None


# The grammar reads a digit's value only in a run of one or two digits (a day, a month, an hour, a
# minute) and in the first two digits of a run of four (a year, «19…» or «20…»); a run of three or
# more is otherwise read by its length alone («\d++», «\d{4}», «\d{1,3}+(?: \d{3})+»). So texts
# that differ only in such digits — an order number, a phone, an amount's hundreds — have their
# entities at the same places, and the places are remembered by the text with those digits folded.
_LONG_RUN = re.compile(r"\d{3,}")
_PLACES: dict[str, tuple[tuple[str, str, int, int], ...]] = {}
_PLACES_LIMIT = 20_000


def _folded_run(m: re.Match[str]) -> str:
    run = m.group()
    if len(run) == 4:
        return (run[:2] if run[:2] in ("19", "20") else "00") + "00"
    return "0" * len(run)


def folded(text: str) -> str:
    """``text`` with the digits the grammar reads by length alone made zeros: texts alike so have
    their entities at the same places."""
    return _LONG_RUN.sub(_folded_run, text)


def find_entities(text: str) -> list[Entity]:
    """Non-overlapping entities sorted by start; the longest wins where candidates overlap."""
    key = folded(text)
    places = _PLACES.get(key)
    if places is None:
        places = _places(text)
        if len(_PLACES) >= _PLACES_LIMIT:
            _PLACES.clear()
        _PLACES[key] = places
    return [Entity(k, s, a, b, text[a:b]) for k, s, a, b in places]


def entities_of(text: str) -> list[Entity]:
    """find_entities() read by the grammar, for a caller that remembers what it makes of them
    itself (sentences.Sent) and would only have them remembered twice."""
    return [Entity(k, s, a, b, text[a:b]) for k, s, a, b in _places(text)]


def _places(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """find_entities() as (kind, sub, start, end), read by the grammar."""
    low = _fold(text)
    spans: list[list] = []  # [kind, sub, start, end] in ``text`` offsets (``low`` is one longer)
    for m in _entity().finditer(low):
        name, start, end = m.lastgroup, m.start(), m.end() - 1
        if name == "money":
            spans.append(["money", "amount" if m.group("mr") is None else "range", start, end])
        elif name == "percent":
            spans.append(["percent", "percent", start, end])
        else:
            prev = spans[-1] if spans else None
            if prev and prev[0] == "time" and text[prev[3] : start].isspace():
                prev[3] = end  # «сегодня» + «до 18:00», «15 марта» + «в 10:00»
                if low.startswith(_RANGE_OPEN, prev[2] + 1) and low.startswith(("до ", "по "), start + 1):
                    prev[1] = "range"
                continue
            sub = "bound" if m.group("b") else "range" if m.group("dr") is not None else name
            spans.append(["time", sub, start, end])
    return tuple(map(tuple, spans))
