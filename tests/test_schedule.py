"""Dates in words and the next date of a rule."""

from __future__ import annotations

from datetime import date

from stadtkarte.models import Appointment
from stadtkarte.bidi import plain
from stadtkarte.schedule import describe_appointment, next_date, next_dates_text

MONDAY = date(2026, 11, 23)


def rule(**data) -> Appointment:  # noqa: ANN003
    return Appointment.model_validate(data)


def test_second_tuesday_in_words_and_expanded() -> None:
    second_tuesday = rule(regel="monatlich", tage=["di"], woche_im_monat=[2], von="15:00", bis="17:00")
    assert plain(describe_appointment(second_tuesday)) == "jeden 2. Dienstag im Monat, 15–17 Uhr"
    assert next_date(second_tuesday, MONDAY) == date(2026, 12, 8)
    assert next_date(second_tuesday, date(2026, 12, 9)) == date(2027, 1, 12)
    assert next_date(second_tuesday, date(2026, 11, 10)) == date(2026, 11, 10)


def test_last_weekday_weekly_fortnightly_once_and_validity() -> None:
    assert next_date(rule(regel="monatlich", tage=["mi"], woche_im_monat=[-1]), MONDAY) == date(2026, 11, 25)
    assert next_date(rule(regel="woechentlich", tage=["mo", "do"]), MONDAY) == MONDAY
    fortnight = rule(regel="zweiwoechentlich", tage=["fr"], datum="2026-09-11")
    assert next_date(fortnight, MONDAY) == date(2026, 12, 4)  # 11.9. + 12 weeks
    assert next_date(rule(regel="einmalig", datum="2026-11-01"), MONDAY) is None
    assert next_date(rule(regel="woechentlich", tage=["di"]), MONDAY, valid_until=date(2026, 11, 23)) is None
    assert next_date(rule(regel="woechentlich", tage=["di"]), MONDAY, valid_from=date(2027, 1, 1)) == date(2027, 1, 5)


def test_next_dates_text_picks_the_earliest_rule() -> None:
    items = [rule(regel="woechentlich", tage=["fr"], von="10:00", bis="12:00"),
             rule(regel="woechentlich", tage=["mi"], von="09:30", bis="11:00")]
    assert plain(next_dates_text(items, MONDAY)) == "nächster Termin: Mittwoch, 25.11.2026, 9:30–11 Uhr"
    assert next_dates_text([rule(hinweis="nach Vereinbarung")], MONDAY) is None
