"""Safe YAML loading that remembers where every value stands in the file.

Editors write YAML by hand, so the loader is strict where PyYAML is lenient and friendly where
it is cryptic:

* only the YAML 1.2 core scalars are typed: ``true``/``false``, decimal numbers and ``null``.
  Everything else stays text, so ``no`` (Norwegian), ``15:00`` (not 900), ``01067`` (not an
  octal number) and ``2025-10-24`` (parsed later, with a German message) mean what they say;
* duplicate keys, anchors and aliases (``&a``/``*a``, the "billion laughs" bomb), tabs in the
  indentation, non-UTF-8 bytes, several documents in one file and oversized files are rejected;
* every problem is a :class:`~stadtkarte.problems.Problem` with line and column, never an
  exception;
* every text and key is normalised to Unicode NFC (composed "é"), so the same word is the same text
  however it was typed.

The result is plain Python data plus a :class:`Positions` map from a value's path
(``("kontakt", "email")``, ``("termine", 0, "von")``) to its 1-based line and column.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .i18n import t
from .problems import Problem, os_reason

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 32

Path_ = tuple[str | int, ...]


class _CoreResolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema scalars only (no yes/no booleans, no sexagesimal, no timestamps)."""


_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_CoreResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)

try:
    from yaml._yaml import CParser as _CParser  # libyaml: about ten times faster
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None
_Parser = _CParser or yaml.parser.Parser


