"""The core of mxdesk: records, the directory database, search and the build. No Qt here."""
