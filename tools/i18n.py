"""Extract, update, compile and check mxdesk's gettext catalogues, with Babel (issue 20).

The Spanish catalogue is kept as one .po file per part of the code (``resources/locale/es/
<part>.po``), so that the people translating the notes and those translating the papers never
edit the same file; the parts are compiled together into the one catalogue the program reads,
``resources/locale/es/LC_MESSAGES/mxdesk.mo``.

    python tools/i18n.py extract [PART ...]   # marked strings of each part's modules → its .po
                                             # (new ones untranslated, gone ones dropped)
    python tools/i18n.py compile             # every part's .po → LC_MESSAGES/mxdesk.mo
    python tools/i18n.py check               # untranslated, fuzzy, placeholders, stale .mo;
                                             # exit 1 and the list when anything is wrong
    python tools/i18n.py parts               # which part each module belongs to

Strings are marked with ``_``, ``ngettext``, ``pgettext``, ``npgettext`` and ``N_`` from
``mxdesk.core.i18n``. A comment ``# Translators: …`` on the line before a marked string travels
into the .po as a note to the translator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "mxdesk"
LOCALE = ROOT / "resources" / "locale"
LANGUAGES = ("es",)
DOMAIN = "mxdesk"

#: Each part of the code and the modules it holds (globs relative to src/mxdesk, first match
#: wins). A module in no other part belongs to "core".
PARTS: dict[str, tuple[str, ...]] = {
    "directory": ("core/build.py", "core/schema.py", "core/directory.py", "core/details.py",
                  "core/browse.py", "core/records.py", "core/redirects.py", "core/geo.py",
                  "core/tables.py", "core/search.py", "core/facet_counts.py"),
    "notes": ("core/notes/*", "core/exchange/*", "ui/notes/*", "ui/notes_*.py", "core/vcard.py",
              "core/csvfile.py", "ui/points_editor.py", "ui/contact_picker.py"),
    "mission": ("core/mission/*", "ui/agenda/*", "export/agenda.py", "export/report.py",
                "agenda_cli.py", "core/zones.py", "core/dating.py"),
    "language": ("ui/app.py", "ui/language.py", "ui/settings.py", "ui/pdf_dialogs.py",
                 "ui/exporting.py", "export/pdf.py", "core/i18n.py"),
    "papers": ("export/*", "core/sheets.py", "core/charts.py", "core/chart_titles.py",
               "core/key_figures.py", "core/detail_parts.py", "core/record_text.py",
               "core/selections.py", "core/state_counts.py", "core/release_diff.py",
               "core/changes.py"),
    "window": ("ui/*",),
    "cli": ("cli.py", "map_cli.py", "serve.py", "selftest.py", "__main__.py"),
    "core": ("core/*",),
}

_FIELD = re.compile(r"\{[^{}]*\}|%\([^)]*\)[a-z]|%[sd]")


def part_of(module: Path) -> str:
    """The part a module of src/mxdesk belongs to."""
    name = module.relative_to(SOURCE).as_posix()
    for part, globs in PARTS.items():
        if any(fnmatch.fnmatch(name, glob) for glob in globs):
            return part
    return "core"


def modules() -> dict[str, list[Path]]:
    """Every module of src/mxdesk, by part."""
    found: dict[str, list[Path]] = {part: [] for part in PARTS}
    for module in sorted(SOURCE.rglob("*.py")):
        found[part_of(module)].append(module)
    return found


def extract(part: str) -> Catalog:
    """The marked strings of one part, as a template catalogue."""
    template = Catalog(domain=DOMAIN, project="mxdesk", fuzzy=False)
    for module in modules()[part]:
        relative = module.relative_to(ROOT).as_posix()
        for line, message, comments, context in extract_from_file(
                "python", module, keywords=DEFAULT_KEYWORDS, comment_tags=("Translators:",),
                strip_comment_tags=True):
            template.add(message, None, [(relative, line)], auto_comments=comments,
                         context=context)
    return template


def po_path(lang: str, part: str) -> Path:
    return LOCALE / lang / f"{part}.po"


def mo_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def read(path: Path, lang: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project="mxdesk")
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.project = "mxdesk"
    catalog.fuzzy = False
    catalog.msgid_bugs_address = ""
    catalog.language_team = "mxdesk"
    catalog.last_translator = "mxdesk"
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, no_location=False,
             ignore_obsolete=True, sort_by_file=True)
    text = buffer.getvalue().decode()
    # Dates in the header change on every run; the history is git's.
    text = re.sub(r'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', "", text)
    path.write_text(text, encoding="utf-8")


def do_extract(parts: list[str]) -> None:
    for lang in LANGUAGES:
        for part in parts:
            template = extract(part)
            path = po_path(lang, part)
            catalog = read(path, lang)
            if not len(template) and not path.exists():
                continue
            catalog.update(template, no_fuzzy_matching=True)
            write(catalog, path)
            todo = sum(1 for m in catalog if m.id and not _translated(m))
            print(f"{path.relative_to(ROOT)}: {sum(1 for m in catalog if m.id)} messages, "
                  f"{todo} untranslated")


def _translated(message: Message) -> bool:
    if message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def merged(lang: str) -> Catalog:
    """Every part's messages in one catalogue (what the program reads)."""
    # Fixed dates: the compiled catalogue must be the same bytes for the same .po files.
    fixed = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    whole = Catalog(locale=lang, domain=DOMAIN, project="mxdesk", fuzzy=False,
                    creation_date=fixed, revision_date=fixed)
    for path in sorted((LOCALE / lang).glob("*.po")):
        for message in read(path, lang):
            if message.id and _translated(message) and \
                    whole.get(message.id, message.context) is None:
                whole.add(message.id, message.string, context=message.context)
    return whole


