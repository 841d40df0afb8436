"""Contacts CSV files as spreadsheets and mail programs write them, and as mxdesk writes them.

Reading finds the encoding (a byte-order mark, else UTF-8, else Windows-1252 as the stated
fallback), the separator (``,`` ``;`` or tab, counted on the header line) and what each column
means, whatever its case, accents or program of origin (mxdesk, Outlook, Google, Thunderbird,
Spanish headers); columns that mean nothing here are reported, not refused. Writing guards a
spreadsheet against formulas smuggled in a cell (OWASP "CSV injection").
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from mxdesk.core.i18n import _

#: The columns of a name's parts (vCard N's five, :class:`~mxdesk.core.notes.NameParts`)
#: that mxdesk writes after its others; a file of mxdesk's from before has none of them.
NAME_COLUMNS = ("family_name", "given_names", "additional_names", "name_prefix",
                "name_suffix")
#: mxdesk's own columns, in the order it writes them.
COLUMNS = ("name", "role", "organisation", "cluster_id", "email", "phone", "met_where",
           "met_on", "tags", "comment", "uid", *NAME_COLUMNS)
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
#: What mxdesk writes between cells unless asked otherwise, the list export and the contacts
#: export alike: what Excel and LibreOffice expect in most of continental Europe, where "," is
#: the decimal mark (issue 17's trial: a contacts CSV opened as one column there).
DEFAULT_SEPARATOR = ";"
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
#: A formula start after a ";", a tab or a line break inside a cell: a cell of its own when a
#: spreadsheet splits the file on ";" (Excel in German, Spanish, French; LibreOffice set to 59)
#: or tabs, where the quotes of a comma-separated file no longer hold the field together.
_INNER_START = re.compile(r"(?<=[;\t\r\n])(?='*[=+\-@])")
_INNER_GUARDED = re.compile(r"(?<=[;\t\r\n])'(?='*[=+\-@])")


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
    that :func:`unguard` gives back exactly what was written); so does each ``=`` ``+`` ``-``
    ``@`` right after a ``;``, a tab or a line break inside it (there a cell starts for a
    spreadsheet that splits the file on ``;`` or tabs). Phone numbers of digits and
    separators after a ``+`` are left as they are: no function, link or command can be written
    with those characters, and spreadsheets then show the number as written.
    """
    if column == "phone" and _SAFE_PHONES.fullmatch(text):
        return text
    text = _INNER_START.sub("'", text)  # "Llamar;=2+5;" → "Llamar;'=2+5;"
    if text.startswith(FORMULA_START) or _GUARDED.match(text):
        return "'" + text
    return text


def unguard(text: str, inner: bool = False) -> str:
    """The inverse of :func:`safe_cell`: one apostrophe before a formula start taken off; with
    *inner* (mxdesk's own file), also the one after each ``;``, tab or line break."""
    if inner:
        text = _INNER_GUARDED.sub("", text)
    return text[1:] if _GUARDED.match(text) else text


# -- reading: bytes, separator ------------------------------------------------------------------


