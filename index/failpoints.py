"""Named kill points in the build, for the fault tests only.

A test sets `MORGUE_FAILPOINT` to one of `FAILPOINTS` in the environment of a
`morgue index` process; when that process reaches the step of that name it
sends itself SIGKILL: no `finally`, no `atexit`, no flush, exactly what a power
cut or the OOM killer leaves. The tests then check that the next run recovers
an index equal to a fresh build. A kill from outside at a random moment rarely
lands in a window a few milliseconds wide; a named step always does.

Not for users: nothing in Morgue sets the variable. It is read once, when this
module is first imported, so a step costs one comparison when it is unset.

Every step is listed in `FAILPOINTS`, in the order a run reaches them, so that
the tests iterate over all of them (and a test checks that each one is in the
code). `rebuild.*` steps are reached by a rebuild (and by the first build of an
index), `update.*` by an update that changes something; `publish.mid-swap` by both
(inside `publish_generation`), and `entities.mid-model` by whichever run
sends bodies to the entity extractor.
"""

from __future__ import annotations

import os
import signal

ENV = "MORGUE_FAILPOINT"

FAILPOINTS: tuple[str, ...] = (
    # a rebuild (or a first build)
    "rebuild.after-scan",
    "rebuild.after-read",
    "rebuild.mid-write",  # the engine has some of the documents, uncommitted
    "rebuild.after-commit",  # the engine's files are complete in the new generation
    "rebuild.after-names",
    "rebuild.after-vocabulary",
    "rebuild.after-copies",  # the near-duplicate groups written (`copies.bin`)
    "rebuild.after-resolution",  # the entity table and its alias map written (`entities.json`)
    "rebuild.after-versions",  # the previous generation's history carried forward (`versions.json`)
    "rebuild.after-manifest",
    "rebuild.after-meta",
    "rebuild.before-publish",
    "rebuild.after-publish",  # CURRENT names the new generation; old ones not yet removed
    "rebuild.after-overview",
    # an update that changes the index
    "update.after-scan",
    "update.after-read",
    "update.after-fork",  # the live generation copied (its segments linked) into a new one
    "update.mid-write",
    "update.after-commit",
    "update.after-names",
    "update.after-vocabulary",
    "update.after-copies",
    "update.after-resolution",
    "update.after-versions",  # earlier texts of updated articles kept (`versions.json`)
    "update.after-manifest",
    "update.after-meta",
    "update.before-publish",
    "update.after-publish",
    "update.after-overview",
    # shared steps
    "publish.mid-swap",  # the new generation renamed into place, CURRENT not yet switched
    "entities.mid-model",  # the extractor has returned the first of the bodies it was sent
)

_ARMED = os.environ.get(ENV) or None


def failpoint(name: str) -> None:
    """Kill this process (SIGKILL) if `MORGUE_FAILPOINT` names this step; otherwise nothing."""
    if _ARMED is not None and name == _ARMED:
        os.kill(os.getpid(), signal.SIGKILL)
