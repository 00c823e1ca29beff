"""Entry script for the PyInstaller bundle (see build.spec): runs the fieldkit command line."""

import sys

from fieldkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
