"""vCard files read as they really come (2.1, 3.0, 4.0), line numbers kept for messages.

vobject writes mxdesk's vCards, but its reader (0.9.9) cannot take what phones and mail
programs export: it matches ``QUOTED-PRINTABLE`` only in upper case, decodes with the
``ENCODING`` value as a character set, crashes on an unknown ``CHARSET``, refuses a card
without FN and, once the text is changed to suit it, reports lines that are not the file's.
This module does the part that is about the file: it splits the bytes into cards and
properties (RFC 2425 folding and vCard 2.1 quoted-printable soft line breaks), reads names and
parameters case-insensitively (2.1 bare ``;WORK;CELL``, 3.0 ``TYPE=work,voice``, 4.0 quoted
lists and ``PREF=1``), undoes ``ENCODING`` (quoted-printable, base64) and ``CHARSET``, and
unescapes values. What the properties mean for a contact is :mod:`mxdesk.core.exchange`'s.
Every error carries the line of the original file where the property starts.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import quopri
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from mxdesk.core.i18n import _

#: Bare 2.1 parameters that are encodings; every other bare parameter is a TYPE.
_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
#: Values that are binary data (a photo), never text: not decoded, never kept.
BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
# RFC 6350 allows letters, digits and "-"; some exporters also write "_" (X-ANDROID_…).
_NAME = re.compile(r"[A-Za-z0-9_-]+")
_GROUP = re.compile(r"[A-Za-z0-9_-]*")
_LINE_BREAK = re.compile(rb"\r\n|\n|\r")


class VCardError(Exception):
    """A place in a vCard file that cannot be read: *line* of the file, *card* (1-based, 0
    when outside any card) and what is wrong."""

    def __init__(self, line: int, message: str, card: int = 0, card_name: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.card = card
        self.card_name = card_name


@dataclass(frozen=True)
class Property:
    """One content line: ``item1.EMAIL;TYPE=work:ana@example.org``."""

    name: str  # upper case
    value: str  # encoding and charset undone, still escaped
    line: int  # where it starts in the file
    group: str = ""  # lower case
    params: dict[str, tuple[str, ...]] = field(default_factory=dict)  # upper-case names
    #: TYPE values, lower case, in the file's order (2.1 bare parameters included)
    types: tuple[str, ...] = ()

    def param(self, name: str) -> str:
        """The first value of the parameter *name* (any case); "" when it has none."""
        values = self.params.get(name.upper(), ())
        return values[0] if values else ""


@dataclass
class Card:
    """The properties between one BEGIN:VCARD and its END:VCARD."""

    number: int
    line: int
    properties: list[Property] = field(default_factory=list)
    #: Things said about reading it ("read as Windows-1252"), with their line.
    notices: list[tuple[int, str]] = field(default_factory=list)
    name_hint: str = ""

    @property
    def version(self) -> str:
        """The card's VERSION ("2.1", "3.0", "4.0"); "3.0" when it says none."""
        found = self.first("VERSION")
        return found.value.strip() if found else "3.0"

    def first(self, name: str) -> Property | None:
        """The card's first property called *name* (upper case), or None."""
        return next((p for p in self.properties if p.name == name), None)

    def all(self, name: str) -> list[Property]:
        """Every property called *name* (upper case), in the file's order."""
        return [p for p in self.properties if p.name == name]

    def text(self, prop: Property) -> str:
        """The value unescaped as this card's version says."""
        return unescape(prop.value, self.version)

    def parts(self, prop: Property, separator: str = ";") -> list[str]:
        """A structured value (N, ORG, ADR) split on unescaped *separator*, each unescaped."""
        return [unescape(part, self.version) for part in split_escaped(prop.value, separator)]


def unescape(value: str, version: str = "3.0") -> str:
    r"""``\n`` ``\,`` ``\;`` ``\\`` as RFC 6350 says; vCard 2.1 escapes only ``\;`` (and
    writers escape the backslash)."""
    if "\\" not in value:
        return value
    pattern = r"\\([\\;])" if version.startswith("2") else r"\\([\\,;:nN])"
    return re.sub(pattern, lambda m: "\n" if m[1] in "nN" else m[1], value)


