"""Contacts CSV files as spreadsheets and mail programs write them, and as mxdesk writes them.

Reading finds the encoding (a byte-order mark, else UTF-8, else Windows-1252 as the stated
fallback), the separator (``,`` ``;`` or tab, counted on the header line) and what each column
means, whatever its case, accents or program of origin (mxdesk, Outlook, Google, Thunderbird,
Spanish headers); columns that mean nothing here are reported, not refused. Writing guards a
spreadsheet against formulas smuggled in a cell (OWASP "CSV injection").
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

#: mxdesk's own columns, in the order it writes them.
COLUMNS = ("name", "role", "organisation", "cluster_id", "email", "phone", "met_where",
           "met_on", "tags", "comment", "uid")
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
IGNORED = "(ignored)"

#: A cell starting with one of these is a formula to a spreadsheet (OWASP: = + - @ tab CR).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A phone number a spreadsheet may compute but never runs anything from: a plus, digits and
#: separators, an extension ("ext. 12"), its types in brackets (format_points); no character
#: that calls a function, links or reaches another program (no letter before "(", no | ! " ').
_PHONE = r"\+?[0-9][0-9 ./()-]*[0-9)](?: ?(?:ext\.?|x) ?[0-9]+)?(?: \([a-z0-9 ,-]*\))?"
_SAFE_PHONES = re.compile(rf"{_PHONE}(?:; {_PHONE})*")
#: What mxdesk's own import takes off again: one apostrophe before a formula start.
_GUARDED = re.compile(r"'+[=+\-@\t\r]")


class CsvFileError(Exception):
    """A CSV file that cannot be read; the message says what was found. *line* is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# -- writing ----------------------------------------------------------------------------------


def safe_cell(text: str, column: str = "") -> str:
    """*text* as a spreadsheet will show it and never evaluate it.

    A cell starting with ``=`` ``+`` ``-`` ``@`` a tab or a carriage return gets an apostrophe
    in front (and so does one that already starts with apostrophes before such a character, so
    that :func:`unguard` gives back exactly what was written). Phone numbers of digits and
    separators after a ``+`` are left as they are: no function, link or command can be written
    with those characters, and spreadsheets then show the number as written.
    """
    if column == "phone" and _SAFE_PHONES.fullmatch(text):
        return text
    if text.startswith(FORMULA_START) or _GUARDED.match(text):
        return "'" + text
    return text


def unguard(text: str) -> str:
    """The inverse of :func:`safe_cell`: one apostrophe before a formula start taken off."""
    return text[1:] if _GUARDED.match(text) else text


# -- reading: bytes, separator ------------------------------------------------------------------


