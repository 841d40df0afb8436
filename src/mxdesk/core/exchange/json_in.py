"""Reading mxdesk JSON files: the record lists walked a record at a time
(:func:`_walk_json`), and each record checked into a contact, note or shortlist
(:func:`read_json`)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from mxdesk.core import i18n
from mxdesk.core.exchange.agenda import read_agenda
from mxdesk.core.exchange.common import (
    FORMAT,
    FORMAT_VERSION,
    ImportFileError,
    Incoming,
    Tick,
    _handed_over,
    _still,
)
from mxdesk.core.exchange.fields import _contact_from, _text
from mxdesk.core.i18n import _, ngettext
from mxdesk.core.notes import Note, Shortlist, ShortlistItem, new_uid

#: What mxdesk's JSON holds of a contact (the export's and the rescue's keys, and the older
#: single "email"/"phone").
_CONTACT_KEYS = {"uid", "name", "role", "organisation", "cluster_id", "email", "phone",
                 "emails", "phones", "met_where", "met_on", "tags", "comment", "created_at",
                 "updated_at", "id", "version", "name_parts"}
#: JSON's whitespace (RFC 8259): what may stand between two tokens.
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
#: The top-level lists whose records are read one at a time.
_RECORD_LISTS = ("contacts", "notes", "shortlists", "missions", "meetings")


class _NotWalkedError(ValueError):
    """The file is not laid out as :func:`_walk_json` reads it (json.loads then decides)."""


def _walk_json(text: str, tick: Tick) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The top-level object of *text*, its record lists decoded a record at a time by the
    json module's own decoder (``raw_decode``), with a tick between records; and the line
    where each record starts, per list (1-based), for messages.

    json.loads of a whole file of 100,000 contacts is one call of 300 ms or more, in which
    the window's thread cannot run; a record is a fraction of a millisecond. Raises
    ValueError (or IndexError at an early end) where the text is not JSON."""
    decoder = json.JSONDecoder()

    def space(at: int) -> int:
        found = _JSON_SPACE.match(text, at)
        assert found is not None  # (the pattern matches the empty string)
        return found.end()

    def expect(at: int, mark: str) -> int:
        if text[at] != mark:
            raise _NotWalkedError(f"expected {mark!r} at {at}")
        return space(at + 1)

    data: dict[str, Any] = {}
    lines: dict[str, list[int]] = {}
    line, counted = 1, 0
    at = expect(space(0), "{")
    if text[at] == "}":
        at += 1
    else:
        while True:
            key, at = decoder.raw_decode(text, at)
            if not isinstance(key, str):
                raise _NotWalkedError(f"a key that is not a string at {at}")
            at = expect(space(at), ":")
            if key in _RECORD_LISTS and text[at] == "[":
                items: list[Any] = []
                starts: list[int] = []
                at = space(at + 1)
                while text[at] != "]":
                    tick()
                    line += text.count("\n", counted, at)
                    counted = at
                    starts.append(line)
                    item, at = decoder.raw_decode(text, at)
                    items.append(item)
                    at = space(at)
                    if text[at] == ",":
                        at = space(at + 1)
                        if text[at] == "]":
                            raise _NotWalkedError(f"a comma before ']' at {at}")
                    elif text[at] != "]":
                        raise _NotWalkedError(f"expected ',' or ']' at {at}")
                at += 1
                data[key], lines[key] = items, starts
            else:
                data[key], at = decoder.raw_decode(text, at)
            at = space(at)
            if text[at] == ",":
                at = space(at + 1)
                continue
            at = expect(at, "}")
            break
    if space(at) != len(text):
        raise _NotWalkedError(f"more after the object at {at}")
    return data, lines


def _decode_json(path: Path, text: str, tick: Tick) -> tuple[Any, dict[str, list[int]]]:
    """The file's JSON value and its records' lines (see :func:`_walk_json`); raises
    :class:`ImportFileError` naming the line and column where it is not JSON."""
    try:
        return _walk_json(text, tick)
    except (ValueError, IndexError, RecursionError):
        pass  # not an object of lists, or not JSON: the json module says which, and where
    try:
        return json.loads(text), {}
    except json.JSONDecodeError as exc:
        # Translators: {problem} is the JSON reader's own words, in English.
        raise ImportFileError(_("{file} line {line} column {column}: not valid JSON "
                                "({problem})").format(file=path.name, line=exc.lineno,
                                                      column=exc.colno, problem=exc.msg)) \
            from exc
    except RecursionError as exc:
        # json's C scanner recurses once per bracket: a file of 100,000 "[" exhausts the stack.
        raise ImportFileError(_("{file}: nested too deeply to be an mxdesk notes file (lists "
                                "or objects inside each other thousands of levels "
                                "deep)").format(file=path.name)) from exc


