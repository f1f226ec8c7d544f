"""iCalendar (RFC 5545): one ``.ics`` per offer with its recurring dates, one feed per category
and one with every offer, to subscribe to in any calendar app.

Each rule of ``termine`` becomes one VEVENT:

- ``woechentlich`` → ``RRULE:FREQ=WEEKLY;BYDAY=TU,TH``
- ``zweiwoechentlich`` → ``FREQ=WEEKLY;INTERVAL=2``, in step with its ``datum``
- ``monatlich`` with ``woche_im_monat: [2]`` → ``FREQ=MONTHLY;BYDAY=2TU`` (``-1`` is the last)
- ``einmalig`` → a single event on ``datum``

Times are local (``TZID=Europe/Berlin``, whose VTIMEZONE is in every file); ``gueltig_bis``
becomes ``UNTIL``. The series starts at ``gueltig_von``, else at ``geprueft_am`` (the day an
editor last confirmed the rule), so the files do not change from one day to the next.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from .. import richtext
from ..bidi import plain  # a calendar text without the isolates of the pages
from ..i18n import t
from ..publish import WEEKDAYS, Appointment, PublicOffer
from ..render import RenderContext
from ..schedule import describe_appointment, next_date
from . import FOLDER

TZID = "Europe/Berlin"
BERLIN = ZoneInfo(TZID)
CALENDARS = f"{FOLDER}/kalender"
ALL_PATH = f"{CALENDARS}/alle.ics"
BYDAY = dict(zip(WEEKDAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))
DESCRIPTION_CHARS = 1000

VTIMEZONE = [
    "BEGIN:VTIMEZONE", f"TZID:{TZID}",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
]
_TIMEZONE = "".join(line + "\r\n" for line in VTIMEZONE)  # short ASCII lines: nothing to fold


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11)."""
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (§3.1); a UTF-8
    character is never split."""
    if len(line) <= 75 and (line.isascii() or len(line.encode("utf-8")) <= 75):
        return line
    parts, current, size = [], [], 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > 75:
            parts.append("".join(current))
            current, size = [], 1  # the leading space of the continuation line
        current.append(ch)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _local(day: date, clock: str) -> str:
    hours, minutes = clock.split(":")
    return f"{day:%Y%m%d}T{int(hours):02d}{minutes}00"


def _until(day: date, all_day: bool) -> str:
    """The last day as UNTIL: a DATE for all-day events, else the end of that day in UTC (§3.3.10:
    with a TZID start, UNTIL is given in UTC)."""
    if all_day:
        return f"{day:%Y%m%d}"
    end = datetime.combine(day, time(23, 59, 59), tzinfo=BERLIN).astimezone(timezone.utc)
    return f"{end:%Y%m%dT%H%M%SZ}"


def rule_parts(item: Appointment) -> tuple[str, int, str] | None:
    """FREQ, INTERVAL and BYDAY of a recurring rule (as iCalendar and HSDS write them), or None
    for a single date or a rule without days."""
    if not _dated(item) or item.rule == "einmalig":
        return None
    days = [BYDAY[d] for d in item.days or []]
    if item.rule == "monatlich":
        return "MONTHLY", 1, ",".join(f"{n}{d}" for n in item.weeks_of_month or [] for d in days)
    return "WEEKLY", 2 if item.rule == "zweiwoechentlich" else 1, ",".join(days)


def recurrence(item: Appointment, valid_until: date | None, all_day: bool) -> str | None:
    """The RRULE value of one rule, or None for a single date."""
    found = rule_parts(item)
    if found is None:
        return None
    freq, interval, byday = found
    parts = [f"FREQ={freq}", *([f"INTERVAL={interval}"] if interval > 1 else []), f"BYDAY={byday}"]
    if interval > 1:
        parts.append("WKST=MO")  # the weeks of an every-second-week rule count from Monday
    if valid_until:
        parts.append(f"UNTIL={_until(valid_until, all_day)}")
    return ";".join(parts)


def _dated(item: Appointment) -> bool:
    if item.rule == "einmalig":
        return item.date is not None
    if item.rule == "monatlich":
        return bool(item.days and item.weeks_of_month)
    return item.rule in ("woechentlich", "zweiwoechentlich") and bool(item.days)


def _location(site: RenderContext, entry: PublicOffer) -> str:
    place = entry.place
    if place is None:
        return t("ui.online")
    if not place.approximate:
        extra = f" ({place.extra})" if place.extra else ""
        return f"{place.street}{extra}, {place.postcode} {place.town}"
    area = f"{place.postcode} {place.town}" if place.postcode else site.municipality_name(place.municipality)
    return f"{area} – {t('ui.address_private')}"


def _event(site: RenderContext, offer: PublicOffer, index: int, item: Appointment) -> list[str] | None:
    anchor = offer.valid_from or offer.checked_on
    if item.rule == "einmalig":
        first = item.date
    else:
        first = next_date(item, anchor, offer.valid_from, offer.valid_until)
    if first is None:  # no day of the rule falls into the validity window
        return None
    all_day = not item.start
    if all_day:
        start = [f"DTSTART;VALUE=DATE:{first:%Y%m%d}", f"DTEND;VALUE=DATE:{first + timedelta(days=1):%Y%m%d}"]
    else:
        start = [f"DTSTART;TZID={TZID}:{_local(first, item.start)}"]
        if item.end:
            start.append(f"DTEND;TZID={TZID}:{_local(first, item.end)}")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{site.entry_id(offer, 'termin', str(index))}",
        f"DTSTAMP:{offer.checked_on:%Y%m%d}T000000Z",
        *start,
    ]
    rule = recurrence(item, offer.valid_until, all_day)
    if rule:
        lines.append(f"RRULE:{rule}")
    page = site.absolute(offer.url)
    description = [plain(describe_appointment(item)), richtext.to_text(offer.description["de"], DESCRIPTION_CHARS)]
    if offer.cost:
        description.append(f"{t('ui.cost')}: {offer.cost}")
    if page:
        description.append(page)
    lines += [
        f"SUMMARY:{escape(offer.title)}",
        f"DESCRIPTION:{escape(chr(10).join(description))}",
        f"LOCATION:{escape(_location(site, offer))}",
    ]
    point = offer.place.point if offer.place else None
    if point:
        lines.append(f"GEO:{point.lat:.6f};{point.lon:.6f}")
    if page:
        lines.append(f"URL:{page}")
    lines.append("CATEGORIES:" + ",".join(escape(site.term_name("categories", c)) for c in offer.categories))
    lines.append("END:VEVENT")
    return lines


def offer_events(site: RenderContext, entry: PublicOffer) -> list[str]:
    """The VEVENTs of one offer as folded text (computed once per site: the offer's file, its
    category feeds and the feed of all offers share them)."""
    memo = site.memo.setdefault("events", {})
    if entry.slug not in memo:
        found = [_event(site, entry, i, item) for i, item in enumerate(entry.schedule) if _dated(item)]
        memo[entry.slug] = [_lines(e) for e in found if e is not None]
    return memo[entry.slug]


def _lines(lines: list[str]) -> str:
    return "".join(fold(line) + "\r\n" for line in lines)


def calendar_path(site: RenderContext, entry: PublicOffer) -> str | None:
    """Where the offer's ``.ics`` is, if it has dates (the same in every language's tree: found once)."""
    memo = site.shared.setdefault("calendar_paths", {})
    if entry.slug not in memo:
        memo[entry.slug] = f"{CALENDARS}/angebote/{entry.slug}.ics" if offer_events(site, entry) else None
    return memo[entry.slug]


def category_path(slug: str) -> str:
    return f"{CALENDARS}/kategorien/{slug}.ics"


def calendar(name: str, events: list[str]) -> str:
    head = _lines([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Stadtkarte Integration//Termine//DE", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", f"NAME:{escape(name)}", f"X-WR-CALNAME:{escape(name)}", f"X-WR-TIMEZONE:{TZID}",
        "REFRESH-INTERVAL;VALUE=DURATION:P1D", "X-PUBLISHED-TTL:P1D",
    ])
    return head + _TIMEZONE + "".join(events) + "END:VCALENDAR\r\n"


def files(site: RenderContext) -> list[tuple[str, str]]:
    out = []
    every: list[str] = []
    by_category: dict[str, list[str]] = {slug: [] for slug in site.view.categories}
    for entry in site.view.offers.values():
        events = offer_events(site, entry)
        if not events:
            continue
        out.append((f"{CALENDARS}/angebote/{entry.slug}.ics", calendar(entry.title, events)))
        every += events
        for slug in entry.categories:
            by_category.setdefault(slug, []).extend(events)
    for slug, events in by_category.items():
        name = t("export.calendar_name", name=site.term_name("categories", slug))
        out.append((category_path(slug), calendar(name, events)))
    out.append((ALL_PATH, calendar(t("export.calendar_name", name=t("ui.site_title")), every)))
    return out