def split_escaped(value: str, separator: str) -> list[str]:
    """*value* split on each *separator* that no backslash escapes (escapes are kept)."""
    parts, current, escaped = [], [], False
    for ch in value:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def to_utf8(raw: bytes) -> bytes:
    """The file's bytes with a byte-order mark taken off; UTF-16 and UTF-32 files (as Windows
    tools write them) become UTF-8, so every line is split and decoded the same way. Raises
    :class:`VCardError` (with the line) when the mark says UTF-16 or UTF-32 and the bytes
    are not."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                          (codecs.BOM_UTF8, ""), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            body = raw[len(bom):]
            if not encoding:
                return body
            try:
                return body.decode(encoding).encode("utf-8")
            except UnicodeDecodeError as exc:
                line = body[:exc.start].count("\n".encode(encoding)) + 1
                raise VCardError(line, _("not valid {encoding} text (the byte-order mark says "
                                         "it is)").format(encoding=encoding.upper())) from exc
    return raw


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts, current, quoted = [], [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _head_and_value(line: bytes | bytearray) -> tuple[bytes, bytes] | None:
    """Split a logical line at its first colon outside double quotes."""
    quoted = False
    for index, byte in enumerate(line):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            return bytes(line[:index]), bytes(line[index + 1:])
    return None


def _is_quoted_printable(line: bytes | bytearray) -> bool:
    split = _head_and_value(line)
    return split is not None and b"quoted-printable" in split[0].lower()


def _physical_lines(raw: bytes) -> Iterator[bytes]:
    """The lines of *raw* as ``_LINE_BREAK.split`` gives them, one at a time: a split of a
    whole address book at once is one call of 100-200 ms in which no other thread runs."""
    start = 0
    for match in _LINE_BREAK.finditer(raw):
        yield raw[start:match.start()]
        start = match.end()
    yield raw[start:]


def logical_lines(raw: bytes) -> Iterator[tuple[int, bytes]]:
    """(first line number, content line) pairs: folded lines (starting with a space or a tab)
    joined, and a quoted-printable value ending in ``=`` joined with the next line (vCard 2.1's
    soft line break, the ``=`` dropped; some writers end a value with a stray ``=``, so a
    blank line or END:VCARD is never taken in); blank lines skipped."""
    current: bytearray | None = None
    start = 0
    for number, line in enumerate(_physical_lines(raw), start=1):
        if (current is not None and current.endswith(b"=") and _is_quoted_printable(current)
                and line.strip().upper() not in (b"", b"END:VCARD", b"BEGIN:VCARD")):
            del current[-1]
            current += line
            continue
        if current is not None and line[:1] in (b" ", b"\t"):
            current += line[1:]
            continue
        if current is not None:
            yield start, bytes(current)
            current = None
        if line.strip():
            current, start = bytearray(line), number
    if current is not None:
        yield start, bytes(current)


def _decode_text(data: bytes, charset: str, name: str, line: int,
                 notices: list[tuple[int, str]]) -> str:
    if charset:
        try:
            info = codecs.lookup(charset.removeprefix("x-").removeprefix("X-"))
        except LookupError:
            info = None
        if info is None or not getattr(info, "_is_text_encoding", True):
            raise VCardError(line, _("unknown character set “{charset}” in {property}").format(
                charset=charset, property=name))
        try:
            return data.decode(info.name)
        except UnicodeDecodeError as exc:
            raise VCardError(line, _("{property} is not valid {charset} text, as its CHARSET "
                                     "says").format(property=name, charset=charset)) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise VCardError(line, _("{property} is neither UTF-8 nor Windows-1252 text and "
                                 "declares no CHARSET").format(property=name)) from exc
    notices.append((line, _("{property} is not UTF-8 and declares no CHARSET: read as "
                            "Windows-1252").format(property=name)))
    return text


#: Samsung's own label of a number or address: X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,
#: =4F=66=69=63=69=6E=61) is "Oficina".
_CUSTOM = re.compile(r"X-CUSTOM\((.*)\)", re.IGNORECASE | re.DOTALL)


def _custom_label(inside: str, number: int) -> str:
    """The label of a Samsung X-CUSTOM(…) parameter, its encoding and charset undone."""
    charset, encoding, label = "utf-8", "", []
    for item in inside.split(","):
        key, equals, value = item.partition("=")
        if equals and key.strip().upper() == "CHARSET":
            charset = value.strip()
        elif equals and key.strip().upper() == "ENCODING":
            encoding = value.strip().upper()
        else:
            label.append(item)
    data = ",".join(label).encode("utf-8")
    if encoding == "QUOTED-PRINTABLE":
        data = quopri.decodestring(data)
    try:
        return data.decode(charset).strip()
    except (LookupError, UnicodeDecodeError) as exc:
        raise VCardError(number, _("a Samsung label (X-CUSTOM) that is not {charset} "
                                   "text").format(charset=charset)) from exc


def parse_property(number: int, line: bytes, notices: list[tuple[int, str]]) -> Property:
    """One content line (*number*: its line in the file), its value decoded to text (still
    escaped); what reading it assumed is added to *notices* as (line, text). Raises
    :class:`VCardError` for a line that is no vCard property or cannot be decoded."""
    split = _head_and_value(line)
    if split is None:
        raise VCardError(number, _("not a vCard line (no “:” after the property name)"))
    head_bytes, data = split
    try:
        head = head_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise VCardError(number, _("the property name or its parameters are not UTF-8")) \
            from exc
    pieces = _split_outside_quotes(head, ";")
    group, _dot, name = pieces[0].strip().rpartition(".")
    if not _NAME.fullmatch(name) or not _GROUP.fullmatch(group):
        raise VCardError(number, _("“{name}” is not a vCard property name").format(
            name=pieces[0][:40]))
    params: dict[str, list[str]] = {}
    for piece in pieces[1:]:
        custom = _CUSTOM.fullmatch(piece.strip())
        if custom:
            params.setdefault("TYPE", []).append(_custom_label(custom[1], number))
            continue
        key, equals, values = piece.partition("=")
        if not equals:  # vCard 2.1: ;WORK;CELL;QUOTED-PRINTABLE
            bare = key.strip()
            if not bare:
                continue
            params.setdefault("ENCODING" if bare.upper() in _ENCODINGS else "TYPE",
                              []).append(bare)
            continue
        items = [v.strip().strip('"') for v in _split_outside_quotes(values, ",")]
        # vCard 4.0 quotes a list: TYPE="work,voice"
        params.setdefault(key.strip().upper(), []).extend(
            x.strip() for v in items for x in v.split(","))
    name = name.upper()
    encoding = (params.get("ENCODING") or [""])[0].upper()
    charset = (params.get("CHARSET") or [""])[0]
    if name in BINARY:
        value = ""  # a photo's bytes are not text; mxdesk does not keep them
    else:
        if encoding == "QUOTED-PRINTABLE":
            data = quopri.decodestring(data)
        elif encoding in ("B", "BASE64"):
            try:
                data = base64.b64decode(b"".join(data.split()), validate=True)
            except (binascii.Error, ValueError) as exc:
                raise VCardError(number, _("{property} is marked base64 but is not").format(
                    property=name)) from exc
        value = _decode_text(data, charset, name, number, notices)
        if encoding:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
    types = tuple(t.lower() for t in params.get("TYPE", []) if t)
    return Property(name=name, value=value, line=number, group=group.lower(),
                    params={k: tuple(v) for k, v in params.items()}, types=types)


def _name_hint(lines: list[tuple[int, bytes]]) -> str:
    """The card's FN, or its N, read leniently: only to name a card that cannot be read."""
    found: dict[str, str] = {}
    for number, line in lines:
        try:
            prop = parse_property(number, line, [])
        except VCardError:
            continue
        if prop.name in ("FN", "N") and prop.name not in found:
            found[prop.name] = prop.value
    if found.get("FN", "").strip():
        return unescape(found["FN"]).strip()
    parts = [unescape(p).strip() for p in split_escaped(found.get("N", ""), ";")]
    return " ".join(p for p in (parts[1:2] + parts[:1]) if p)