if _Parser is yaml.parser.Parser:  # pragma: no cover - pure-Python fallback without libyaml

    class _Loader(
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        yaml.constructor.SafeConstructor,
        _CoreResolver,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            _CoreResolver.__init__(self)

else:

    class _Loader(_CParser, yaml.constructor.SafeConstructor, _CoreResolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            _CoreResolver.__init__(self)


@dataclass
class Positions:
    """Where each value of a loaded file stands: path → (line, column), both 1-based.

    For a mapping entry the position is that of its key (where an editor looks for the field);
    for a list item, that of the item.
    """

    spots: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path_) -> tuple[int, int]:
        """Position of ``path`` or of its nearest ancestor that exists (a missing key points at
        its parent), or the file's start."""
        p = tuple(path)
        while p:
            if p in self.spots:
                return self.spots[p]
            p = p[:-1]
        return self.spots.get((), (1, 1))


@dataclass
class Loaded:
    """A file's data, where its values stand, and what went wrong reading it."""

    path: Path
    data: Any
    positions: Positions
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


class _Walk:
    """Turns a composed node tree into Python data, recording positions and problems."""

    def __init__(self, loader: _Loader, source: Path, foreign_tags: bool = False) -> None:
        self.loader = loader
        self.source = source
        self.foreign_tags = foreign_tags
        self.positions = Positions()
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def problem(self, node: Node, path: Path_, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.source, mark.line + 1, mark.column + 1, path, message))

    def value(self, node: Node, path: Path_, depth: int = 0) -> Any:
        if id(node) in self.seen:  # the same node twice: an alias (*name)
            self.problem(node, path, t("yaml.alias"))
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problem(node, path, t("yaml.too_deep", max=MAX_DEPTH))
            return None
        if node.tag not in _ALLOWED_TAGS:
            if not self.foreign_tags:
                self.problem(node, path, t("yaml.tag", tag=node.tag.replace("tag:yaml.org,2002:", "!!")))
                return None
            if node.tag == "!ENV":  # mkdocs.yml: the environment's value, as MkDocs reads it
                return _nfc(env_value(self.loader, node))
            if isinstance(node, ScalarNode):  # e.g. !!python/name:… in mkdocs.yml: its text, never run
                return _nfc(node.value)
        if isinstance(node, ScalarNode):
            return _nfc(self.loader.construct_object(node))
        if isinstance(node, SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.positions.spots[(*path, index)] = (
                    item.start_mark.line + 1,
                    item.start_mark.column + 1,
                )
                items.append(self.value(item, (*path, index), depth + 1))
            return items
        if isinstance(node, MappingNode):
            result: dict[Any, Any] = {}
            first_line: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    self.problem(key_node, path, t("yaml.complex_key"))
                    continue
                key = self.loader.construct_object(key_node) if key_node.tag in _ALLOWED_TAGS else key_node.value
                if not isinstance(key, str):
                    key = key_node.value
                key = _nfc(key)
                spot = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if key in result:
                    self.problem(
                        key_node, (*path, key), t("yaml.duplicate_key", line=first_line[key])
                    )
                    continue
                first_line[key] = spot[0]
                self.positions.spots[(*path, key)] = spot
                result[key] = self.value(value_node, (*path, key), depth + 1)
            return result
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover


def env_value(loader: yaml.SafeLoader, node: Node) -> Any:
    """The value of MkDocs' ``!ENV`` tag, as MkDocs reads it (pyyaml_env_tag): ``!ENV NAME`` or
    ``!ENV [NAME, OTHER, default]`` – the first variable that is set, else the last item (with one
    item: no default, ``None``). The variable's text is read as a plain YAML scalar (``true``,
    ``8000``, text); nothing else is ever constructed."""
    if isinstance(node, ScalarNode):
        names, default = [node.value], None
    elif isinstance(node, SequenceNode) and node.value and all(isinstance(item, ScalarNode) for item in node.value):
        items = [item.value for item in node.value]
        names, default = (items[:-1], loader.construct_object(node.value[-1])) if len(items) > 1 else (items, None)
    else:
        return None
    for name in names:
        if name in os.environ:
            text = os.environ[name]
            tag = loader.resolve(ScalarNode, text, (True, False))
            return loader.construct_object(ScalarNode(tag, text))
    return default


def _nfc(value: Any) -> Any:
    """Text in Unicode's composed form (NFC): "Café" typed as "e" + combining accent is the same
    text as with "é", for comparisons, duplicate keys and every output."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


_ALLOWED_TAGS = {
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}

# PyYAML's English problem texts, rewritten for editors. Unknown ones are shown as they are.
_SYNTAX_HINTS = {
    "mapping values are not allowed": "yaml.hint.colon",
    "did not find expected ',' or": "yaml.hint.bracket",
    "second occurrence": "yaml.alias",
    "could not find expected ':'": "yaml.hint.missing_colon",
    "found unexpected end of stream": "yaml.hint.unclosed_quote",
    "found unknown escape character": "yaml.hint.escape",
    "expected a single document in the stream": "yaml.hint.several_documents",
    "did not find expected key": "yaml.hint.indent",
    "did not find expected '-' indicator": "yaml.hint.indent",
    "expected <block end>, but found '<block mapping start>'": "yaml.hint.indent",
    "expected <block end>, but found '<block sequence start>'": "yaml.hint.indent",
    "expected <block end>, but found '<scalar>'": "yaml.hint.indent",
    "found undefined alias": "yaml.alias",
    "found duplicate anchor": "yaml.alias",
}


_OPEN_QUOTE_RE = re.compile(r"""^\s*(?:-\s+)?[^#"'\s][^:#]*:\s+(["'])(?!.*\1\s*(?:#.*)?$)""")


_BLOCK_START_RE = re.compile(r"^(\s*)(?:-\s+)?([^\s#:\"'-][^:#]*?):\s*[|>][-+0-9]*\s*(?:#.*)?$")
_KEY_LIKE_RE = re.compile(r"^\s*(?:-(?:\s|$)|#|[^\s#:\"'][^:#]*:(?:\s|$))")


def _unindented_block_text(text: str, upto: int) -> tuple[int, int, str, int, int] | None:
    """The first line (up to line ``upto``) that belongs to a ``key: |`` text but is not
    indented below the key, so YAML reads it as a new field and fails further down. Returns
    (line, column, key, line of the key, indentation the text needs)."""
    block: tuple[str, int, int] | None = None  # key, its line, its indentation
    for number, line in enumerate(text.splitlines()[:upto], start=1):
        indent = len(line) - len(line.lstrip(" "))
        if block is not None and line.strip():
            key, key_line, key_indent = block
            if indent > key_indent:
                continue  # the text itself
            block = None
            if not _KEY_LIKE_RE.match(line):
                return number, indent + 1, key, key_line, key_indent + 2
        start = _BLOCK_START_RE.match(line)
        if start:
            block = (start.group(2).strip(), number, len(start.group(1)))
    return None


def _syntax_problem(source: Path, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    # Text under "de: |" that is not indented: YAML complains a line or two later, about a colon.
    unindented = _unindented_block_text(text, line)
    if unindented:
        number, column, key, key_line, needed = unindented
        hint = t("yaml.hint.block_indent", key=key, line=key_line, indent=needed)
        return Problem(source, number, column, (), t("yaml.syntax", problem=hint))
    # An unclosed quote is reported far below where it opens: point at the opening line.
    for number, content in enumerate(text.splitlines()[:line], start=1):
        match = _OPEN_QUOTE_RE.match(content)
        if match and number < line:
            return Problem(source, number, match.start(1) + 1, (), t("yaml.syntax", problem=t("yaml.hint.quote_line")))
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    hint_key = next((v for k, v in _SYNTAX_HINTS.items() if problem.startswith(k) or context.startswith(k)), None)
    message = t(hint_key) if hint_key else t("yaml.hint.unknown")
    return Problem(source, line, col, (), t("yaml.syntax", problem=message))


# What YAML does not allow in a file (PyYAML's Reader.NON_PRINTABLE, checked up front for a position),
# and the line breaks only YAML 1.1 knows (U+0085, U+2028, U+2029): they would silently change a text
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]")


def _tab_problems(source: Path, text: str) -> list[Problem]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            found.append(Problem(source, number, line.index("\t") + 1, (), t("yaml.tab")))
    return found


def decode(source: Path, raw: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 text of a file's bytes, or the problem that prevents it (size, encoding, NUL)."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                source, 1, 1, (), t("file.too_big", size=-(-len(raw) // 1024), max=MAX_FILE_BYTES // 1024)
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        return None, [Problem(source, line, col, (), t("file.not_utf8"))]
    if "\x00" in text:
        before = text[: text.index("\x00")]
        return None, [
            Problem(source, before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1, (), t("file.binary"))
        ]
    return text, []


def load_text(source: Path, text: str, *, mapping: bool = True, foreign_tags: bool = False) -> Loaded:
    """Load one YAML document from ``text``; ``source`` is only used to name the file.
    ``mapping``: a data file must consist of ``key: value`` fields. ``foreign_tags``: read values
    with tags such as ``!!python/name:`` or ``!ENV`` (mkdocs.yml) as plain text instead of
    rejecting them; nothing is ever constructed from a tag."""
    problems = _tab_problems(source, text)
    if problems:
        return Loaded(source, None, Positions(), problems)
    bad = _NON_PRINTABLE.search(text)
    if bad:
        before = text[: bad.start()]
        line, col = before.count("\n") + 1, bad.start() - (before.rfind("\n") + 1) + 1
        code = f"U+{ord(bad.group()):04X}"
        return Loaded(source, None, Positions(), [Problem(source, line, col, (), t("file.control_char", code=code))])
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return Loaded(source, None, Positions(), [_syntax_problem(source, text, error)])
    except (yaml.YAMLError, RecursionError):
        return Loaded(source, None, Positions(), [Problem(source, 1, 1, (), t("yaml.syntax", problem=t("yaml.hint.unknown")))])
    finally:
        loader.dispose()
    if root is None:
        return Loaded(source, None, Positions(), [Problem(source, 1, 1, (), t("file.empty"))])
    walk = _Walk(loader, source, foreign_tags)
    try:
        data = walk.value(root, ())
    except RecursionError:
        return Loaded(source, None, Positions(), [Problem(source, 1, 1, (), t("yaml.too_deep", max=MAX_DEPTH))])
    walk.positions.spots[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
    if mapping and not isinstance(data, dict):
        walk.problems.append(Problem(source, *walk.positions.of(()), (), t("file.not_mapping")))
    return Loaded(source, data, walk.positions, walk.problems)


def load_file(source: Path) -> Loaded:
    """Read and load ``source``; every failure (unreadable, too big, not UTF-8) is a problem."""
    try:
        raw = source.read_bytes()
    except OSError as error:
        return Loaded(source, None, Positions(), [Problem(source, 1, 1, (), t("file.unreadable", why=os_reason(error)))])
    text, problems = decode(source, raw)
    if text is None:
        return Loaded(source, None, Positions(), problems)
    return load_text(source, text)


def load_value(text: str) -> Any:
    """A YAML snippet's value with the same scalar rules as data files (for examples)."""
    loaded = load_text(Path("<snippet>"), text, mapping=False)
    if loaded.problems:
        raise ValueError(f"not a YAML value: {text!r}: {[p.message for p in loaded.problems]}")
    return loaded.data
