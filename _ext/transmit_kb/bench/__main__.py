"""``python -m transmit_kb.bench``: run the build benchmark (see ``docs/benchmark.md``)."""

import sys

from .run import main

sys.exit(main())
