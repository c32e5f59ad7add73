"""`python -m cp_audit SUBCOMMAND`: the headless command line."""

import sys

from cp_audit.cli import main

sys.exit(main())
