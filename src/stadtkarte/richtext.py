"""Editors' Markdown → safe HTML: rendered, then sanitised (raw HTML, scripts, event handlers and
unsafe link schemes are removed; only http, https, mailto and tel links survive)."""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code", "h3", "h4", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


_AUTOLINK_FREE_LT = re.compile(r"<(?!(?:https?://|mailto:)[^\s<>]+>)")
#: a bullet as Word, a phone or a typewriter writes it: "• text", "•\ttext", "– text", "· text"
_BULLET = re.compile(r"^([ \t]*)[•·▪◦‣–—][ \t\u00a0]+(?=\S)")
#: the start of a Markdown list item
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")


def bullets_to_markdown(text: str) -> str:
    """Lines starting with "•" or "–" (also followed by a tab, as pasted from Word) become a
    Markdown list; a blank line is put before the list so it does not run into the paragraph."""
    lines = text.splitlines()
    if not any(_BULLET.match(line) for line in lines):
        return text
    out: list[str] = []
    in_list = False
    for line in lines:
        match = _BULLET.match(line)
        if match:
            line = f"{match.group(1).replace(chr(9), '    ')}- {line[match.end():]}"
            if out and out[-1].strip() and not in_list and not _LIST_ITEM.match(out[-1]):
                out.append("")
        elif in_list and line.strip() and not line[:1].isspace():
            out.append("")  # text after the list is a new paragraph, not part of the last item
        in_list = bool(match) or (in_list and bool(line.strip()) and line[:1].isspace())
        out.append(line)
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


@cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


@lru_cache(maxsize=8192)
def to_html(text: str, *, shift_headings: int = 2) -> str:
    """Render Markdown and sanitise the result. Headings move down (``#`` → ``h3``) so a
    description never competes with the page's own headings."""
    md = _markdown()
    md.reset()
    # Raw HTML is shown as text, not interpreted (autolinks like <https://…> stay links).
    rendered = md.convert(_AUTOLINK_FREE_LT.sub("&lt;", bullets_to_markdown(text)))
    for level in range(6, 0, -1):
        target = min(6, level + shift_headings)
        rendered = re.sub(rf"<(/?)h{level}>", rf"<\1h{target}>", rendered)
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def to_text(text: str, limit: int | None = None) -> str:
    """Plain text of a Markdown description (for teasers, search and JSON-LD)."""
    plain = re.sub(r"<[^>]+>", " ", to_html(text))
    plain = re.sub(r"\s+", " ", html.unescape(plain)).strip()
    if limit and len(plain) > limit:
        cut = plain[:limit].rsplit(" ", 1)[0]
        return cut.rstrip(",;:.–- ") + " …"
    return plain
