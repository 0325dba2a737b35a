"""The suite's work that may run beside the `make serve` bench, whose budget is in seconds of the clock, and can wait:
the blocks run as scripts (runner.start_script) run at a lower priority. They fill the cores the bench and the site's
build leave and take none from them; what they print is unchanged.

On Linux a thread's niceness is its own, and passes to the processes it starts: the threads that start them lower their
own. Elsewhere (macOS) a niceness is the whole process's, so there nothing is lowered. (Not Chromium: run as root, it
raises its own drawing threads' priority, to niceness -8, whatever it started with; conftest.page_checks waits for the
bench instead.)"""

from __future__ import annotations

import os
import sys

BACKGROUND_NICENESS = 10 if sys.platform == "linux" else 0


def lower_this_thread() -> None:
    """This thread, and every process it starts from now on, BACKGROUND_NICENESS below where it was (19 at most)."""
    if BACKGROUND_NICENESS:
        os.setpriority(os.PRIO_PROCESS, 0, min(os.getpriority(os.PRIO_PROCESS, 0) + BACKGROUND_NICENESS, 19))
