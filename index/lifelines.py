"""Child processes that end with the process that started them.

The build's helper processes (Whoosh's sub-writers, the NER workers) wait on
queues from the main process: if it is killed mid-build they would wait
forever. Each asks the kernel to kill it when its parent dies.
"""

from __future__ import annotations

import os
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when `parent` dies (Linux; a no-op elsewhere)."""
    import ctypes  # in the child only: a search never starts one
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
