"""Facts about the directory database's layout that readers and the build share.

Kept apart from mxdesk.core.build so that opening the directory does not load the build's
dependencies (sqlite-utils) at start-up.
"""

#: Bumped whenever the directory database's tables change; readers refuse other versions.
SCHEMA_VERSION = 1
#: Multi-valued text fields of a cluster, kept in order in cluster_items.
CLUSTER_ITEM_KINDS = ("committee", "focus_area", "office", "partner")
