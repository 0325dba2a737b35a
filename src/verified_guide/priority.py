"""The suite's work that can wait, the blocks run as scripts (runner.start_script), runs at a lower priority: beside
it run the site's build, which the checks wait for, and the `make serve` bench. Where they compete for a core with the bench
or the site's build, they get about a tenth of it (niceness 10 against 0: weights 110 and 1024); what they print is
unchanged.

On Linux a thread's niceness is its own, and passes to the processes it starts: the threads that start them lower their
own. Elsewhere (macOS) a niceness is the whole process's, so there nothing is lowered. (Not Chromium: started niced
by a thread of a process run as root, as here, its browser process's main thread was at niceness -8, which Chromium
sets itself. The bench's budget is the server's own time, less what it waited for a core: serve_reload.run_queue_seconds.)"""

from __future__ import annotations

import os
import sys

BACKGROUND_NICENESS = 10 if sys.platform == "linux" else 0


def lower_this_thread() -> None:
    """This thread, and every process it starts from now on, BACKGROUND_NICENESS below where it was (19 at most)."""
    if BACKGROUND_NICENESS:
        os.setpriority(os.PRIO_PROCESS, 0, min(os.getpriority(os.PRIO_PROCESS, 0) + BACKGROUND_NICENESS, 19))