def _shared(value: Any, where: str) -> bool:
    """A note's ``"shared"``: true or false; absent or null (a file of mxdesk before notes
    schema 7, or another program's) is false, so the note stays private."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ImportFileError(_("{where}: “shared” must be true or false, not {type}").format(
            where=where, type=type(value).__name__))
    return value


def read_json(path: Path, text: str, tick: Tick | None = None) -> Incoming:
    """The records of an mxdesk JSON file (:func:`to_json`, or a rescue's), *tick* called
    once per record; its missions and meetings are read by :func:`.agenda.read_agenda`.
    Raises :class:`ImportFileError` naming the record and its line: not JSON, not
    ``"format": "mxdesk-notes"``, a newer format version, a record of the wrong shape."""
    tick = tick or _still
    data, starts = _decode_json(path, text, tick)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFileError(_("{file}: not an mxdesk notes file (no \"format\": "
                                "\"{format}\")").format(file=path.name, format=FORMAT))
    if not isinstance(data.get("version"), int) or data["version"] > FORMAT_VERSION:
        raise ImportFileError(_("{file}: made by a newer mxdesk (format version {version}); "
                                "install the newer mxdesk to import it").format(
                                    file=path.name, version=data.get('version')))
    current = data.get("current_shortlist_uid")
    incoming = Incoming(current_shortlist_uid=current if isinstance(current, str) else None)
    for key in ("contacts", "notes", "shortlists"):
        if not isinstance(data.get(key, []), list):
            raise ImportFileError(_("{file}: “{key}” must be a list").format(file=path.name,
                                                                            key=key))
    not_kept: Counter[str] = Counter()

    def line_of(key: str, n: int) -> str:
        found = starts.get(key, [])
        return _("line {line}").format(line=found[n]) if n < len(found) else ""

    for n, item in enumerate(_handed_over(data.get("contacts", []), tick)):
        place = _("{line} (contact {number})").format(line=line_of('contacts', n), number=n + 1)
        where = f"{path.name} {place}"
        incoming.contacts.append(_contact_from(item, where))
        incoming.contact_places.append(place)
        not_kept.update(str(k) for k in item if k not in _CONTACT_KEYS)
    if not_kept:
        listed = ", ".join(ngettext("“{field}” ({n} contact)", "“{field}” ({n} contacts)",
                                    n).format(field=k, n=i18n.number(n))
                           for k, n in not_kept.items())
        incoming.notices.append(_("Fields mxdesk does not keep, left out: {fields}.").format(
            fields=listed))
    for n, item in enumerate(_handed_over(data.get("notes", []), tick)):
        place = _("{line} (note {number})").format(line=line_of('notes', n), number=n + 1)
        where = f"{path.name} {place}"
        if not isinstance(item, dict):
            raise ImportFileError(_("{where}: a note must be an object").format(where=where))
        body = _text(item.get("body"), where, "body")
        if not body.strip():
            raise ImportFileError(_("{where}: a note needs some text").format(where=where))
        incoming.notes.append(Note(
            body=body, cluster_id=_text(item.get("cluster_id"), where, "cluster_id") or None,
            contact_uid=_text(item.get("contact_uid"), where, "contact_uid") or None,
            uid=_text(item.get("uid"), where, "uid").strip() or new_uid(),
            created_at=_text(item.get("created_at"), where, "created_at"),
            updated_at=_text(item.get("updated_at"), where, "updated_at"),
            shared=_shared(item.get("shared"), where)))
        incoming.note_places.append(place)
    for n, item in enumerate(_handed_over(data.get("shortlists", []), tick)):
        place = _("{line} (shortlist {number})").format(line=line_of('shortlists', n),
                                                        number=n + 1)
        where = f"{path.name} {place}"
        if not isinstance(item, dict) or not _text(item.get("name"), where, "name").strip():
            raise ImportFileError(_("{where}: a shortlist needs a name").format(where=where))
        items = item.get("items", [])
        if not isinstance(items, list) or not all(
                isinstance(i, dict) and isinstance(i.get("cluster_id"), str) for i in items):
            raise ImportFileError(_("{where}: “items” must be a list of "
                                    "{{\"cluster_id\": …}}").format(where=where))
        incoming.shortlists.append(Shortlist(
            name=item["name"].strip(),
            items=tuple(ShortlistItem(i["cluster_id"], _text(i.get("remark"), where, "remark"))
                        for i in items),
            uid=_text(item.get("uid"), where, "uid").strip() or new_uid(),
            created_at=_text(item.get("created_at"), where, "created_at"),
            updated_at=_text(item.get("updated_at"), where, "updated_at")))
        incoming.shortlist_places.append(place)
    incoming.missions, incoming.meetings = read_agenda(path, data, line_of, tick)
    return incoming
