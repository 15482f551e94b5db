"""``python -m benchmarks``: run the build benchmark (see ``docs/benchmark.md``)."""

import sys

from .run import main

sys.exit(main())
