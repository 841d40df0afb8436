"""The notes store at scale: an import of many contacts, search in a huge note, one save
among many contacts, the contact list — each beside its floor measured in the same run.

    python benchmarks/notes_scale.py                       100,000 contacts, a 10 MB note, 3 runs
    python benchmarks/notes_scale.py --contacts 20000 --note-mb 2 --runs 1
    python benchmarks/notes_scale.py --json out.json       also write the figures as JSON

Each run is a fresh process on a fresh data folder. The input is made from a fixed seed, so
every run and every machine gets the same contacts and the same note. The floors are what
SQLite itself costs for the same work on the same machine in the same run:

- import: ``executemany`` of the same rows (contacts, tags, e-mails and phones) into the same
  tables, in one transaction, plus the same texts into a bare FTS5 table;
- search: the bare FTS5 ``MATCH`` of the same query on the store's own index (rowids only);
- a save: one ``UPDATE`` of the contact's row, committed;
- the contact list: ``SELECT`` of every row of contacts, tags and contact points.

The budgets (issue 13): 100,000 contacts imported through ``exchange.read_file`` +
``plan_import`` + ``apply_plan`` in under 30 s; a search in a 10 MB note under 100 ms; a contact
saved among 100,000 under 50 ms. The list of 100,000 contacts has no budget: it is shown beside
its floor.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = 13
BUDGETS = {"import_s": 30.0, "note_search_ms": 100.0, "save_ms": 50.0}

_FIRST = ["Ana", "José", "María", "Jürgen", "Paweł", "Zoë", "Łukasz", "Søren", "François",
          "Ñusta", "Guðrún", "Dvořák", "Çelik", "Ioana", "Thị", "Wojciech", "Émilie", "Nikolaj"]
_LAST = ["Pérez", "Groß", "Núñez", "Kowalczyk", "Ødegård", "O'Brien", "García-Márquez",
         "Müller", "Straße", "Đorđević", "Ruiz", "Lindqvist", "Haraldsdóttir", "Nguyễn"]
_ORGS = ["Clúster Automotriz de Nuevo León, A.C.", "Pro-Aéreo Querétaro", "Automotive Cluster "
         "Bayern", "Clúster Energético de Coahuila", "IT@Baja", "Mentefactura", "CLAUGTO"]
_WORDS = ["reunión", "proveedores", "catálogo", "llamar", "después", "misión", "feria", "stand",
          "precio", "objetivo", "unidad", "revisar", "maquila", "aeroespacial", "energía",
          "logística", "aduana", "certificación", "muestra", "pedido", "contrato", "visita",
          "planta", "Querétaro", "Monterrey", "Saltillo", "León", "Baviera", "Straße",
          "Maximilianstraße", "officiële", "ﬁnanciación", "Œuvre", "naïve", "coöperatie"]


def contacts_file(n: int, folder: Path) -> Path:
    """A notes export (JSON) of *n* contacts, the same for the same *n*."""
    rng = random.Random(SEED)  # noqa: S311 - the same data on every run, not a secret
    contacts = []
    for i in range(n):
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)} {i}"
        emails = [{"value": f"p{i}@example.org", "types": ["work"]}]
        if i % 3 == 0:
            emails.append({"value": f"p{i}@home.example", "types": ["home"]})
        phones = [{"value": f"+52 81 {i:08d}", "types": ["cell"]}] if i % 2 else []
        contacts.append({
            "uid": f"00000000-0000-4000-8000-{i:012d}", "name": name,
            "role": rng.choice(["Directora", "Cluster manager", "Compras", ""]),
            "organisation": rng.choice(_ORGS), "cluster_id": rng.choice([None, "claugto"]),
            "emails": emails, "phones": phones, "met_where": rng.choice(["Monterrey", "León"]),
            "met_on": f"2025-03-{1 + i % 28:02d}", "tags": rng.sample(["EU", "misión MTY",
                                                                        "automotriz"], 2),
            "comment": " ".join(rng.choices(_WORDS, k=12)),
        })
    path = folder / f"contacts-{n}.json"
    path.write_text(json.dumps({"format": "mxdesk-notes", "version": 1, "contacts": contacts,
                                "notes": [], "shortlists": []}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def big_note(megabytes: float) -> str:
    """About *megabytes* MB of prose; "zyzzyva" once near the end, "aduana" everywhere."""
    rng = random.Random(SEED)  # noqa: S311 - the same data on every run, not a secret
    words: list[str] = []
    size, target = 0, int(megabytes * 1_000_000)
    while size < target:
        line = " ".join(rng.choices(_WORDS, k=14)) + ".\n"
        words.append(line)
        size += len(line.encode("utf-8"))
    words.insert(len(words) - 50, "Al final: zyzzyva Ødegård.\n")
    return "".join(words)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _timed(call: Any, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        out.append(time.perf_counter() - started)
    return out


def _floor_import(path: Path, incoming: Any) -> float:
    """The same rows into the same tables with bare executemany, and the same texts into a
    bare FTS5 table: what SQLite costs for the data alone."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE VIRTUAL TABLE bare_fts USING fts5(title, body)")
    contacts = incoming.contacts
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO contacts (id, uid, name, role, organisation, cluster_id, email, phone, "
        "met_where, met_on, comment, created_at, updated_at) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '')",
        [(n + 1, c.uid, c.name, c.role, c.organisation, c.cluster_id, c.email, c.phone,
          c.met_where, c.met_on, c.comment) for n, c in enumerate(contacts)])
    conn.executemany("INSERT INTO contact_tags (contact_id, tag) VALUES (?, ?)",
                     [(n + 1, t) for n, c in enumerate(contacts) for t in c.tags])
    conn.executemany(
        "INSERT INTO contact_points (contact_id, kind, position, value, types) "
        "VALUES (?, ?, ?, ?, ?)",
        [(n + 1, kind, k, p.value, ",".join(p.types)) for n, c in enumerate(contacts)
         for kind, found in (("email", c.emails), ("phone", c.phones))
         for k, p in enumerate(found)])
    conn.executemany("INSERT INTO bare_fts (rowid, title, body) VALUES (?, ?, ?)",
                     [(n + 1, c.name, " · ".join([c.role, c.organisation, c.met_where,
                                                  c.comment, *c.tags]))
                      for n, c in enumerate(contacts)])
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


