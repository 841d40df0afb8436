"""The order in which a search's hits are offered: a record named by what was typed before
one that only mentions it (issue 16's new-user trial: "bombardier" opened the Aerospace sector,
whose figures name the firm, instead of the company Bombardier).

The full-text index finds every record whose name, aliases, description or facts hold the
words; the lists group the hits by kind (clusters, sectors, policies, …). Here a group holding
a record whose *name* matches comes before the groups that do not, and inside a group such
records come first, the exact name before a name that only starts the typed words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from mxdesk.core.text import index_text

#: The kinds of the user's own records, listed after the directory's whatever they match.
OWN_KINDS = frozenset({"contact", "note", "mission", "meeting"})
#: A hit as the lists hold it: (kind, id, name, …) — only the first three are read.
_H = TypeVar("_H", bound=tuple[str, ...])


def name_match(query: str, name: str) -> int:
    """How well *name* answers *query*: 2 when it is the typed text (accents, case and
    punctuation aside), 1 when every typed word starts a word of the name, 0 otherwise."""
    typed = index_text(query).split()
    if not typed:
        return 0
    named = index_text(name).split()
    if " ".join(typed) == " ".join(named) or "".join(typed) == "".join(named):
        return 2
    return 1 if all(any(n.startswith(t) for n in named) for t in typed) else 0


def best_first(query: str, hits: Sequence[_H], kinds: Sequence[str]) -> tuple[list[str], list[_H]]:
    """The *kinds* in the order to list them, and *hits* reordered (stably) inside each kind:
    kinds with a record whose name matches *query* first (the best match's kind first), and
    in each kind the records whose names match first. *hits* are tuples ``(kind, id, name,
    …)``; returns (kinds, hits)."""
    score = {(h[0], h[1]): name_match(query, h[2]) for h in hits}
    ranked = sorted(hits, key=lambda h: -score[h[0], h[1]])
    best = {kind: max((score[h[0], h[1]] for h in hits if h[0] == kind), default=0)
            for kind in kinds}
    # The user's own contacts and notes stay after the directory's records, as they were.
    order = sorted(kinds, key=lambda k: (k in OWN_KINDS, 0 if k in OWN_KINDS else -best[k]))
    return order, ranked
