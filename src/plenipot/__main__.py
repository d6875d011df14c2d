"""`python -m plenipot` runs the same command as `plenipot`."""

import sys

from plenipot.cli import main

sys.exit(main())
