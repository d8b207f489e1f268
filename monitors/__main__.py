"""Entry point for `python -m monitors`."""

import os
import sys

from monitors.cli import main

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:
    # The reader went away (`... | head`): that is not an error of ours, and Python would
    # otherwise print a traceback while flushing at exit.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 0
sys.exit(code)
