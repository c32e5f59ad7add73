"""The cycle collector is paused while a large document is written or read, and enabled again after the
last of the tasks running at once; a collector that was off stays off."""

import gc
import threading

from cp_audit.gc_pause import cycle_collection_paused


def test_the_collector_runs_again_after_the_last_of_overlapping_tasks():
    assert gc.isenabled()
    first = cycle_collection_paused()
    second = cycle_collection_paused()
    first.__enter__()
    assert not gc.isenabled()
    second.__enter__()
    first.__exit__(None, None, None)  # the first task ends while the second still runs
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_task_that_fails_enables_the_collector_again():
    try:
        with cycle_collection_paused():
            raise ValueError("broken")
    except ValueError:
        pass
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with cycle_collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_tasks_in_threads():
    started, release = threading.Barrier(5), threading.Event()

    def task():
        with cycle_collection_paused():
            started.wait()
            release.wait()

    threads = [threading.Thread(target=task) for _ in range(4)]
    for thread in threads:
        thread.start()
    started.wait()
    assert not gc.isenabled()
    release.set()
    for thread in threads:
        thread.join()
    assert gc.isenabled()
