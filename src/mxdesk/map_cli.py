"""``mxdesk export-map -o FILE.svg|FILE.png|FILE.pdf [--sector NAME] [--search TEXT]``: the
map of Mexico alone, for a slide (issue 19). Hooked into :mod:`mxdesk.cli` by
:func:`add_commands` and :data:`HANDLERS`; exit statuses and messages as the rest of the
command line (0 done, 1 the user's input or environment at fault, with one line on stderr,
2 a usage error).

The counts are the Clusters tab's for that search with those sectors ticked
(:func:`mxdesk.core.state_counts.search_counts`), a misspelt word corrected as the tab
corrects it (and said on stderr, as ``mxdesk search`` says it); a choice no cluster fits
writes nothing and exits 1, as ``export-pdf`` does. The file is written by
:mod:`mxdesk.export.mapfile` (imported only when asked for: it loads Qt).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mxdesk.core.i18n import _


def add_commands(commands: Any) -> None:  # argparse's _SubParsersAction is private
    """Add ``export-map`` to *commands*, the ``mxdesk`` parser's subparsers."""
    drawn = commands.add_parser(
        "export-map", help=_("write the map of clusters by state as SVG, PNG or PDF (for a "
                             "slide)"),
        description=_("The map of Mexico's states, each shaded and numbered with its clusters "
                      "as the Clusters tab counts them for --search and --sector (all "
                      "clusters without them); the clusters with no state counted apart, a "
                      "caption saying what was counted, and the map's attribution. The format "
                      "follows the file's suffix: .svg (vector, for editing), .png (1600 "
                      "pixels wide) or .pdf (one landscape A4 page)."))
    drawn.add_argument("-o", "--output", required=True, type=Path,
                       metavar="FILE.svg|FILE.png|FILE.pdf")
    drawn.add_argument("--sector", action="append", metavar="NAME",
                       help=_("only clusters of this sector (its id or name, accents and case "
                              "ignored; repeat for several). An industry counts its sectors' "
                              "clusters too, and the caption says so; the window's Sector "
                              "facet counts the industry's own tag alone"))
    drawn.add_argument("--search", default="", metavar="TEXT",
                       help=_("only clusters the Clusters tab finds for TEXT; a word that "
                              "matches nothing is searched as its nearest word, said on stderr"))
    drawn.add_argument("--exact", action="store_true",
                       help=_("search TEXT as typed: no spelling correction"))


def _export_map(args: argparse.Namespace) -> int:
    """``mxdesk export-map``: check the file's name, count, draw, write; one line said."""
    import sys

    from mxdesk.cli import say_corrected
    from mxdesk.core import paths
    from mxdesk.core.directory import Directory
    from mxdesk.core.errors import NotFoundError
    from mxdesk.core.state_counts import cluster_correction, search_counts
    from mxdesk.export import mapfile  # loads Qt, so only here

    mapfile.check_target(args.output)  # before any counting: a bad name says so at once
    with Directory(args.db or paths.bundled_database()) as directory:
        text = args.search
        # A typo is searched as the Clusters tab corrects it (issue 19's trial: "queretero"
        # drew an empty map where the window showed Querétaro's 6 clusters).
        spelled = None if args.exact else cluster_correction(directory, text)
        if spelled is not None:
            text = spelled.searched
            say_corrected(spelled, to=sys.stderr)
        counts = search_counts(directory, text, args.sector or ())
        if not counts.clusters:  # as export-pdf refuses: no empty map with exit 0
            raise NotFoundError(_("nothing to export: {reason}; no map was written").format(
                reason=counts.nothing_fits()))
        written = mapfile.write_map(args.output, directory.mexico_map(), counts)
    print(_("Wrote {path} ({what}): {caption}").format(
        path=written.path, what=written.describe(), caption=counts.caption))
    return 0


#: ``mxdesk.cli``'s handlers of the commands this module adds.
HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"export-map": _export_map}
