"""cxlint.entities: time, money and percent spans.

Cases are written with the expected span in [[double brackets]]; «§» stands for one PLACEHOLDER
character (a masked template placeholder).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxlint.doc import tokenize
from cxlint.entities import AMOUNTS, PLACEHOLDER, Entity, find_entities, may_hold, may_hold_amount

SUBS = {
    "time": {"date", "clock", "range", "weekday", "relative", "duration", "bound"},
    "money": {"amount", "range"},
    "percent": {"percent"},
}


def parse(marked: str) -> tuple[str, int, int]:
    marked = marked.replace("§", PLACEHOLDER)
    start = marked.index("[[")
    end = marked.index("]]") - 2
    return marked.replace("[[", "").replace("]]", ""), start, end


# (marked text, kind[, sub])
POSITIVE = [
    # parts of the day and days fixed by an event count as a time: «к обеду» is today by ~13:00
    ("Приедем [[к обеду]].", "time"),
    ("Починим [[к вечеру]].", "time"),
    ("Доставим [[в выходные]].", "time"),
    ("Вернём [[к 15 числу]].", "time"),
    ("Ответим [[на следующий рабочий день]].", "time"),
    ("Спишем [[в день оплаты]].", "time"),
    # --- dates
    ("Доставим [[15 марта]].", "time", "date"),
    ("Акция действует [[до 1 января 2027]].", "time", "bound"),
    ("Приедем [[15-го марта]].", "time"),
    ("Заявка зарегистрирована [[16.03]].", "time", "date"),
    ("[[16.03.2026]] мы обновим тариф.", "time", "date"),
    ("Дата списания: [[2026-03-16]].", "time", "date"),
    ("Ждём вас [[15/03]].", "time", "date"),
    ("[[1 января 2027 года]] откроем склад.", "time"),
    ("Записали вас [[на 15 марта]].", "time"),
    ("Скидка действует [[с 1 апреля]].", "time"),
    ("Всё будет готово [[к 1 сентября]].", "time"),
    ("Оплата [[15 мая]], как договаривались.", "time"),
    ("Бонусы сгорят [[до 31 декабря]].", "time"),
    ("Письмо пришло [[15 марта 2026 г.]]", "time"),
    ("Тариф изменится [[в 2026 году]].", "time"),
    ("Ответим [[не позднее 16.03.2026]].", "time", "bound"),
    ("Поставка [[15 Марта]].", "time"),
    ("Поставка [[03.11 утром]].", "time"),
    # --- clock times
    ("Встреча: [[18:00]].", "time", "clock"),
    ("Приходите [[в 9:30]], пожалуйста.", "time", "clock"),
    ("Ответим [[к 15:00]].", "time", "clock"),
    ("Работаем [[до 18.00]].", "time", "bound"),
    ("Позвоним [[в 10 утра]].", "time", "clock"),
    ("Курьер будет [[в 3 часа дня]].", "time", "clock"),
    ("Перезвоним [[около 15:00 по Москве]].", "time"),
    ("[[После 6 вечера]] линия не работает.", "time"),
    ("Курьер приедет [[к 9 утра]].", "time"),
    ("Сервис доступен [[до 10 вечера]].", "time"),
    ("Приём [[в 10 часов]].", "time"),
    ("Созвон [[в 9:30 утра]].", "time"),
    ("Обновление [[в 23:59]].", "time"),
    ("Ответим [[до 18:00]].", "time", "bound"),
    ("Ответим [[до 18:00 мск]].", "time", "bound"),
    # --- ranges
    ("Работаем [[с 10 до 14]].", "time", "range"),
    ("Поддержка [[с 10:00 до 14:00]].", "time", "range"),
    ("Офис открыт [[с 9 до 18 часов]].", "time", "range"),
    ("Акция [[10–12 марта]].", "time", "range"),
    ("Работаем [[с понедельника по пятницу]].", "time", "range"),
    ("Окно доставки [[10:00–14:00]].", "time", "range"),
    ("Скидки [[с 10 по 12 марта]].", "time", "range"),
    ("Склад закрыт [[с 10 марта по 12 апреля]].", "time", "range"),
    ("Звоните [[со вторника по четверг]].", "time", "range"),
    ("Приём [[с 9:00 до 18:00 по московскому времени]].", "time", "range"),
    # --- weekdays and calendar periods
    ("Доставим [[в пятницу]].", "time", "weekday"),
    ("Решим вопрос [[до понедельника]].", "time"),
    ("Ответим [[к среде]].", "time", "weekday"),
    ("Позвоним [[во вторник]].", "time", "weekday"),
    ("Приедем [[в субботу утром]].", "time", "weekday"),
    ("Начнём [[в понедельник]].", "time"),
    ("Доставим [[на следующей неделе]].", "time", "weekday"),
    ("Исправим [[до конца недели]].", "time"),
    ("Проверим [[на этой неделе]].", "time"),
    ("Выпустим обновление [[в следующем месяце]].", "time"),
    ("Вернём [[до конца месяца]].", "time"),
    ("Запуск [[в начале марта]].", "time"),
    ("Отчёт пришлём [[в конце марта]].", "time"),
    ("Перезвоним [[в эту пятницу]].", "time"),
    ("Приедем [[в следующий вторник]].", "time"),
    ("Всё будет [[к понедельнику]].", "time"),
    ("Доступ откроется [[со среды]].", "time"),
    ("Подождите [[до воскресенья]].", "time"),
    ("Соберём [[к пятнице]].", "time"),
    ("Мастер придёт [[в четверг вечером]].", "time"),
    ("Поступление ожидаем [[в марте]].", "time"),
    ("Позвоним [[в ближайший понедельник]].", "time"),
    ("Закроем [[к концу недели]].", "time"),
    ("Пересчёт [[в середине месяца]].", "time"),
    ("Оплатим [[в пятницу до 12:00]].", "time"),
    ("Доставка [[в среду]].", "time"),
    ("Цены зафиксированы [[до конца 2025 года]].", "time"),
    # --- relative days
    ("[[Сегодня]] ответим.", "time", "relative"),
    ("Доставим [[завтра]].", "time", "relative"),
    ("[[Послезавтра]] всё будет.", "time"),
    ("Ответим [[сегодня до 18:00]].", "time", "relative"),
    ("Позвоним [[завтра утром]].", "time"),
    ("Заявку получили [[вчера]].", "time"),
    ("Повторим попытку [[через неделю]].", "time", "relative"),
    ("Продлим [[через месяц]].", "time", "relative"),
    ("Отправим [[ЗАВТРА]].", "time"),
    ("Вернёмся [[послезавтра вечером]].", "time"),
    ("Приедем [[завтра с 10 до 14]].", "time"),
    ("Перезвоним [[завтра в первой половине дня]].", "time"),
    ("Курьер приедет [[16 марта в 14:00]].", "time"),
    ("Отправим [[на следующий день]].", "time"),
    ("Ответим [[в тот же день]].", "time"),
    ("Ответим [[через час]].", "time"),
    ("Курьер приедет [[завтра между 12 и 16 часами]].", "time"),
    ("Забрать можно [[с завтрашнего дня]].", "time", "relative"),
    ("Посылка приедет к вам [[16-го]].", "time", "date"),
    ("Платёж нужно внести [[не позднее 25-го числа]].", "time", "bound"),
    ("Тариф начнёт действовать [[с 1-го числа]].", "time"),
    # --- durations
    ("Ответим [[через 40 минут]].", "time", "duration"),
    ("Перезвоним [[через 2 часа]].", "time", "duration"),
    ("Доставим [[через две недели]].", "time", "duration"),
    ("Ответим [[через пару дней]].", "time", "duration"),
    ("Вернём деньги [[в течение 3 рабочих дней]].", "time", "duration"),
    ("Вернём деньги [[в течение трёх рабочих дней]].", "time", "duration"),
    ("Ответим [[в течение часа]].", "time", "duration"),
    ("Обработаем [[в течение 24 часов]].", "time", "duration"),
    ("Соберём [[за 2 дня]].", "time", "duration"),
    ("Починим [[за 15 минут]].", "time"),
    ("Доставка займёт [[1–3 рабочих дня]].", "time", "duration"),
    ("Проверка займёт [[5 рабочих дней]].", "time", "duration"),
    ("Срок [[3-5 дней]].", "time"),
    ("Доставка [[от 3 до 5 дней]].", "time", "duration"),
    ("Доставка [[от 3 дней]].", "time"),
    ("Займёт [[2 недели]].", "time"),
    ("Ждите [[полчаса]].", "time"),
    ("Обработка займёт [[сутки]].", "time"),
    ("Ответим [[в течение суток]].", "time"),
    ("Ответим [[в течение двух часов]].", "time"),
    ("Позвоним [[через пять минут]].", "time"),
    ("Вернём [[через десять дней]].", "time"),
    ("Ответим [[в течение двадцати четырёх часов]].", "time"),
    ("Перезвоним [[через тридцать минут]].", "time"),
    ("Перезвоним [[через сорок минут]].", "time"),
    ("Освободится [[через полтора часа]].", "time"),
    ("Гарантия [[сто дней]].", "time"),
    ("Рассмотрим [[в течение одного рабочего дня]].", "time"),
    ("Доставим [[за одну неделю]].", "time"),
    ("Вернём [[через девяносто дней]].", "time"),
    ("Ответим [[через §§ дней]].", "time", "duration"),
    ("Ответим [[в течение §§§ рабочих дней]].", "time"),
    ("Ответим [[в течение 3-х рабочих дней]].", "time"),
    ("Освободится [[через 1,5 часа]].", "time"),
    ("Ответим [[в течении дня]].", "time"),
    ("Ответим [[до конца дня]].", "time", "bound"),
    ("Ответим [[в течение рабочего дня]].", "time"),
    ("Решим [[в течение дня]].", "time"),
    ("Рассмотрим [[в течение 10–14 дней]].", "time"),
    ("Вернём [[за 1-2 дня]].", "time"),
    ("Ответим [[в течение месяца]].", "time"),
    ("Тест длится [[на протяжении недели]].", "time"),
    ("Продлим [[через год]].", "time"),
    ("Соберём [[за сутки]].", "time"),
    ("Деньги придут [[спустя 3 дня]].", "time"),
    ("Срок возврата [[3 календарных дня]].", "time"),
    ("Ответим [[в течение 5 минут]].", "time"),
    ("Займёт [[пару часов]].", "time"),
    ("Займёт [[около двух недель]].", "time"),
    ("Миграция займёт [[около 2 часов]].", "time", "duration"),
    ("Займёт [[примерно 3 дня]].", "time"),
    ("Уложимся [[в пределах 2 недель]].", "time"),
    ("Перезвоним [[через 30 мин.]] Спасибо.", "time"),
    ("Это займёт [[двенадцать часов]].", "time"),
    # --- bounds
    ("Хранение [[до 10 дней]].", "time", "bound"),
    ("Доставим [[не позже 15 марта]].", "time", "bound"),
    ("Ответим [[не позднее пятницы]].", "time", "bound"),
    ("Ответим [[не раньше чем через 40 минут]].", "time", "bound"),
    ("Проверка займёт [[не более 3 дней]].", "time", "bound"),
    ("Ожидание [[максимум 2 часа]].", "time", "bound"),
    ("Ожидание [[до 30 минут]].", "time", "bound"),
    ("Хранение [[не менее 5 дней]].", "time", "bound"),
    # --- money
    ("Доставка стоит [[500 ₽]].", "money", "amount"),
    ("Доставка стоит [[500₽]].", "money"),
    ("Стоимость [[500 руб.]]", "money"),
    ("Стоимость [[500 руб]] за доставку.", "money"),
    ("Стоимость [[500 р.]] за доставку.", "money"),
    ("Вернём [[500 рублей]].", "money"),
    ("Спишем [[1 рубль]] для проверки.", "money"),
    ("Спишем [[2 рубля]] для проверки.", "money"),
    ("Итого [[1 290 ₽]].", "money"),
    ("Итого [[1\u00a0290 ₽]].", "money"),
    ("Итого [[1\u202f290 ₽]].", "money"),
    ("Итого [[1290,50 ₽]].", "money"),
    ("Итого [[1 290.50 руб.]]", "money"),
    ("Лимит [[5 тыс. руб.]] в день.", "money"),
    ("Лимит [[5 тыс. ₽]] в день.", "money"),
    ("Лимит [[5 тысяч рублей]] в день.", "money"),
    ("Оборот [[1,5 млн ₽]].", "money"),
    ("Оборот [[2 млн рублей]].", "money"),
    ("Подписка [[$10]] в месяц.", "money"),
    ("Подписка [[10 $]] в месяц.", "money"),
    ("Подписка [[10 долларов]] в месяц.", "money"),
    ("Подписка [[€15]] в месяц.", "money"),
    ("Подписка [[15 евро]] в месяц.", "money"),
    ("Лимит [[100 USD]].", "money"),
    ("Лимит [[100 RUB]].", "money"),
    ("Цена [[500–700 ₽]].", "money", "range"),
    ("Цена [[500-700 руб.]]", "money", "range"),
    ("Цена [[от 500 до 700 ₽]].", "money", "range"),
    ("Цена [[§§ ₽]].", "money", "amount"),
    ("Цена [[§§ руб.]]", "money"),
    ("Цена [[§§§ рублей]].", "money"),
    ("Доставка [[0 ₽]].", "money"),
    ("Цена от [[500 ₽]].", "money", "amount"),
    ("Вернём до [[1 000 рублей]].", "money"),
    ("Стоит около [[300 ₽]].", "money"),
    ("Стоимость [[12 500 рублей]].", "money"),
    ("Стоимость [[10 000 ₽]].", "money"),
    ("Стоимость [[99 руб]]", "money"),
    ("Оплатили [[200 рублями]].", "money"),
    ("Списали [[2 доллара]].", "money"),
    ("Цена [[12.50 ₽]].", "money"),
    ("Цена [[500 ₽ – 700 ₽]].", "money", "range"),
    ("Курьер приедет через 2 дня, доставка [[300 ₽]].", "money"),
    # --- percent
    ("Скидка [[40 %]].", "percent", "percent"),
    ("Скидка [[40%]].", "percent"),
    ("Скидка [[40 процентов]].", "percent"),
    ("Скидка до [[40 %]].", "percent"),
    ("Ставка [[15,5%]].", "percent"),
    ("Комиссия [[3 процента]].", "percent"),
    ("Скидка [[§§%]].", "percent"),
    ("Скидка [[10 %]] на всё.", "percent"),
    ("Переплата будет примерно [[10–12 %]], точнее скажет банк.", "percent"),
    ("Комиссия [[от 5 до 25 %]].", "percent"),
    ("Страховка обойдётся в [[0,5–1 %]] от остатка.", "percent"),
]

NEGATIVE = [
    # not time
    ("Ответим в ближайшее время.", "time"),
    ("Скоро всё заработает.", "time"),
    ("Исправим на днях.", "time"),
    ("Напишем позже.", "time"),
    ("Сообщим позднее.", "time"),
    ("Ответим как можно скорее.", "time"),
    ("Заявки обрабатываются в порядке очереди.", "time"),
    ("Звоните в рабочее время.", "time"),
    ("Это займёт в течение некоторого времени.", "time"),
    ("Со временем всё наладится.", "time"),
    ("Ответим до §§.", "time"),
    ("Ответим до §§§§", "time"),
    ("В заказе 3 товара.", "time"),
    ("Ваш заказ 12345 принят.", "time"),
    ("Обращение № 4581.", "time"),
    ("Звоните 8 800 555-35-35.", "time"),
    ("Звоните +7 (495) 123-45-67.", "time"),
    ("Карта **** 1234.", "time"),
    ("Обновите приложение до 2.3.1.", "time"),
    ("Доставка 500 ₽.", "time"),
    ("Скидка 40 %.", "time"),
    ("Адрес: ул. Ленина 15, дом 16.", "time"),
    ("Заказано 2 шт.", "time"),
    ("Ответим через несколько дней.", "time"),
    ("Работаем по выходным.", "time"),
    ("Списание раз в неделю.", "time"),
    ("Привозим по пятницам.", "time"),
    ("Ошибка воспроизводится в тестовой среде.", "time"),
    ("Добрый день!", "time"),
    ("Поздравляем на день рождения.", "time"),
    ("В конце концов всё решилось.", "time"),
    ("Ответим в течение нескольких дней.", "time"),
    ("Цена 12.50 ₽.", "time"),
    ("Скидка с 10 до 20 %.", "time"),
    ("Пятница — хороший день.", "time"),
    ("Цена выросла в 3 раза.", "time"),
    ("Лимит 100 000 руб.", "time"),
    ("Версия 2.30.1 уже вышла.", "time"),
    ("Спасибо, что дождались!", "time"),
    ("Хранение стоит 0,1 ₽ за литр в сутки.", "time"),
    ("Пакет 5 ГБ, вагон 7, места 12 и 14.", "time"),
    ("Обменяем на 39-й размер.", "time"),
    ("Завтрак включён, вчерашний заказ отменён.", "time"),
    ("Поздравляем с днём рождения, ждём до дня рождения.", "time"),
    # not money
    ("В заказе 3 товара.", "money"),
    ("Начислим 500 баллов.", "money"),
    ("Оформили заказ на 500.", "money"),
    ("Звоните 8 800 555-35-35.", "money"),
    ("Пробег 5 тыс. км.", "money"),
    ("Доставка бесплатно.", "money"),
    ("Скидка 40 %.", "money"),
    ("Ответим через 2 дня.", "money"),
    ("Обращение № 4581.", "money"),
    ("Начислим 500 бонусов.", "money"),
    ("Оплата в рублях.", "money"),
    ("Звоните +7 (495) 123-45-67.", "money"),
    ("Карта **** 1234.", "money"),
    ("Ваш заказ 12345 принят.", "money"),
    ("Ответим до §§.", "money"),
    # not percent
    ("Действует 15-процентная скидка.", "percent"),
    ("Доставка 500 ₽.", "percent"),
    ("Процентов не начисляем.", "percent"),
    ("Ваш заказ 12345 принят.", "percent"),
]


def _id(case) -> str:
    return case[0][:40]


@pytest.mark.parametrize("case", POSITIVE, ids=_id)
def test_positive(case):
    marked, kind, *sub = case
    text, start, end = parse(marked)
    found = [(e.kind, e.start, e.end) for e in find_entities(text)]
    assert (kind, start, end) in found, f"want {text[start:end]!r}, got {find_entities(text)}"
    if sub:
        (ent,) = [e for e in find_entities(text) if (e.start, e.end) == (start, end)]
        assert ent.sub == sub[0]


@pytest.mark.parametrize("case", NEGATIVE, ids=_id)
def test_negative(case):
    text, kind = case
    text = text.replace("§", PLACEHOLDER)
    assert [e for e in find_entities(text) if e.kind == kind] == []


def test_table_sizes():
    assert len(POSITIVE) >= 120 and len(NEGATIVE) >= 50


def test_entity_is_frozen():
    e = find_entities("Ответим завтра.")[0]
    assert e == Entity("time", "relative", 8, 14, "завтра")
    with pytest.raises(AttributeError):
        e.start = 0  # type: ignore[misc]


def test_offsets_survive_case_folding():
    # «İ» is the one character whose lower case is longer; offsets must still point into the input.
    text = "İİ Ёлки привезём ЗАВТРА за 500 ₽"
    assert [e.text for e in find_entities(text)] == ["ЗАВТРА", "500 ₽"]


def test_several_entities_in_order():
    text = "Вернём 1 290 ₽ в течение 3 рабочих дней, скидка 10 % действует до 15 марта."
    got = [(e.kind, e.text) for e in find_entities(text)]
    assert got == [
        ("money", "1 290 ₽"),
        ("time", "в течение 3 рабочих дней"),
        ("percent", "10 %"),
        ("time", "до 15 марта"),
    ]


# ---- properties ------------------------------------------------------------------------------------

ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁМПСЧ0123456789 .,:;-–—/%₽$€\n\u00a0\u202f" + PLACEHOLDER
WORDS = (
    "в во к до с со по от за через течение не позже позднее раньше чем более максимум на следующей "
    "неделе конца дня рабочих дней часа часов минут сутки пару две трёх пять двадцать марта мая "
    "пятницу среду понедельника сегодня завтра утром вечера утра ₽ руб. рублей тыс. млн $ € % "
    "процентов 15 3 10:00 18.00 16.03 2026 1 290 500 – - § §§"
).split()
messy = st.one_of(
    st.text(alphabet=ALPHABET, max_size=120),
    st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join).map(lambda s: s.replace("§", PLACEHOLDER)),
    st.text(max_size=80),
)


def _check(text: str) -> None:
    ents = find_entities(text)
    prev_end = 0
    for e in ents:
        assert e.text == text[e.start : e.end]
        assert e.start < e.end and e.start >= prev_end
        assert e.sub in SUBS[e.kind]
        prev_end = e.end


@settings(max_examples=400, deadline=None)
@given(messy)
def test_properties(text):
    _check(text)


@pytest.mark.parametrize(
    "text",
    [PLACEHOLDER * 5000 + " ₽", "1" * 5000, "до " * 3000, "1 " * 3000, (PLACEHOLDER + " ") * 3000, "от 1 до " * 1000],
    ids=range(6),
)
def test_long_runs_stay_linear(text):
    # each start scans a bounded window: these finish in milliseconds, not seconds
    _check(text)


# ---- the gate: a sentence with no token that may hold an entity is not searched -------------------


def _covered(text: str) -> None:
    """Every entity overlaps a token that entities.may_hold() lets through; every amount of money
    and percent one that may_hold_amount() does."""
    toks = tokenize(text, text)
    for e in find_entities(text):
        inside = [t.norm for t in toks if t.start < e.end and e.start < t.end]
        assert any(map(may_hold, inside)), (text, e)
        assert e.kind not in AMOUNTS or any(map(may_hold_amount, inside)), (text, e)


def test_every_entity_of_the_corpora_and_the_cases_holds_a_token_the_gate_lets_through():
    from corpus_eval import load

    from cxlint.linter import Linter

    texts = [r["text"] for r in load()]
    texts += [e.text for r in Linter().all_rules for e in r.examples]
    texts += [parse(c[0])[0] for c in POSITIVE] + [c[0].replace("§", PLACEHOLDER) for c in NEGATIVE]
    assert sum(bool(find_entities(t)) for t in texts) > 500
    for text in texts:
        _covered(text)


@settings(max_examples=600, deadline=None)
@given(messy)
def test_the_gate_lets_every_entity_through(text):
    _covered(text)


def test_the_gate_keeps_out_words_no_entity_is_made_of():
    assert not any(map(may_hold, "здравствуйте спасибо заказ вернём деньги что чек часто средство майка".split()))
    assert all(map(may_hold, ["15", PLACEHOLDER, "$", "завтра", "ч", "дня", "недели", "мая", "полчаса", "где-сегодня"]))


def test_texts_that_differ_only_in_digits_read_alike_only_where_the_digits_do_not_matter():
    # The places of a text's entities are remembered by its text with the digits folded that the
    # grammar reads by length alone; an hour, a day, a year's first two digits are read by value.
    said = [
        ("Код 5018, курьер приедет до 12:00.", [("time", "bound", "до 12:00")]),
        ("Код 8871, курьер приедет до 12:00.", [("time", "bound", "до 12:00")]),
        ("Код 8871, курьер приедет до 25:00.", []),
        ("Договор от 2019 года.", [("time", "date", "от 2019 года")]),
        ("Договор от 5019 года.", [("time", "duration", "от 5019 года")]),
        ("Договор от 2019 года.", [("time", "date", "от 2019 года")]),
        ("Итого 1 500 ₽ до 15.03.", [("money", "amount", "1 500 ₽"), ("time", "bound", "до 15.03")]),
        ("Итого 7 300 ₽ до 15.03.", [("money", "amount", "7 300 ₽"), ("time", "bound", "до 15.03")]),
        ("Итого 7 300 ₽ до 45.03.", [("money", "amount", "7 300 ₽")]),
    ]
    for text, want in said:
        assert [(e.kind, e.sub, e.text) for e in find_entities(text)] == want, text
