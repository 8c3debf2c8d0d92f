"""core.spare_cores: a part of a request done on another thread while one is free, else by the request itself."""

import threading

import pytest

from core import spare_cores
from core.spare_cores import SharedTasks, SpareCores


def test_work_runs_on_a_spare_core_and_its_result_comes_back():
    result = SpareCores(1).start(lambda: threading.current_thread().name)
    assert result is not None and result().startswith("spare-core")


def test_no_spare_core_is_taken_while_every_one_is_busy_and_the_caller_works_itself():
    spare = SpareCores(1)
    release = threading.Event()
    busy = spare.start(release.wait)
    assert busy is not None
    assert spare.start(lambda: 1) is None  # the one thread is taken: not queued behind it
    release.set()
    busy()
    again = spare.start(lambda: 2)
    assert again is not None and again() == 2


def test_without_a_spare_core_nothing_is_started():
    assert SpareCores(0).start(lambda: 1) is None


def test_an_exception_reaches_the_caller_and_frees_the_thread():
    spare = SpareCores(1)
    failing = spare.start(lambda: 1 / 0)
    assert failing is not None
    with pytest.raises(ZeroDivisionError):
        failing()
    succeeding = spare.start(lambda: 3)
    assert succeeding is not None and succeeding() == 3


def test_a_forked_process_makes_threads_of_its_own(monkeypatch):
    spare = SpareCores(1)
    first = spare._ready()[0]
    assert spare._ready()[0] is first
    monkeypatch.setattr(spare_cores.os, "getpid", lambda: -1)  # (a gunicorn worker forked from the master)
    assert spare._ready()[0] is not first


def test_one_core_is_the_requests_own():
    assert spare_cores.spare_cores() == max(len(spare_cores.os.sched_getaffinity(0)) - 1, 0)


def test_shared_tasks_are_each_done_once_by_whichever_thread_takes_them_and_answer_in_order():
    started = threading.Event()
    release = threading.Event()

    def first():  # taken by the spare core, which holds it until the request's thread has done the rest
        started.set()
        release.wait(5)
        return threading.current_thread().name

    def later(n):
        return lambda: (n, threading.current_thread().name)

    tasks = SharedTasks([first, later(1), later(2)])
    assert SpareCores(1).start(tasks.work) is not None
    started.wait(5)
    threading.Timer(0.05, release.set).start()
    results = tasks.results()  # takes 1 and 2 here, then waits for the first
    here = threading.current_thread().name
    assert results[0].startswith("spare-core")
    assert results[1:] == [(1, here), (2, here)]


def test_shared_tasks_without_a_spare_core_are_all_done_by_the_caller():
    assert SharedTasks([lambda: 1, lambda: 2]).results() == [1, 2]
    assert SharedTasks([]).results() == []


def test_a_shared_task_s_exception_reaches_the_caller_after_every_task_is_done():
    done = []
    tasks = SharedTasks([lambda: 1 / 0, lambda: done.append(1)])
    assert SpareCores(1).start(tasks.work) is not None
    with pytest.raises(ZeroDivisionError):
        tasks.results()
    assert done == [1]
