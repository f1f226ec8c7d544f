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
    rendered = md.convert(_AUTOLINK_FREE_LT.sub("&lt;", text))
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
