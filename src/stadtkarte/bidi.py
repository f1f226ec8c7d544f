"""Numbers, addresses and times that keep their order in right-to-left pages.

A phone number ("07141 000101"), a time range ("9:30–12"), an e-mail or web address, a cost
("2 € pro Treffen") or a file name (".ics") inside an Arabic or Persian sentence is reordered by the
Unicode bidirectional algorithm: "000101 07141", "12–9:30", "(ics.)". Each such value is isolated
where it is made:

- in the templates by the filters ``ltr`` (``<bdi dir="ltr">``: phone numbers, addresses, times)
  and ``isolate`` (``<bdi>``: its own direction from its first letter, e.g. a German or a
  translated cost text);
- in texts built in Python (:mod:`stadtkarte.schedule`, locale texts such as "(.ics)") by the
  Unicode isolates LRI … PDI and FSI … PDI: correct as plain text, too (print, e-mail). The
  environment's ``finalize`` (:func:`finalize`) turns them into ``<bdi dir="ltr">`` and ``<bdi>``
  in every ``{{ … }}`` of the templates, so no place is forgotten. In an attribute value the
  filter ``e`` (escaped, so left alone) keeps them as characters: ``data-sk-rule``, which
  ``zeit.js`` writes back as text. Open data and calendar files take :func:`plain`.

``<bdi>`` isolates by itself (HTML's ``unicode-bidi: isolate``), no CSS class is needed.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

__all__ = ["FSI", "LRI", "PDI", "finalize", "first_strong", "html", "isolate", "left_to_right", "ltr", "plain"]

#: left-to-right isolate, first-strong isolate, pop directional isolate (Unicode UAX #9)
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
_TAGS = {LRI: '<bdi dir="ltr">', FSI: "<bdi>", PDI: "</bdi>"}


def left_to_right(text: str) -> str:
    """``text`` isolated left to right (a time, a phone number): LRI … PDI."""
    return f"{LRI}{text}{PDI}" if text else text


def first_strong(text: str) -> str:
    """``text`` isolated in its own direction (a date in words, a cost): FSI … PDI."""
    return f"{FSI}{text}{PDI}" if text else text


def plain(text: Any) -> Any:
    """The text without isolates (for attribute values and data)."""
    if not isinstance(text, str) or isinstance(text, Markup):
        return text
    return text.replace(LRI, "").replace(FSI, "").replace(PDI, "")


def html(text: str) -> Markup:
    """Escaped ``text`` with its isolates as ``<bdi>`` elements (unbalanced ones dropped)."""
    out: list[str] = []
    depth = 0
    for part in _split(str(text)):
        if part in (LRI, FSI):
            depth += 1
            out.append(_TAGS[part])
        elif part == PDI:
            if depth:
                depth -= 1
                out.append(_TAGS[part])
        else:
            out.append(str(escape(part)))
    out.extend(_TAGS[PDI] for _ in range(depth))
    return Markup("".join(out))


def _split(text: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for index, char in enumerate(text):
        if char in _TAGS:
            if index > start:
                parts.append(text[start:index])
            parts.append(char)
            start = index + 1
    if start < len(text):
        parts.append(text[start:])
    return parts


def ltr(value: Any) -> Markup:
    """Jinja filter: ``<bdi dir="ltr">value</bdi>`` (phone, e-mail, web address, time)."""
    if value is None or value == "":
        return Markup("")
    return Markup('<bdi dir="ltr">') + html(plain(str(value))) + Markup("</bdi>")


def isolate(value: Any) -> Markup:
    """Jinja filter: ``<bdi>value</bdi>``, the value in its own direction (a cost text)."""
    if value is None or value == "":
        return Markup("")
    return Markup("<bdi>") + html(str(value)) + Markup("</bdi>")


def finalize(value: Any) -> Any:
    """The environment's ``finalize``: a text with isolates becomes HTML with ``<bdi>``."""
    if isinstance(value, str) and not isinstance(value, Markup) and (LRI in value or FSI in value):
        return html(value)
    return value
