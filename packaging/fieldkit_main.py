"""Entry script for the PyInstaller bundle (see build.spec): runs the fieldkit command line."""

import gc
import sys

gc.disable()  # as in fieldkit/__main__.py: fieldkit.cli.main says when the collector resumes

from fieldkit.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