def read_cards(raw: bytes, tick: Callable[[], None] | None = None) -> list[Card]:
    """Every card of a vCard file, or :class:`VCardError` at the first place that is wrong.

    *tick* is called once per line and per card (what it raises ends the reading)."""
    tick = tick or (lambda: None)
    text = to_utf8(raw)
    groups: list[tuple[int, list[tuple[int, bytes]]]] = []
    open_at: int | None = None
    for number, line in logical_lines(text):
        tick()
        split = _head_and_value(line)
        head = split[0].strip().upper() if split else b""
        value = split[1].strip().upper() if split else b""
        if head == b"BEGIN":
            if open_at is not None:
                # The card without its END is the open one, not the one this BEGIN starts.
                raise VCardError(open_at, _("the card that starts here has no END:VCARD (a "
                                            "BEGIN:{value} follows at line {line})").format(
                                     value=value.decode('ascii', 'replace'), line=number),
                                 len(groups), _name_hint(groups[-1][1]))
            if value != b"VCARD":
                raise VCardError(number, _("expected BEGIN:VCARD, found BEGIN:{value}").format(
                    value=value.decode('ascii', 'replace')))
            open_at = number
            groups.append((number, []))
        elif head == b"END":
            if open_at is None:
                raise VCardError(number, _("END without a BEGIN:VCARD before it"))
            open_at = None
        elif open_at is None:
            raise VCardError(number, _("a line outside any card (before BEGIN:VCARD or after "
                                       "END:VCARD)"))
        else:
            groups[-1][1].append((number, line))
    if open_at is not None:
        raise VCardError(open_at, _("the card that starts here has no END:VCARD"),
                         len(groups), _name_hint(groups[-1][1]))
    if not groups:
        raise VCardError(1, _("no card in the file (no BEGIN:VCARD)"))
    cards = []
    for index, (start, lines) in enumerate(groups, start=1):
        tick()
        groups[index - 1] = (0, [])  # each card's lines freed as it is read, not all at the end
        card = Card(number=index, line=start)
        for number, line in lines:
            try:
                card.properties.append(parse_property(number, line, card.notices))
            except VCardError as exc:
                exc.card, exc.card_name = index, _name_hint(lines)
                raise
        cards.append(card)
    return cards
