"""mxdesk: an offline directory of Mexico's clusters for European trade missions."""

__version__ = "0.1.0"
