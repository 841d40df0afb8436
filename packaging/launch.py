"""The frozen application's entry point (PyInstaller runs this script)."""

import sys

from mxdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
