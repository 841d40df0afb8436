"""Facts about the directory database's layout that readers and the build share.

Kept apart from mxdesk.core.build so that opening the directory does not load the build's
dependencies (sqlite-utils) at start-up.
"""

#: Bumped whenever the directory database's tables change; readers refuse other versions
#: (the file's ``PRAGMA user_version``). The notes file has its own,
#: :data:`mxdesk.core.notes.schema.NOTES_SCHEMA_VERSION`.
#: 3: the search index holds folded text (mxdesk.core.text.index_text, tokenizer "ascii");
#: display_text keeps the text as written.
#: 4: the country ("Mexico at a glance") and companies, with their facts, links and search
#: blocks; facts.topic; states.website and policies.website (issue 16).
#: 5: the vocabulary table, the index's words with their records and spelling, which misspelt
#: searches are corrected to (mxdesk.core.spelling, issue 17).
#: 6: row_counts and facet_counts, so that opening a tab counts nothing: each table's rows and
#: each tab's unfiltered facet counts, stored (mxdesk.core.facet_counts, issue 17).
#: 7: fact_sources, every source of a fact in order, where a figure is printed with two
#: footnote marks ("35,36", issue 17); facts.source_id stays its first.
#: 8: state_shapes, each state's outline on the map of Mexico, and the map's frame and
#: attribution in meta (mxdesk.core.geo, issue 19).
#: 9: the directory's Spanish text (issue 20) in *_es columns beside the English (names,
#: descriptions, facts' label/unit/qualifier/text/topic/period, sector location groups,
#: conclusions, origin, legal form, body, the tables' sector lists) and in the search index;
#: display_text.name_es (mxdesk.core.spanish_source, data/source/FORMAT.md).
#: 10: more of the directory's text in Spanish (issue 20): programmes.field_es,
#: clusters.label_sector_es, cluster_items.text_es (committees, focus areas), and
#: sort_key_es on every sorted table and sector_members (lists in the Spanish names' order).
DIRECTORY_SCHEMA_VERSION = 10
#: Multi-valued text fields of a cluster, kept in order in cluster_items.
CLUSTER_ITEM_KINDS = ("committee", "focus_area", "office", "partner")

#: The full-text index numbers each table's records in name order inside a block of rowids,
#: so that a search lists matches in the table's default order straight from FTS5 (a
#: prefix-index walk that can stop after one page) with no sort and no content look-ups.
#: Programmes and partnerships share a block: the Cooperation tab lists them together.
#: Companies and the country have blocks of their own: no tab lists them (a company shows in
#: the Sectors tab, the country in the Clusters tab, as a state does), but every block holds
#: one table's records in name order all the same.
SEARCH_BLOCKS = {"state": 1, "sector": 2, "cluster": 3, "policy": 4, "programme": 5,
                 "partnership": 5, "company": 6, "country": 7}
#: Rowids per block: 2**32, far more than a table will hold.
SEARCH_BLOCK_SIZE = 1 << 32


def search_rowids(kind: str) -> tuple[int, int]:
    """The first and last rowid of the search index's block holding *kind*'s records."""
    low = SEARCH_BLOCKS[kind] * SEARCH_BLOCK_SIZE
    return low, low + SEARCH_BLOCK_SIZE - 1
