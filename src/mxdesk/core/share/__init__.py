"""Sharing a mission's contacts and agenda over CardDAV and CalDAV (issue 21): no Qt.

A mission is linked to one address book and one calendar on a server the delegation runs
(Nextcloud, Radicale, …). mxdesk itself speaks no DAV: the kept sync engine vdirsyncer moves
items between the server and a local *vdir* (a folder of one ``.vcf`` or ``.ics`` file per
item) under ``<data folder>/share/<mission uid>/``, and mxdesk moves them between that folder
and the notes file, deciding what changed where by fingerprints of the shared fields.

Modules: :mod:`.items` (a contact or meeting as the vCard or iCalendar event the server holds,
and back; what is shared and what stays private), :mod:`.state` (links, per-item sync state,
conflicts and questions in ``share/share.db``), :mod:`.engine` (vdirsyncer as a subprocess:
config, timeouts, one clear line per failure), :mod:`.secrets` (the password: keyring or
``$MXDESK_DAV_PASSWORD``), :mod:`.server` (a first look at the server: login, certificate),
:mod:`.sync` (a whole sync: plan, send, receive, conflicts, deletions that ask first).
"""
