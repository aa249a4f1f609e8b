"""Bulk reads: building tens of thousands of objects without the cyclic collector's full walks."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pauses Python's cyclic garbage collector while a bulk read builds what it returns.

    Why: the collector runs whenever 700 more container objects exist than before, and as the
    new objects survive it walks older generations, up to the whole heap (every object of the
    process, the window's included). An export of 5,000 activities builds some 80,000 objects
    that all live until the file is written, none of them in a reference cycle, so those walks
    find nothing to free: they took 0.1 s of a 0.4 s read (measured with gc.callbacks, by
    benchmarks/export_activities.py). Reference counting goes on freeing everything as usual;
    only cycles wait until the block ends, and the block is one read. After it, the youngest
    generation holds what the read built, and the next collection walks that once (some 15 ms
    of the export's writing), not the whole heap. Mercurial builds its large structures the
    same way (util.nogc).

    The switch is process-wide (gc has no other): the collector is enabled again only if it was
    enabled when the block began, so nested blocks, and a collector disabled by someone else,
    are left as they were.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
