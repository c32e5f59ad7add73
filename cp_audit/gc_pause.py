"""Python's cycle collector paused while a large document is written or read.

A report, an Excel export or an import makes hundreds of thousands of objects (paragraphs, cell styles,
rows) that live until it ends; each full collection then walks them and every record of the audits held
in memory (a million objects with a large audit open): a third of a report's time, a second or more of an
export's, to free a few cyclic objects. Reference counting still frees everything else, and the collector
runs again when the last paused task ends. Several tasks may run at once (the workbench runs them in
background threads): the collector is enabled again after the last of them."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = True


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                # Everything made during the pause is still in the youngest generation: what is left of
                # it is the tasks' cyclic garbage (a PDF's object tree, the photos' readers), freed now
                # rather than carried, with the photos' pixels, into the next task.
                gc.collect(0)
                gc.enable()
