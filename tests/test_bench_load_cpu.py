"""bench/load_cpu.py: a trace's main-thread tasks, outermost only, each named by the work that opened it."""
from __future__ import annotations

import pytest

from bench.load_cpu import code_cache, file_of, main_tasks, summary

MAIN, OTHER = (1, 10), (1, 11)


def thread(ids: tuple, name: str) -> dict:
    return {"name": "thread_name", "ph": "M", "pid": ids[0], "tid": ids[1], "args": {"name": name}}


def event(name: str, ts: int, dur: int, where: tuple = MAIN, tdur: int | None = None, **data) -> dict:
    e = {"name": name, "ph": "X", "ts": ts, "dur": dur, "pid": where[0], "tid": where[1], "args": {"data": data}}
    if tdur is not None:
        e["tdur"] = tdur
    return e


@pytest.mark.parametrize("url, name", [
    ("http://127.0.0.1:8050/_dash-component-suites/dash/deps/react-dom@18.v4_4_1m1796498575.3.1.min.js", "react-dom"),
    ("http://127.0.0.1:8050/_dash-component-suites/dash/dash-renderer/build/dash_renderer.v4_4_1m1796498575.min.js",
     "dash_renderer"),
    ("http://127.0.0.1:8050/assets/charts.js?m=1796498575.0", "charts"),
    ("http://127.0.0.1:8050/assets/vendor/plotly-scatter-bar-heatmap-4.1.1.min.js?m=1", "plotly-scatter-bar-heatmap-4.1.1"),
    ("", "(inline)"),
])
def test_a_scripts_file_is_named_without_its_version_or_query(url, name):
    assert file_of(url) == name


def test_tasks_are_the_main_threads_outermost_ones_named_by_what_opened_them():
    events = [
        thread(MAIN, "CrRendererMain"), thread(OTHER, "Compositor"),
        # a timer of charts.js, with a nested RunTask that is not a task of its own
        event("RunTask", 0, 40_000, tdur=35_000),
        event("TimerFire", 10, 39_000),
        event("FunctionCall", 20, 38_000, url="http://x/assets/charts.js?m=1"),
        event("ThreadControllerImpl::RunTask", 100, 1_000, tdur=900),
        # a script's evaluation
        event("RunTask", 50_000, 20_000, tdur=18_000),
        event("EvaluateScript", 50_010, 19_000, url="http://x/assets/later.js?m=1"),
        # mostly garbage collection
        event("RunTask", 80_000, 60_000, tdur=59_000),
        event("FunctionCall", 80_010, 10_000, url="http://x/a.js"),
        event("MajorGC", 90_010, 45_000),
        # no script at all
        event("RunTask", 150_000, 5_000, tdur=4_000),
        event("Layout", 150_010, 4_000),
        # another thread's task is not the page's
        event("RunTask", 0, 90_000, where=OTHER, tdur=90_000),
    ]
    tasks = main_tasks(events)
    assert tasks == [{"cpu": 35.0, "wall": 40.0, "name": "charts"}, {"cpu": 18.0, "wall": 20.0, "name": "script later"},
                     {"cpu": 59.0, "wall": 60.0, "name": "GC"}, {"cpu": 4.0, "wall": 5.0, "name": "Layout"}]
    s = summary(tasks)
    # over 30 ms of CPU: two tasks (35 and 59 ms); 30 ms itself would not count
    assert (s["cpu_ms"], s["long"], s["worst_cpu_ms"], s["worst_wall_ms"], s["worst"]) == (116.0, 2, 59.0, 60.0, "GC")
    assert summary([{"cpu": 30.0, "wall": 31.0, "name": "a"}])["long"] == 0
    assert summary([{"cpu": 30.001, "wall": 31.0, "name": "a"}])["long"] == 1
    assert s["by_name"] == {"charts": 35.0, "script later": 18.0, "GC": 59.0, "Layout": 4.0}


@pytest.mark.parametrize("gc_us, name", [(30_000, "charts"), (30_001, "GC")])
def test_a_task_is_named_gc_only_when_collection_took_more_than_half_of_it(gc_us, name):
    events = [thread(MAIN, "CrRendererMain"),
              event("RunTask", 0, 60_000, tdur=59_000),
              event("FunctionCall", 10, 20_000, url="http://x/assets/charts.js"),
              event("MinorGC", 20_010, gc_us)]
    assert [t["name"] for t in main_tasks(events)] == [name]


BUNDLE_URL = "http://x/assets/vendor/plotly-scatter-bar-heatmap-4.1.1.min.js?m=1"


@pytest.mark.parametrize("events, state", [
    ([event("v8.compile", 0, 10, url=BUNDLE_URL), event("v8.produceCache", 20, 30_000, url=BUNDLE_URL,
                                                         producedCacheSize=2_444_008)], "written"),
    ([event("v8.compile", 0, 10, url=BUNDLE_URL, consumedCacheSize=2_444_008, cacheRejected=False)], "read"),
    ([event("v8.compile", 0, 10, url=BUNDLE_URL, consumedCacheSize=2_444_008, cacheRejected=True)], "compiled"),
    ([event("v8.compile", 0, 10, url=BUNDLE_URL)], "compiled"),
    # another script's cache says nothing of the bundle's; an empty produceCache event neither
    ([event("v8.produceCache", 0, 10, url="http://x/assets/charts.js", producedCacheSize=10),
      event("v8.compile", 0, 10, url="http://x/assets/charts.js", consumedCacheSize=10),
      event("v8.produceCache", 0, 10)], "compiled"),
    ([event("v8.produceCache", 0, 10, url=BUNDLE_URL)], "compiled"),
])
def test_a_warm_link_is_told_by_what_v8_did_with_the_bundles_code_cache(events, state):
    assert code_cache(events) == state