def compiled(lang: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, merged(lang), use_fuzzy=False)
    return buffer.getvalue()


def do_compile() -> None:
    for lang in LANGUAGES:
        path = mo_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = compiled(lang)
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}: {len(merged(lang))} messages, {len(data):,} bytes")


def problems(lang: str = "es") -> list[str]:
    """Everything wrong with ``lang``'s catalogues, one line each; empty when all is well:
    a marked string with no .po entry or no translation, a fuzzy one, a translation whose
    ``{fields}`` differ from the English, one message translated two ways in two parts, a
    compiled catalogue older than its sources."""
    found: list[str] = []
    seen: dict[object, tuple[str, object]] = {}
    for part in PARTS:
        template = extract(part)
        catalog = read(po_path(lang, part), lang)
        for message in template:
            if not message.id:
                continue
            entry = catalog.get(message.id, message.context)
            where = ", ".join(f"{f}:{n}" for f, n in message.locations)
            if entry is None:
                found.append(f"{part}.po: not extracted: {message.id!r} ({where})")
                continue
            if not _translated(entry):
                found.append(f"{part}.po: untranslated{' (fuzzy)' if entry.fuzzy else ''}: "
                             f"{message.id!r} ({where})")
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            wanted = set(_FIELD.findall(ids[-1]))
            for string in strings:
                if set(_FIELD.findall(string)) - set(_FIELD.findall(" ".join(ids))) or \
                        wanted - set(_FIELD.findall(string)) - {"{n}", "%d"}:
                    found.append(f"{part}.po: fields differ: {message.id!r} → {string!r}")
            key = (message.id, message.context)
            if key in seen and seen[key][1] != entry.string:
                found.append(f"{part}.po: {message.id!r} translated differently in "
                             f"{seen[key][0]}.po")
            seen.setdefault(key, (part, entry.string))
    path = mo_path(lang)
    if not path.exists() or path.read_bytes() != compiled(lang):
        found.append(f"{path.relative_to(ROOT)} is not compiled from the .po files: "
                     "run python tools/i18n.py compile")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser("extract")
    ext.add_argument("parts", nargs="*", metavar="PART", help=", ".join(PARTS))
    sub.add_parser("compile")
    sub.add_parser("check")
    sub.add_parser("parts")
    args = parser.parse_args(argv)
    if args.command == "extract":
        unknown = set(args.parts) - set(PARTS)
        if unknown:
            parser.error(f"unknown part {', '.join(sorted(unknown))}: "
                         f"choose from {', '.join(PARTS)}")
        do_extract(args.parts or list(PARTS))
    elif args.command == "compile":
        do_compile()
    elif args.command == "parts":
        for part, found in modules().items():
            print(f"{part}: {' '.join(m.relative_to(SOURCE).as_posix() for m in found)}")
    else:
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problems", file=sys.stderr)
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
