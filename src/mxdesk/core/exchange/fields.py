"""A contact's fields as an import reads them, whatever the file: text that must be text,
``met_on`` as a date, the record shape the JSON and CSV readers share (:func:`_contact_from`),
the order of addresses and numbers, and a name said from its parts."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from mxdesk.core.exchange.common import ImportFileError
from mxdesk.core.i18n import _
from mxdesk.core.notes import Contact, ContactPoint, NameParts, new_uid, parse_points

#: The keys of a contact's ``"name_parts"`` in mxdesk JSON, in vCard N's order.
NAME_PART_KEYS = ("family", "given", "additional", "prefix", "suffix")


def _text(value: Any, where: str, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportFileError(_("{where}: “{field}” must be text, not {type}").format(
            where=where, field=name, type=type(value).__name__))
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_text(value: str, where: str) -> str:
    """*value* when it is a date YYYY-MM-DD and nothing else (or empty)."""
    value = value.strip()
    if value:
        try:
            if not _ISO_DATE.fullmatch(value):
                raise ValueError(value)
            dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ImportFileError(_("{where}: met_on “{value}” is not a date "
                                    "(YYYY-MM-DD)").format(where=where, value=value)) from exc
    return value


def _name_parts(data: Any, where: str) -> NameParts:
    """A JSON contact's ``"name_parts"`` (absent or null: none known)."""
    found = data.get("name_parts")
    if found is None:
        return NameParts()
    if not isinstance(found, dict) or not set(found) <= set(NAME_PART_KEYS):
        raise ImportFileError(_("{where}: “name_parts” must be an object of {keys}").format(
            where=where, keys=", ".join(NAME_PART_KEYS)))
    return NameParts(*(_text(found.get(k), where, f"name_parts.{k}").strip()
                       for k in NAME_PART_KEYS))


def _contact_from(data: Any, where: str) -> Contact:
    if not isinstance(data, dict):
        raise ImportFileError(_("{where}: a contact must be an object").format(where=where))
    name = _text(data.get("name"), where, "name").strip()
    if not name:
        raise ImportFileError(_("{where}: a contact needs a name").format(where=where))
    tags = data.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(";")]
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ImportFileError(_("{where}: “tags” must be a list of text").format(where=where))

    def text(key: str) -> str:
        return _text(data.get(key), where, key)

    def reach(key: str) -> tuple[ContactPoint, ...]:
        # "emails": [{"value", "types"}] (format 1 since notes schema 4), else the one "email".
        listed = data.get(f"{key}s")
        if listed is None:
            return parse_points(text(key))
        if not isinstance(listed, list) or not all(
                isinstance(p, dict) and isinstance(p.get("value"), str)
                and isinstance(p.get("types", []), list)
                and all(isinstance(t, str) for t in p.get("types", [])) for p in listed):
            raise ImportFileError(_("{where}: “{field}” must be a list of "
                                    '{{"value": …, "types": […]}}').format(where=where,
                                                                          field=f"{key}s"))
        return tuple(ContactPoint(p["value"].strip(), tuple(t.lower() for t in
                                                            p.get("types", [])))
                     for p in listed if p["value"].strip())

    return Contact(
        name=name, role=text("role"), organisation=text("organisation"),
        cluster_id=text("cluster_id") or None, emails=reach("email"), phones=reach("phone"),
        met_where=text("met_where"), met_on=_date_text(text("met_on"), where),
        tags=tuple(t.strip() for t in tags if t.strip()), comment=text("comment"),
        uid=text("uid").strip() or new_uid(), created_at=text("created_at"),
        updated_at=text("updated_at"), name_parts=_name_parts(data, where))


#: Numbers nobody calls: after the voice numbers unless the file prefers them.
_NOT_VOICE = {"fax", "pager", "telex", "textphone", "isdn", "modem"}


def _ordered(found: list[tuple[int, ContactPoint]]) -> tuple[ContactPoint, ...]:
    """Points in the file's order, the preferred ones first (rank 0 for PREF, 4.0's PREF=n);
    among points of one rank, a fax or pager after the numbers one calls (Outlook's columns
    put "Business Fax" before "Business Phone")."""
    return tuple(p for _rank, p in sorted(
        found, key=lambda x: (x[0], bool(_NOT_VOICE & set(x[1].types)))))


def _name_from_parts(prefix: str, given: str, middle: str, family: str, suffix: str) -> str:
    """A name as it is said: "Dr. José María Gutiérrez Ibáñez Jr."."""
    return " ".join(" ".join(x.replace(",", " ").split())
                    for x in (prefix, given, middle, family, suffix) if x.strip())
