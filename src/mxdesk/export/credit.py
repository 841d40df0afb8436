"""The line every drawn map carries (its source, author and licence), in the paper's language.

Pure text, no Qt: the fact sheets' locators (:mod:`.sheet_head`) and the maps
(:mod:`.statemap`) print it.
"""

from __future__ import annotations

import re

from mxdesk.core.i18n import _

#: The map's attribution as the directory stores it (data/source/maps/mexico.toml), read
#: into its parts so that its words are printed in the paper's language, its names and
#: licence as they are (:func:`attribution_text`).
_ATTRIBUTION = re.compile(r"Map: (?P<work>.+?) by (?P<author>.+?), based on (?P<base>.+?), "
                          r"(?P<licence>[^;]+); outlines unchanged, states shaded by mxdesk")


def attribution_text(attribution: str) -> str:
    """*attribution* (the directory's map credit) in the current language: its words
    translated, the work, author, source and licence names as they are; an attribution of
    another form unchanged. Raises nothing."""
    found = _ATTRIBUTION.fullmatch(attribution.strip())
    if found is None:
        return attribution
    # Translators: the credit under every map; keep the names and the licence as they are.
    return _("Map: {work} by {author}, based on {base}, {licence}; outlines unchanged, "
             "states shaded by mxdesk").format(**found.groupdict())
