"""The frozen application's entry point (PyInstaller runs this script)."""

import sys

from mxdesk.cli import main

if __name__ == "__main__":
    # Sharing (issue 21) runs vdirsyncer as `<python> -m vdirsyncer …`; frozen, the "python"
    # is this executable, which does it here.
    from mxdesk.core.share.engine import frozen_child

    if frozen_child(sys.argv):
        sys.exit(0)
    sys.exit(main())
