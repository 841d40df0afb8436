"""``mxdesk export-map -o FILE.svg|FILE.png|FILE.pdf [--sector NAME] [--search TEXT]``: the
map of Mexico alone, for a slide (issue 19). Hooked into :mod:`mxdesk.cli` by
:func:`add_commands` and :data:`HANDLERS`; exit statuses and messages as the rest of the
command line (0 done, 1 the user's input or environment at fault, with one line on stderr,
2 a usage error).

The counts are the Clusters tab's for that search with those sectors ticked
(:func:`mxdesk.core.state_counts.search_counts`); the file is written by
:mod:`mxdesk.export.mapfile` (imported only when asked for: it loads Qt).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any


def add_commands(commands: Any) -> None:  # argparse's _SubParsersAction is private
    """Add ``export-map`` to *commands*, the ``mxdesk`` parser's subparsers."""
    drawn = commands.add_parser(
        "export-map", help="write the map of clusters by state as SVG, PNG or PDF (for a "
                           "slide)",
        description="The map of Mexico's states, each shaded and numbered with its clusters "
                    "as the Clusters tab counts them for --search and --sector (all "
                    "clusters without them); the clusters with no state counted apart, a "
                    "caption saying what was counted, and the map's attribution. The format "
                    "follows the file's suffix: .svg (vector, for editing), .png (1600 "
                    "pixels wide) or .pdf (one landscape A4 page).")
    drawn.add_argument("-o", "--output", required=True, type=Path,
                       metavar="FILE.svg|FILE.png|FILE.pdf")
    drawn.add_argument("--sector", action="append", metavar="NAME",
                       help="only clusters of this sector (its id or name, accents and case "
                            "ignored; an industry takes its sectors; repeat for several)")
    drawn.add_argument("--search", default="", metavar="TEXT",
                       help="only clusters the Clusters tab finds for TEXT")


def _export_map(args: argparse.Namespace) -> int:
    """``mxdesk export-map``: check the file's name, count, draw, write; one line said."""
    from mxdesk.core import paths
    from mxdesk.core.directory import Directory
    from mxdesk.core.state_counts import search_counts
    from mxdesk.export import mapfile  # loads Qt, so only here

    mapfile.check_target(args.output)  # before any counting: a bad name says so at once
    with Directory(args.db or paths.bundled_database()) as directory:
        counts = search_counts(directory, args.search, args.sector or ())
        written = mapfile.write_map(args.output, directory.mexico_map(), counts)
    print(f"Wrote {written.path} ({written.describe()}): {counts.caption}")
    return 0


#: ``mxdesk.cli``'s handlers of the commands this module adds.
HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"export-map": _export_map}