def decode(raw: bytes, fallback: bool = True) -> tuple[str, str]:
    """(text, what it was read as): a byte-order mark says UTF-8, UTF-16 or UTF-32; else UTF-8;
    else, with *fallback*, Windows-1252 (what Excel and Outlook write on Western Windows).
    Raises :class:`CsvFileError` naming the line of the first byte that fits none."""
    for bom, encoding, label in (
            (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
            (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
            (codecs.BOM_UTF8, "utf-8", "UTF-8 with a byte-order mark"),
            (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
            (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE")):
        if raw.startswith(bom):
            body = raw[len(bom):]
            try:
                return body.decode(encoding), label
            except UnicodeDecodeError as exc:
                line = body[:exc.start].count("\n".encode(encoding)) + 1
                raise CsvFileError(line, f"not valid {label} text, though it starts with "
                                         "that byte-order mark") from exc
    utf16 = _utf16_without_bom(raw)
    if utf16:
        label = f"{utf16.upper().replace('-LE', ' LE').replace('-BE', ' BE')} without a " \
                "byte-order mark"
        try:
            return raw.decode(utf16), label
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count("\n".encode(utf16)) + 1
            raise CsvFileError(line, f"not valid {label} text, though it looks like it") \
                from exc
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        if not fallback:
            raise CsvFileError(line, "not UTF-8 text") from exc
        utf8_error = exc
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        line = raw[:utf8_error.start].count(b"\n") + 1
        raise CsvFileError(line, "not UTF-8 text, nor Windows-1252") from exc


def separator(text: str) -> str:
    """The separator of the header: the most frequent of ``,`` ``;`` tab outside quotes on the
    first of the first ten lines that has any (``,`` when none has). Excel's ``sep=;`` first
    line says it outright."""
    hint = re.match(r"sep=([,;\t|])\r?\n", text)
    if hint:
        return hint[1]
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted, lines = False, 0
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "\n":
            lines += 1
            if any(counts.values()) or lines >= 10:
                break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ","


def _utf16_without_bom(raw: bytes) -> str:
    """"utf-16-le" or "utf-16-be" when *raw* looks like UTF-16 text without a byte-order
    mark (every other byte zero, as in Latin text), else ""."""
    sample = raw[:2000]
    if len(sample) < 4 or b"\x00" not in sample:
        return ""
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return ""


# -- reading: what a column means ---------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """What one header means: a contact *field* ("" when mxdesk does not keep it, IGNORED when
    it only repeats what another column holds), the *types*
    its e-mail or phone values carry, and for Google's numbered pairs ("E-mail 1 - Type",
    "E-mail 1 - Value") the pair it belongs to and whether it holds the type."""

    header: str
    field: str
    types: tuple[str, ...] = ()
    pair: str = ""
    is_type: bool = False


def header_key(header: str) -> str:
    """A header without case, accents or punctuation: ``"E-mail 2 Address"`` → ``"e mail 2
    address"``."""
    decomposed = unicodedata.normalize("NFKD", header.strip().lstrip("\ufeff"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


_FIELDS = {
    "name": ("name", "full name", "display name", "nombre", "nombre completo", "contact name"),
    "given": ("first name", "given name", "nombre de pila", "vorname"),
    "middle": ("middle name", "additional name", "segundo nombre"),
    "family": ("last name", "family name", "surname", "apellido", "apellidos", "nachname"),
    "prefix": ("name prefix", "prefix"),
    "suffix": ("suffix", "name suffix"),
    "role": ("role", "job title", "organization 1 title", "organization title", "position",
             "cargo", "puesto", "position title"),
    "organisation": ("organisation", "organization", "company", "organization 1 name",
                     "organization name", "empresa", "organizacion", "firma", "institucion"),
    "department": ("department", "organization 1 department", "organization department",
                   "departamento", "abteilung"),
    "cluster_id": ("cluster id",),
    "met_where": ("met where",),
    "met_on": ("met on",),
    "tags": ("tags", "categories", "group membership", "labels", "etiquetas", "categorias"),
    "comment": ("comment", "comments", "notes", "note", "notas", "comentario", "comentarios",
                "notizen"),
    "uid": ("uid",),
}
_BY_KEY = {key: field for field, keys in _FIELDS.items() for key in keys}
_EMAIL_WORD = r"(?:e mail|email|correo(?: electronico)?|mail)"
#: Words in a phone or e-mail header that become its types (Outlook's "Business Fax").
_TYPE_WORDS = {"business": "work", "work": "work", "home": "home", "mobile": "cell",
               "cell": "cell", "cellular": "cell", "fax": "fax", "pager": "pager",
               "car": "car", "other": "other", "main": "main", "assistant": "assistant",
               "callback": "callback", "radio": "radio", "isdn": "isdn", "telex": "telex",
               "tty": "textphone", "primary": "pref", "secondary": "", "movil": "cell",
               "celular": "cell", "trabajo": "work", "casa": "home", "particular": "home"}
_PHONE_WORDS = {"phone", "telephone", "tel", "telefono", "telefon", "mobile", "fax", "pager",
                "movil", "celular"}


def _types_from(words: Iterable[str]) -> tuple[str, ...]:
    found = [_TYPE_WORDS[w] for w in words if _TYPE_WORDS.get(w)]
    return tuple(dict.fromkeys(found))


def column(header: str, headers_keys: set[str]) -> Column:
    """What *header* means, among the keys of all the file's headers (Outlook's "Title" is a
    name prefix beside its "Job Title", a role otherwise)."""
    key = header_key(header)
    if key in _BY_KEY:
        return Column(header, _BY_KEY[key])
    if key == "title":
        return Column(header, "prefix" if "job title" in headers_keys else "role")
    google = re.fullmatch(r"\s*(e-?mail|phone) (\d+) - (type|label|value)\s*", header,
                          re.IGNORECASE)
    if google:
        field = "phone" if google[1].lower() == "phone" else "email"
        return Column(header, field, pair=f"{field} {google[2]}",
                      is_type=google[3].lower() != "value")
    if re.fullmatch(r"e mail(?: \d+)? (?:type|display name)", key):
        # Outlook's "SMTP" and "Ana (ana@example.org)": said again by the address itself.
        return Column(header, IGNORED)
    words = key.split()
    if re.fullmatch(rf"(?:\w+ )*{_EMAIL_WORD}(?: \d+)?(?: address| value)?", key) and not (
            {"type", "display"} & set(words)):
        return Column(header, "email", _types_from(words))
    if _PHONE_WORDS & set(words) and not {"type", "label"} & set(words) and not (
            {"address", "street", "city"} & set(words)):
        return Column(header, "phone", _types_from(words))
    return Column(header, "")


def points_of(cell: str) -> list[str]:
    """The values a cell holds: Google separates several with `` ::: ``."""
    return [p.strip() for p in cell.split(":::") if p.strip()]


def google_types(cell: str) -> tuple[tuple[str, ...], bool]:
    """A Google type cell (``"* Work"``: the star marks the preferred one) as vCard types and
    whether it is preferred."""
    preferred = cell.strip().startswith("*")
    words = header_key(cell).split()
    types = tuple(_TYPE_WORDS.get(w, w) for w in words if _TYPE_WORDS.get(w, w) != "pref")
    return tuple(t for t in types if t), preferred


def reader(text: str, sep: str) -> csv.DictReader[str]:
    import io

    # newline="": the csv module does its own line-ending handling (\r, \r\n, \n).
    return csv.DictReader(io.StringIO(text, newline=""), delimiter=sep)