def decode(raw: bytes, fallback: bool = True) -> tuple[str, str]:
    """(text, what it was read as): a byte-order mark says UTF-8, UTF-16 or UTF-32; else UTF-8;
    else, with *fallback*, Windows-1252 (what Excel and Outlook write on Western Windows).
    Raises :class:`CsvFileError` naming the line of the first byte that fits none."""
    for bom, encoding, label in (
            (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
            (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
            (codecs.BOM_UTF8, "utf-8", _("UTF-8 with a byte-order mark")),
            (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
            (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE")):
        if raw.startswith(bom):
            body = raw[len(bom):]
            try:
                return body.decode(encoding), label
            except UnicodeDecodeError as exc:
                line = body[:exc.start].count("\n".encode(encoding)) + 1
                raise CsvFileError(line, _("not valid {encoding} text, though it starts with "
                                           "that byte-order mark").format(encoding=label)) \
                    from exc
    utf16 = _utf16_without_bom(raw)
    if utf16:
        label = _("{encoding} without a byte-order mark").format(
            encoding=utf16.upper().replace('-LE', ' LE').replace('-BE', ' BE'))
        try:
            return raw.decode(utf16), label
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count("\n".encode(utf16)) + 1
            raise CsvFileError(line, _("not valid {encoding} text, though it looks like "
                                       "it").format(encoding=label)) from exc
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        if not fallback:
            raise CsvFileError(line, _("not UTF-8 text")) from exc
        utf8_error = exc
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        line = raw[:utf8_error.start].count(b"\n") + 1
        raise CsvFileError(line, _("not UTF-8 text, nor Windows-1252")) from exc


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
    "name": ("name", "full name", "display name", "nombre", "nombre completo", "contact name",
             "nom", "nom complet", "vollstandiger name"),
    "given": ("first name", "given name", "given names", "nombre de pila", "vorname",
              "prenom"),
    "middle": ("middle name", "additional name", "additional names", "segundo nombre",
               "weitere vornamen",
               "deuxieme prenom", "autres prenoms"),
    "family": ("last name", "family name", "surname", "apellido", "apellidos", "nachname",
               "primer apellido", "nom de famille", "familienname"),
    "prefix": ("name prefix", "prefix", "tratamiento", "anrede", "civilite"),
    "suffix": ("suffix", "name suffix", "sufijo", "suffixe", "namenszusatz"),
    "role": ("role", "job title", "organization 1 title", "organization title", "position",
             "cargo", "puesto", "position title", "fonction", "funktion"),
    "organisation": ("organisation", "organization", "company", "organization 1 name",
                     "organization name", "empresa", "organizacion", "firma", "institucion",
                     "societe", "entreprise", "unternehmen", "compania"),
    "department": ("department", "organization 1 department", "organization department",
                   "departamento", "abteilung", "service"),
    "cluster_id": ("cluster id",),
    "met_where": ("met where",),
    "met_on": ("met on",),
    "tags": ("tags", "categories", "group membership", "labels", "etiquetas", "categorias",
             "kategorien"),
    "comment": ("comment", "comments", "notes", "note", "notas", "comentario", "comentarios",
                "notizen", "bemerkung", "bemerkungen", "anmerkungen", "remarques"),
    "uid": ("uid",),
}
_BY_KEY = {key: field for field, keys in _FIELDS.items() for key in keys}
#: A word for "name" that means only one half of it beside the other half's column: Spanish
#: "Nombre" is the given name beside "Apellidos", German "Name" the surname beside "Vorname",
#: French "Nom" the surname beside "Prénom" (as Excel lists and localized Outlook write them).
_HALF_NAMES = {"nombre": ("given", {"apellidos", "apellido", "primer apellido"}),
               "name": ("family", {"vorname"}),
               "nom": ("family", {"prenom"})}
_EMAIL_WORD = r"(?:e mail|email|correo(?: electronico)?|mail|messagerie|courriel)"
#: Words in an e-mail header that say its column holds something else than the address:
#: Outlook's type ("SMTP", "EX") and display name, in English, Spanish, German and French.
_NOT_ADDRESS_WORDS = {"type", "typ", "tipo", "display", "angezeigter", "mostrar", "nombre",
                      "name", "nom", "complet", "anzeigename"}
#: Words in a phone or e-mail header that become its types (Outlook's "Business Fax").
_TYPE_WORDS = {"business": "work", "work": "work", "home": "home", "mobile": "cell",
               "cell": "cell", "cellular": "cell", "fax": "fax", "pager": "pager",
               "car": "car", "other": "other", "main": "main", "assistant": "assistant",
               "callback": "callback", "radio": "radio", "isdn": "isdn", "telex": "telex",
               "tty": "textphone", "primary": "pref", "secondary": "", "movil": "cell",
               "celular": "cell", "trabajo": "work", "casa": "home", "particular": "home",
               "localizador": "pager", "otro": "other",
               # German Outlook and Excel lists
               "geschaftlich": "work", "privat": "home", "mobiltelefon": "cell",
               "mobil": "cell", "handy": "cell", "autotelefon": "car", "weiteres": "other",
               "haupttelefon": "main",
               # French Outlook
               "bureau": "work", "domicile": "home", "telecopie": "fax", "autre": "other",
               "voiture": "car", "principal": "main"}
_PHONE_WORDS = {"phone", "telephone", "tel", "telefono", "telefon", "mobile", "fax", "pager",
                "movil", "celular", "mobiltelefon", "mobil", "handy", "autotelefon",
                "haupttelefon", "telecopie", "localizador"}
#: Values Outlook writes in every row for a field nobody filled in: empty, not data.
OUTLOOK_DEFAULTS = {"0/0/00", "0.0.00", "00.00.00", "0/0/0000", "unspecified", "normal",
                    "false", "nicht angegeben", "falsch", "sin especificar", "falso",
                    "non specifie", "non spécifié", "faux", "normale"}


def _types_from(words: Iterable[str]) -> tuple[str, ...]:
    found = [_TYPE_WORDS[w] for w in words if _TYPE_WORDS.get(w)]
    return tuple(dict.fromkeys(found))


def column(header: str, headers_keys: set[str]) -> Column:
    """What *header* means, among the keys of all the file's headers (Outlook's "Title" is a
    name prefix beside its "Job Title", a role otherwise)."""
    key = header_key(header)
    half = _HALF_NAMES.get(key)
    if half and half[1] & headers_keys:
        return Column(header, half[0])
    if key in _BY_KEY:
        return Column(header, _BY_KEY[key])
    if key == "title":
        return Column(header, "prefix" if "job title" in headers_keys else "role")
    if key == "titre":  # French Outlook: the first "Titre" is the prefix, see _columns
        return Column(header, "role")
    google = re.fullmatch(r"\s*(e-?mail|phone) (\d+) - (type|label|value)\s*", header,
                          re.IGNORECASE)
    if google:
        field = "phone" if google[1].lower() == "phone" else "email"
        return Column(header, field, pair=f"{field} {google[2]}",
                      is_type=google[3].lower() != "value")
    words = key.split()
    if re.search(rf"\b{_EMAIL_WORD}\b", key) and _NOT_ADDRESS_WORDS & set(words):
        # Outlook's "SMTP" and "Ana (ana@example.org)": said again by the address itself.
        return Column(header, IGNORED)
    if re.fullmatch(rf"(?:\w+ )*{_EMAIL_WORD}(?: \d+)?(?: address| value| adresse)?"
                    r"(?: \d+)?", key):
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


def quote_problem(text: str, sep: str) -> tuple[int, str] | None:
    """(line, what is wrong) for the first quote that breaks the table, else None.

    A field that starts with ``"`` runs to the next ``"`` not doubled, which must end the
    field (a separator, a line break or the end of the file must follow). A quote never closed
    swallows every later row into one field, and a quote inside a quoted field that is not
    doubled (``"Raúl "El Ingeniero" Domínguez"``) cuts the field short: the csv module reads
    both without a word (its ``strict`` mode raises, but at the end of the file, not at the
    quote). A quote inside an unquoted field (``Raúl "El Ingeniero"``) is text, as
    spreadsheets read it."""
    def line_at(position: int) -> int:
        return text.count("\n", 0, position) + 1

    ends = {sep, "\r", "\n"}
    position, size = 0, len(text)
    while True:
        opening = text.find('"', position)
        if opening < 0:
            return None
        if opening and text[opening - 1] not in ends:
            position = opening + 1  # inside an unquoted field: text
            continue
        closing = opening + 1
        while True:
            closing = text.find('"', closing)
            if closing < 0:
                return line_at(opening), _("a quote opened here is never closed")
            if text.startswith('""', closing):
                closing += 2
                continue
            break
        after = closing + 1
        while after < size and text[after] in " " and sep != " ":
            after += 1
        if after < size and text[after] not in ends:
            follows = (text[after:after + 20].splitlines() or [""])[0]
            if line_at(closing) != line_at(opening):
                return line_at(opening), _(
                    "a quote opened here is never closed (the next quote, on line {line}, is "
                    "followed by “{follows}”)").format(line=line_at(closing), follows=follows)
            field = (text[opening:opening + 60].splitlines() or [""])[0]
            return line_at(opening), _(
                "a quote inside the quoted field {field} is not doubled (a quote inside "
                'quotes is written ""), so the field would be cut short').format(field=field)
        position = after


#: Dates as spreadsheets write them: 15.03.2025, 15/03/2025, 15-03-2025, 2025/03/15.
_DMY = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})")
_YMD = re.compile(r"(\d{4})([./-])(\d{1,2})\2(\d{1,2})")


def iso_date(value: str) -> str:
    """*value* as YYYY-MM-DD when it can be only one date, else "".

    ``15.03.2025`` and ``1.3.2025`` (a dot is day first: German, Spanish, French, Excel in
    those languages), ``2025-03-15`` and ``2025/03/15`` (year first), ``15/03/2025`` and
    ``3/15/2025`` (a slash or dash: day first in Europe, month first in the US, so read only
    when one of the two numbers is over 12, or both are the same). ``03/04/2025`` could be
    either: "" (the caller refuses it rather than invent a date)."""
    import datetime as dt

    value = value.strip()
    found = _YMD.fullmatch(value)
    try:
        if found:
            return dt.date(int(found[1]), int(found[3]), int(found[4])).isoformat()
        found = _DMY.fullmatch(value)
        if not found:
            return ""
        first, second, year = int(found[1]), int(found[3]), int(found[4])
        if found[2] == "." or first > 12 or first == second:
            return dt.date(year, second, first).isoformat()
        if second > 12:
            return dt.date(year, first, second).isoformat()
    except ValueError:
        return ""
    return ""


# -- mxdesk's own columns: several values in one cell ----------------------------------------


def escape_value(value: str) -> str:
    r"""*value* for a cell of several: ``\`` and ``;`` written ``\\`` and ``\;``, and the
    last ``(`` written ``\(`` when the value ends with ``)`` (else "+49 89 555 (Zentrale)" would
    come back as a number of type "zentrale"). A phone number as people write it,
    ``+1 (555) 010-0199``, stays as it is, so spreadsheets show it as written."""
    value = value.replace("\\", "\\\\").replace(";", "\\;")
    if value.endswith(")") and "(" in value:
        at = value.rfind("(")
        value = value[:at] + "\\" + value[at:]
    return value


def join_escaped(values: Iterable[str]) -> str:
    """Values joined by ``"; "`` (see :func:`escape_value`), so that :func:`split_escaped`
    gives back exactly these values (a vCard 4 ``+354-555-0100;ext=12``, a tag ``a;b``)."""
    return "; ".join(escape_value(v) for v in values)


def split_escaped(cell: str) -> list[tuple[str, str]]:
    """The inverse of :func:`join_escaped`: (value, the types in brackets at its end) for each
    entry, escapes undone; blank entries dropped."""
    entries: list[tuple[str, str]] = []
    current: list[str] = []
    types_at = -1  # where an unescaped "(" opened in *current*
    escaped = False

    def close() -> None:
        text = "".join(current)
        value, types = text, ""
        if types_at >= 0 and text.rstrip().endswith(")"):
            value, types = text[:types_at], text[types_at + 1:text.rstrip().rfind(")")]
        if value.strip():
            entries.append((value.strip(), types))

    for ch in cell:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ";" or ch == "\n":
            close()
            current, types_at = [], -1
        else:
            if ch == "(":
                types_at = len(current)
            current.append(ch)
    if escaped:
        current.append("\\")
    close()
    return entries
