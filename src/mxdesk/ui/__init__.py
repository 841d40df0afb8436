"""The Qt widgets and item models of mxdesk: thin adapters over mxdesk.core."""
