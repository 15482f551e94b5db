"""``python -m transmit_kb``: the same as the ``transmit-kb`` command."""

import sys

from .cli.main import main

sys.exit(main())