def one_run(contacts: int, note_mb: float, work: Path) -> dict[str, Any]:
    """One run of every figure, in this process, in the folder *work*."""
    from mxdesk.core.exchange import apply_plan, plan_import, read_file
    from mxdesk.core.notes import Contact, Note, NotesStore

    out: dict[str, Any] = {"contacts": contacts, "note_mb": note_mb}
    source = contacts_file(contacts, work)

    # -- the import, step by step, and its floor ----------------------------------------------
    floor_path = work / "floor" / "notes.db"
    floor_path.parent.mkdir()
    NotesStore(floor_path).close()
    started = time.perf_counter()
    incoming = read_file(source)
    out["import_read_s"] = time.perf_counter() - started
    out["import_floor_s"] = _floor_import(floor_path, incoming)
    store = NotesStore(work / "data" / "notes.db")
    started = time.perf_counter()
    plan = plan_import(store, incoming)
    out["import_plan_s"] = time.perf_counter() - started
    started = time.perf_counter()
    apply_plan(store, plan, merge=False)
    out["import_apply_s"] = time.perf_counter() - started
    out["import_s"] = out["import_read_s"] + out["import_plan_s"] + out["import_apply_s"]

    # -- the contact list ------------------------------------------------------------------
    listed = _timed(store.contacts, 3)
    out["contacts_s"] = statistics.median(listed)
    assert len(store.contacts()) == contacts

    def raw_list() -> None:
        for table in ("contacts", "contact_tags", "contact_points"):
            store.conn.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608

    out["contacts_floor_s"] = statistics.median(_timed(raw_list, 3))

    # -- one save among them ---------------------------------------------------------------
    rng = random.Random(SEED)  # noqa: S311 - the same data on every run, not a secret
    ids = [c.id for c in store.contacts()[:: max(1, contacts // 50)]]
    edits = []
    for n, contact_id in enumerate(ids):
        current = store.contact(int(contact_id or 0))
        started = time.perf_counter()
        store.save_contact(replace(current, comment=f"{current.comment} edit {n}"))
        edits.append(time.perf_counter() - started)
    news = []
    for n in range(len(ids)):
        started = time.perf_counter()
        store.save_contact(Contact(f"Nueva Persona {n}", comment=rng.choice(_WORDS)))
        news.append(time.perf_counter() - started)
    out["save_edit_ms"] = _ms(statistics.median(edits))
    out["save_edit_max_ms"] = _ms(max(edits))
    out["save_new_ms"] = _ms(statistics.median(news))
    out["save_ms"] = max(out["save_edit_ms"], out["save_new_ms"])

    def raw_save() -> None:
        store.conn.execute("BEGIN IMMEDIATE")
        store.conn.execute("UPDATE contacts SET comment = comment || '.' WHERE id = ?",
                           [ids[0]])
        store.conn.execute("COMMIT")

    out["save_floor_ms"] = _ms(statistics.median(_timed(raw_save, 20)))
    store.close()

    # -- a huge note -----------------------------------------------------------------------
    note_store = NotesStore(work / "note" / "notes.db")
    body = big_note(note_mb)
    out["note_chars"] = len(body)
    started = time.perf_counter()
    note_store.save_note(Note(body))
    out["note_save_s"] = time.perf_counter() - started
    for label, query in (("rare", "zyzzyva"), ("common", "aduana"),
                         ("apart", "zyzzyva reunion"), ("accents", "odegard")):
        hits = note_store.search(query)
        out[f"note_search_{label}_hits"] = len(hits)
        times = _timed(lambda q=query: note_store.search(q), 3)
        out[f"note_search_{label}_ms"] = _ms(statistics.median(times))
        out[f"note_search_{label}_snippet"] = hits[0].snippet if hits else "(not found)"
        floor = _timed(lambda q=query: note_store.conn.execute(
            "SELECT rowid FROM search WHERE search MATCH ?",
            [" ".join(f'"{w}"*' for w in q.split())]).fetchall(), 3)
        out[f"note_search_{label}_floor_ms"] = _ms(statistics.median(floor))
    out["note_search_ms"] = max(out[f"note_search_{k}_ms"]
                                for k in ("rare", "common", "apart", "accents"))
    note_store.close()
    return out


def _spawn(contacts: int, note_mb: float) -> dict[str, Any]:
    env = dict(os.environ, MXDESK_DATA_DIR=tempfile.mkdtemp(prefix="mxdesk-notes-bench-"))
    proc = subprocess.run([sys.executable, __file__, "--one", "--contacts", str(contacts),
                           "--note-mb", str(note_mb)],
                          capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if proc.returncode:
        sys.exit(f"a run failed:\n{proc.stderr}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def measure(contacts: int = 100_000, note_mb: float = 10.0, runs: int = 3) -> dict[str, Any]:
    """*runs* fresh processes; each figure as its median and range, with its floor and budget
    (the shape benchmarks/run.py prints)."""
    results = [_spawn(contacts, note_mb) for _ in range(runs)]
    figures: dict[str, Any] = {}
    for key, value in results[0].items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            values = [float(r[key]) for r in results]
            figures[key] = {"median": statistics.median(values), "min": min(values),
                            "max": max(values)}
        else:
            figures[key] = value
    budgets = []
    for key, limit in BUDGETS.items():
        worst = figures[key]["max"]
        budgets.append({"figure": key, "value": round(worst, 2), "budget": limit,
                        "unit": "ms" if key.endswith("_ms") else "s", "ok": worst <= limit})
    return {"runs": runs, "figures": figures, "budgets": budgets}


def _line(figures: dict[str, Any], key: str, floor: str, unit: str) -> str:
    f, g = figures[key], figures[floor]
    ratio = f["median"] / g["median"] if g["median"] else float("inf")
    return (f"{key}: {f['median']:.2f} {unit} (runs {f['min']:.2f}–{f['max']:.2f}); floor "
            f"{floor}: {g['median']:.2f} {unit} ({g['min']:.2f}–{g['max']:.2f}); "
            f"{ratio:.1f}× the floor")


def report(result: dict[str, Any]) -> str:
    f = result["figures"]
    lines = [f"{int(f['contacts']['median']):,} contacts, a {f['note_mb']['median']:g} MB "
             f"note, {result['runs']} runs (median, range):",
             _line(f, "import_s", "import_floor_s", "s"),
             f"  read {f['import_read_s']['median']:.2f} s, plan "
             f"{f['import_plan_s']['median']:.2f} s, apply {f['import_apply_s']['median']:.2f} s",
             _line(f, "contacts_s", "contacts_floor_s", "s"),
             _line(f, "save_edit_ms", "save_floor_ms", "ms"),
             _line(f, "save_new_ms", "save_floor_ms", "ms"),
             f"  slowest edit {f['save_edit_max_ms']['max']:.2f} ms",
             f"note save {f['note_save_s']['median']:.2f} s "
             f"({f['note_save_s']['min']:.2f}–{f['note_save_s']['max']:.2f})"]
    for label in ("rare", "common", "apart", "accents"):
        lines.append(_line(f, f"note_search_{label}_ms", f"note_search_{label}_floor_ms", "ms"))
        lines.append(f"  snippet: {f[f'note_search_{label}_snippet']!r}")
    for check in result["budgets"]:
        mark = "ok  " if check["ok"] else "OVER"
        lines.append(f"{mark} {check['figure']} (slowest run): {check['value']} {check['unit']} "
                     f"(budget {check['budget']} {check['unit']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--note-mb", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, metavar="OUT.json")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        with tempfile.TemporaryDirectory(prefix="mxdesk-notes-scale-") as work:
            print(json.dumps(one_run(args.contacts, args.note_mb, Path(work))))
        return 0
    result = measure(args.contacts, args.note_mb, args.runs)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps({
            "machine": {"python": platform.python_version(), "platform": platform.platform(),
                        "cpus": os.cpu_count(), "sqlite": sqlite3.sqlite_version},
            **result}, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if all(c["ok"] for c in result["budgets"]) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
