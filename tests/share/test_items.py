"""The vCards mxdesk writes over another client's: what that client put beside mxdesk's own
fields stays as it was (the first trial's L8, Apple's grouped labels and vCard 4 phones)."""

from __future__ import annotations

import vobject

from mxdesk.core.share import items as it

APPLE = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Weiß;Jürgen;;;\r\nFN:Jürgen Weiß\r\n"
    "item1.EMAIL;type=INTERNET;type=pref:jw@example.de\r\nitem1.X-ABLABEL:_$!<Work>!$_\r\n"
    "item2.EMAIL;type=INTERNET:j.weiss@privat.de\r\nitem2.X-ABLABEL:Privat\r\n"
    "item3.TEL;type=CELL:+49 170 555 0000\r\nitem3.X-ABLABEL:Handy\r\n"
    "item4.ADR;type=WORK:;;Steinbachstr. 17;Aachen;;52074;Germany\r\nitem4.X-ABADR:de\r\n"
    "UID:apple-1\r\nEND:VCARD\r\n")


def _grouped(text: str) -> dict[str, set[str]]:
    """Per group ("item1"), the names of its properties, read back with vobject."""
    card = vobject.readOne(text)
    found: dict[str, set[str]] = {}
    for child in card.getChildren():
        if child.group:
            found.setdefault(child.group, set()).add(child.name.upper())
    return found


def test_apples_grouped_labels_stay_with_their_address_and_go_with_it() -> None:
    uid, view = it.read_contact(APPLE)
    assert [e[0] for e in view["emails"]] == ["jw@example.de", "j.weiss@privat.de"]
    view["role"] = "Leiter Vertrieb"  # changed here
    written = it.contact_text(view, uid, base=APPLE)
    assert _grouped(written) == {"item1": {"EMAIL", "X-ABLABEL"}, "item2": {"EMAIL", "X-ABLABEL"},
                                 "item3": {"TEL", "X-ABLABEL"}, "item4": {"ADR", "X-ABADR"}}
    card = vobject.readOne(written)
    assert card.title.value == "Leiter Vertrieb"
    labels = {c.group: c.value for c in card.getChildren() if c.name.upper() == "X-ABLABEL"}
    assert labels == {"item1": "_$!<Work>!$_", "item2": "Privat", "item3": "Handy"}

    view["emails"] = view["emails"][:1]  # the private address removed here
    written = it.contact_text(view, uid, base=APPLE)
    assert "item2" not in _grouped(written)  # its label went with it: no orphan
    assert "Privat" not in written
    assert _grouped(written)["item1"] == {"EMAIL", "X-ABLABEL"}


def test_a_vcard_4_phone_uri_is_read_as_its_number() -> None:
    text = ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana López\r\n"
            "TEL;VALUE=uri;TYPE=cell:tel:+49-170-555-0000\r\nUID:v4-1\r\nEND:VCARD\r\n")
    _uid, view = it.read_contact(text)
    assert view["phones"] == [["+49-170-555-0000", ["cell"]]]
