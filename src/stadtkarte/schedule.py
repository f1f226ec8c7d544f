"""Opening hours and offer dates in plain words: "jeden 2. Dienstag, 15–17 Uhr".

In the language of the page being rendered (:func:`stadtkarte.i18n.speaking`): the sentences and
weekday names come from the locale files, dates are formatted by Babel (CLDR) for that language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from babel.dates import format_date

from .i18n import current_language, t
from .models import WEEKDAYS, Appointment, OpeningHours


def _time(value: str) -> str:
    """``15:00`` → ``15``, ``09:30`` → ``9:30``."""
    hours, minutes = value.split(":")
    return f"{int(hours)}" if minutes == "00" else f"{int(hours)}:{minutes}"


def time_range(start: str | None, end: str | None) -> str:
    if not start or not end:
        return ""
    return t("time.range", start=_time(start), end=_time(end))


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {t('word.and')} " + words[-1]


def days(codes: Sequence[str], plural: bool = False) -> str:
    key = "weekday_plural" if plural else "weekday"
    return _join([t(f"{key}.{code}") for code in codes])


def _week(number: int) -> str:
    """The week of the month in words: ``2.`` (German), ``second`` (English), ``-1`` the last."""
    return t("schedule.last") if number == -1 else t(f"schedule.week.{number}")


def date_text(day: date) -> str:
    """A date as the page's language writes it (Babel, CLDR's medium form): 24.11.2026,
    Nov 24, 2026, 24 Kas 2026, ٢٤‏/١١‏/٢٠٢٦ …"""
    return format_date(day, "medium", locale=_BABEL.get(current_language(), current_language()))


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
    return ", ".join(parts)


def _weekday(item: Appointment) -> str:
    return WEEKDAYS[item.date.weekday()] if item.date else "mo"


def describe_hours(item: OpeningHours) -> str:
    """One line of opening hours, e.g. ``Dienstag und Donnerstag 9:30–12 Uhr``."""
    parts = []
    if item.days:
        parts.append(f"{days(item.days)} {time_range(item.start, item.end)}".strip())
    if item.note:
        parts.append(item.note)
    return ", ".join(parts)


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
