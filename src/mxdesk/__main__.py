"""Run mxdesk with ``python -m mxdesk``."""

import sys

from mxdesk.cli import main

sys.exit(main())
