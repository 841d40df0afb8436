"""A synthetic directory of any size, for benchmarks: ``python -m mxdesk.core.synth``.

It keeps the real states, sectors, policies, programmes, partnerships and sources, and adds N
made-up clusters with plausible Spanish and English names (accents included), aliases and
acronyms, labels, facts and listings, then builds the database with the real build pipeline
(same schema, same FTS). The same seed always gives the same file. Every synthetic cluster's
id starts with ``synth-`` and its description says it is synthetic: such a file is never a
directory to rely on.
"""

from __future__ import annotations

import argparse
import copy
import random
import sys
import time
from pathlib import Path
from typing import Any

from mxdesk.core import paths
from mxdesk.core.build import build_from, load_sources
from mxdesk.core.errors import BuildError

KINDS_ES = ["Clúster", "Cluster", "Consejo", "Asociación", "Red", "Alianza", "Agrupación"]
KINDS_EN = ["Cluster", "Council", "Alliance", "Network", "Association", "Hub"]
TOPICS = [
    ("Automotriz", "Automotive", "automotive"), ("Aeroespacial", "Aerospace", "aerospace"),
    ("de Tecnologías de la Información", "Information Technology", "ict"),
    ("Agroalimentario", "Agrifood", "food"), ("Energético", "Energy", "energy"),
    ("Médico y de Salud", "Health", "health"), ("Minero", "Mining", "mining"),
    ("Logístico", "Logistics", "logistics"), ("del Mueble", "Furniture", "furniture"),
    ("Textil", "Textile", "textile"), ("de Biotecnología", "Biotechnology", "biotechnology"),
    ("de Electrónica", "Electronics", "electronics"), ("Químico", "Chemistry", "chemistry"),
    ("de Energías Renovables", "Renewable Energy", "renewable-energy"),
    ("de Turismo Médico", "Health Tourism", "health-tourism"),
    ("de Nanotecnología", "Nanotechnology", "nanotechnology"),
]
PLACES = ["del Bajío", "del Norte", "de la Laguna", "del Pacífico", "del Golfo", "del Sureste",
          "Metropolitano", "Regional", "Industrial", "de Innovación", "Tecnológico", "Integral"]
SUFFIXES = ["", "", " A.C.", " S.C.", " A.C"]
LABELS = [("Gold", "2021-02-15"), ("Silver", "2020-05-04"), ("Bronze", "2019-06-17"),
          ("Gold", "2031-01-31"), ("Silver", "2030-06-30")]


def _acronym(words: list[str], n: int) -> str:
    letters = "".join(w[0] for w in words if w[:1].isalpha() and w[0].isupper())
    return f"{letters[:6].upper()}{n % 1000:03d}"


def synthetic_sources(clusters: int, seed: int = 2026) -> dict[str, dict[str, Any]]:
    """The real source records plus *clusters* synthetic clusters, shaped as
    :func:`load_sources` returns them (file name -> its tables); the same *seed*, the same
    clusters. Raises BuildError as :func:`load_sources` does."""
    src = copy.deepcopy(load_sources(paths.source_dir()))
    rng = random.Random(seed)  # noqa: S311 - reproducible made-up data, not secrets
    states = src["states"]["state"]
    known_sectors = {s["id"] for s in src["sectors"]["sector"]}
    source_ids = ["briefing-table-6", "briefing-section-3-2", "briefing-table-2"]
    made = []
    spanish_text = src.setdefault("es", {}).setdefault("clusters", {})
    for n in range(clusters):
        state = rng.choice(states)
        topic_es, topic_en, sector = rng.choice(TOPICS)
        kind = rng.choice(KINDS_ES)
        place = rng.choice(PLACES)
        spanish = f"{kind} {topic_es} {place} de {state['name']}{rng.choice(SUFFIXES)}"
        english = f"{state['name']} {topic_en} {rng.choice(KINDS_EN)}"
        acronym = _acronym(spanish.split(), n)
        extra = rng.choice([s for s in known_sectors if s != sector]) if rng.random() < 0.3 \
            else None
        record: dict[str, Any] = {
            "id": f"synth-{n:06d}",
            "name": f"{spanish} {n}",
            "acronym": acronym,
            "aliases": [f"{english} {n}"],
            "state": state["id"],
            "sectors": [sector] + ([extra] if extra else []),
            "description": (f"Synthetic cluster number {n} for benchmarks: a {topic_en.lower()} "
                            f"cluster in {state['name']}. Not a real organisation."),
            "founded": 1990 + rng.randrange(35),
            "committees": [f"Comité de {w}" for w in rng.sample(
                ["Innovación", "Capital Humano", "Compras", "Exportación", "Calidad"], 2)],
            "sources": [rng.choice(source_ids)],
            "listing": [{"table": "table-6", "name": spanish, "state": state["id"],
                         "sector": topic_en}],
            "fact": [{"label": "Members", "value": rng.randrange(10, 400), "unit": "members",
                      "year": 2016 + rng.randrange(3), "source": "briefing-table-6"}],
        }
        if rng.random() < 0.08:
            level, until = rng.choice(LABELS)
            record["label"] = {"level": level, "sector": topic_en, "valid_until": until,
                               "source": "fn68"}
        made.append(record)
        # Spanish text too, so that benchmarks measure the bilingual index (issue 20).
        spanish_text[record["id"]] = {"description": (
            f"Clúster sintético número {n} para pruebas de rendimiento: clúster "
            f"{topic_es.lower()} en {state['name']}. No es una organización real.")}
    src["clusters"]["cluster"] = list(src["clusters"]["cluster"]) + made
    terms = src["es"].setdefault("terms", {})
    terms.setdefault("label", {}).setdefault("Members", "Miembros")
    terms.setdefault("unit", {}).setdefault("members", "miembros")
    src["meta"]["data_version"] = f"synthetic-{clusters}-{seed}"
    return src


def main(argv: list[str] | None = None) -> int:
    """``python -m mxdesk.core.synth -o FILE.db [--clusters N] [--seed S]``: build a directory
    with N made-up clusters (100,000 by default) for benchmarks, and say how long it
    took (s). Returns 0, or 1 when the build fails."""
    parser = argparse.ArgumentParser(prog="python -m mxdesk.core.synth", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clusters", type=int, default=100_000, help="synthetic clusters")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.db")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        counts = build_from(synthetic_sources(args.clusters, args.seed), args.output)
    except BuildError as exc:
        print(f"synth failed: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.output}: {counts['clusters']:,} clusters in "
          f"{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
