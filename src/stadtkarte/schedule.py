"""Opening hours and offer dates in plain words ("jeden 2. Dienstag, 15–17 Uhr"), in a few words
for cards ("Di 15–17 Uhr") and as data for the browser's time filters (:func:`encode`).

In the language of the page being rendered (:func:`stadtkarte.i18n.speaking`): the sentences and
weekday names come from the locale files, dates are formatted by Babel (CLDR) for that language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from babel.dates import format_date

from .bidi import first_strong, left_to_right
from .i18n import current_language, t
from .models import WEEKDAYS, Appointment, OpeningHours


def _time(value: str) -> str:
    """``15:00`` → ``15``, ``09:30`` → ``9:30``."""
    hours, minutes = value.split(":")
    return f"{int(hours)}" if minutes == "00" else f"{int(hours)}:{minutes}"


def time_range(start: str | None, end: str | None) -> str:
    if not start or not end:
        return ""
    return left_to_right(t("time.range", start=_time(start), end=_time(end)))


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return t("word.comma").join(words[:-1]) + f" {t('word.and')} " + words[-1]


def days(codes: Sequence[str], plural: bool = False) -> str:
    key = "weekday_plural" if plural else "weekday"
    return _join([t(f"{key}.{code}") for code in codes])


def _week(number: int) -> str:
    """The week of the month in words: ``2.`` (German), ``second`` (English), ``-1`` the last."""
    return t("schedule.last") if number == -1 else t(f"schedule.week.{number}")


def date_text(day: date) -> str:
    """A date as the page's language writes it (Babel, CLDR's medium form): 24.11.2026,
    Nov 24, 2026, 24 Kas 2026, ٢٤‏/١١‏/٢٠٢٦ …"""
    return first_strong(_date_text(day, _BABEL.get(current_language(), current_language())))


@lru_cache(maxsize=4096)  # Babel is slow; a page tree names the same few dates on many pages
def _date_text(day: date, locale: str) -> str:
    return format_date(day, "medium", locale=locale)


#: language codes of the site whose CLDR locale has another name
_BABEL = {"prs": "fa_AF", "kmr": "ku", "de-x-ls": "de"}


def describe_appointment(item: Appointment) -> str:
    """One rule in words, e.g. ``jeden 2. und 4. Dienstag im Monat, 15–17 Uhr``."""
    when = time_range(item.start, item.end)
    if item.rule == "woechentlich":
        text = t("schedule.weekly", days=days(item.days or [], plural=True))
    elif item.rule == "zweiwoechentlich":
        first = date_text(item.date) if item.date else ""
        text = t("schedule.fortnightly", days=days(item.days or []), first=first)
    elif item.rule == "monatlich":
        weeks = _join([_week(n) for n in item.weeks_of_month or []])
        text = t("schedule.monthly", weeks=weeks, days=days(item.days or []))
    elif item.rule == "einmalig" and item.date:
        text = t("schedule.once", date=date_text(item.date), weekday=t(f"weekday.{_weekday(item)}"))
    else:
        text = ""
    parts = [part for part in (text, when, item.note or "") if part]
    return t("word.comma").join(parts)


def _weekday(item: Appointment) -> str:
    return WEEKDAYS[item.date.weekday()] if item.date else "mo"


def describe_hours(item: OpeningHours) -> str:
    """One line of opening hours, e.g. ``Dienstag und Donnerstag 9:30–12 Uhr``."""
    parts = []
    if item.days:
        parts.append(f"{days(item.days)} {time_range(item.start, item.end)}".strip())
    if item.note:
        parts.append(item.note)
    return t("word.comma").join(parts)


_WEEKDAY_NUMBER = {code: number for number, code in enumerate(WEEKDAYS)}


def next_date(item: Appointment, today: date, valid_from: date | None = None, valid_until: date | None = None) -> date | None:
    """The next day (today or later) the rule ``item`` takes place, within the validity window."""
    from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday

    start = max(today, valid_from) if valid_from else today
    if item.rule == "einmalig":
        found = item.date if item.date and item.date >= start else None
    elif item.rule in ("woechentlich", "zweiwoechentlich", "monatlich") and item.days:
        days = [_WEEKDAY_NUMBER[d] for d in item.days]
        if item.rule == "monatlich":
            byday = [weekday(d)(n) for d in days for n in (item.weeks_of_month or [])]
            rule = rrule(MONTHLY, byweekday=byday, dtstart=datetime.combine(start, time()))
        else:
            anchor = item.date if item.rule == "zweiwoechentlich" and item.date else start
            rule = rrule(WEEKLY, interval=2 if item.rule == "zweiwoechentlich" else 1, byweekday=days,
                         dtstart=datetime.combine(anchor, time()))
        hit = rule.after(datetime.combine(start, time()) - timedelta(seconds=1))
        found = hit.date() if hit else None
    else:
        found = None
    if found and valid_until and found > valid_until:
        return None
    return found


def next_dates_text(items: list[Appointment], today: date, valid_from: date | None = None,
                    valid_until: date | None = None) -> str | None:
    """``nächster Termin: Dienstag, 24.11.2026, 15–17 Uhr`` for the earliest upcoming rule."""
    upcoming = [(next_date(i, today, valid_from, valid_until), i) for i in items]
    upcoming = [(d, i) for d, i in upcoming if d is not None]
    if not upcoming:
        return None
    day, item = min(upcoming, key=lambda pair: pair[0])
    weekday_code = WEEKDAYS[day.weekday()]
    when = time_range(item.start, item.end)
    text = t("schedule.next", weekday=t(f"weekday.{weekday_code}"), date=date_text(day))
    return f"{text}, {when}" if when else text


# --- the schedule as data for the visitor's browser (assets/stadtkarte/zeit.js) -----------------

#: ``regel`` → the short code of the encoded rule
RULE_CODES = {"woechentlich": "w", "zweiwoechentlich": "2w", "monatlich": "m", "einmalig": "1"}


def encode(items: Sequence[Appointment | OpeningHours], today: date, valid_from: date | None = None,
           valid_until: date | None = None) -> dict[str, Any] | None:
    """An entry's dates or opening hours as compact JSON data, ``None`` without any (the time
    filters call that "Zeit unbekannt"). The browser computes from it, in Europe/Berlin, the
    next date and whether the entry is open now, today, this week, in the evening, at the weekend.

    ``{"r": [[rule, days, weeks, date, start, end], …], "von": "2026-01-01", "bis": "2026-12-31"}``:
    ``rule`` ``w`` weekly (also every line of opening hours), ``2w`` every second week counted
    from ``date`` (the first date; the build day when the data has none), ``m`` monthly on the
    ``weeks`` (1–5, -1 the last) weekday of the month, ``1`` once on ``date``; ``days`` are
    weekday numbers 0 (Monday) … 6 (Sunday); ``start``/``end`` ``"HH:MM"`` or ``null``; ``von``
    and ``bis`` (the offer's ``gueltig_von``/``gueltig_bis``) only when set. Lines with a note
    alone carry no date and are left out."""
    rules: list[list[Any]] = []
    for item in items:
        rule = getattr(item, "rule", "woechentlich")
        days_ = [_WEEKDAY_NUMBER[d] for d in item.days or ()]
        weeks = list(getattr(item, "weeks_of_month", None) or ()) or None
        when = getattr(item, "date", None)
        if rule == "einmalig":
            if when is None:
                continue
            days_ = [when.weekday()]
        elif rule in ("woechentlich", "zweiwoechentlich") and days_:
            if rule == "zweiwoechentlich" and when is None:
                when = today
            elif rule == "woechentlich":
                when = None
        elif rule == "monatlich" and days_ and weeks:
            when = None
        else:
            continue
        rules.append([RULE_CODES[rule], days_, weeks, when.isoformat() if when else None, item.start, item.end])
    if not rules:
        return None
    data: dict[str, Any] = {"r": rules}
    if valid_from:
        data["von"] = valid_from.isoformat()
    if valid_until:
        data["bis"] = valid_until.isoformat()
    return data


# --- the short sentence on a card: "Di 15–17 Uhr", "jeden 1. Samstag, 10–12:30 Uhr" ------------

#: at most this many rules or lines of opening hours on a card (the entry page has all)
CARD_RULES = 2


def short_days(codes: Sequence[str]) -> str:
    """``Mo–Fr`` for three or more days in a row, else ``Mo, Mi``."""
    numbers = sorted(_WEEKDAY_NUMBER[c] for c in codes)
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = []
    for run in runs:
        names = [t(f"weekday_short.{WEEKDAYS[n]}") for n in run]
        parts.extend([f"{names[0]}–{names[-1]}"] if len(run) >= 3 else names)
    return t("word.comma").join(parts)


def _card_rule(item: Appointment | OpeningHours) -> str:
    rule = getattr(item, "rule", "woechentlich")
    when = time_range(item.start, item.end) or (t("time.from", start=left_to_right(_time(item.start))) if item.start else "")
    if rule == "einmalig" and getattr(item, "date", None):
        day = item.date  # type: ignore[union-attr]
        text = t("schedule.card_once", weekday=t(f"weekday_short.{WEEKDAYS[day.weekday()]}"),
                 date=date_text(day))
    elif rule == "monatlich" and item.days and getattr(item, "weeks_of_month", None):
        weeks = _join([_week(n) for n in item.weeks_of_month or []])  # type: ignore[union-attr]
        text = t("schedule.card_monthly", weeks=weeks, days=days(item.days))
        return f"{text}, {when}" if when else text
    elif rule == "zweiwoechentlich" and item.days:
        text = t("schedule.card_fortnightly", days=short_days(item.days))
    elif rule == "woechentlich" and item.days:
        text = short_days(item.days)
    else:
        return ""
    return f"{text} {when}".strip()


def card_text(items: Sequence[Appointment | OpeningHours]) -> str | None:
    """The entry's dates or opening hours in a few words for its card, e.g. ``Di 15–17 Uhr``,
    ``Mo–Fr 9–12 Uhr; Do 14–18 Uhr``, ``jeden 1. Samstag, 10–12:30 Uhr``; with no date only
    its note (``nach Vereinbarung``); ``None`` when there is nothing."""
    texts = [text for text in (_card_rule(item) for item in items) if text]
    if texts:
        more = len(texts) > CARD_RULES
        return "; ".join(texts[:CARD_RULES]) + (" …" if more else "")
    notes = [item.note for item in items if item.note]
    if notes:
        note = notes[0]
        return note if len(note) <= 60 else note[:59].rstrip() + "…"
    return None
