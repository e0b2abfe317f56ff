"""`make test`'s two workers (tests/workers.py): the browser tests are one unit of work but those checked at rest, which
come last, one test a unit; the worker that runs the others beside them gives them the cores first."""
import pytest

from workers import AT_REST, BROWSER_TESTS, at_rest, runs_beside_the_browser, unit_of_work


def test_every_browser_test_is_one_unit_but_those_at_rest_and_any_other_test_its_own():
    assert unit_of_work("tests/browser/test_why_browser.py::test_a[390]") == BROWSER_TESTS
    assert unit_of_work("tests/browser/test_bars_paint_browser.py::test_b") == BROWSER_TESTS
    assert unit_of_work("tests/browser/test_static_html.py::test_b") == "tests/browser/test_static_html.py::test_b"
    walk = "tests/browser/test_experience.py::test_c[390]"
    assert unit_of_work(walk) == walk
    assert unit_of_work("tests/test_api.py::test_c") == "tests/test_api.py::test_c"
    assert unit_of_work("tests/browserish.py::test_d") == "tests/browserish.py::test_d"
    assert unit_of_work("tests/test_browser.py::test_e") == "tests/test_browser.py::test_e"


def test_at_rest_is_a_whole_file_name():
    assert at_rest("tests/browser/test_content_browser.py::test_a")
    assert not at_rest("tests/browser/test_content_browser.py.bak::test_a")
    assert not at_rest("tests/browser/old_test_content_browser.py::test_a")
    assert not at_rest("tests/test_content_browser.py::test_a")
    assert all(name.startswith(BROWSER_TESTS) and name.endswith(".py::") for name in AT_REST)


@pytest.mark.parametrize("name", AT_REST)
def test_each_file_at_rest_exists_and_times_nothing(name):
    from pathlib import Path

    source = (Path(__file__).resolve().parent.parent / name.removesuffix("::")).read_text()
    for timing in ("clock.", "performance.now", "monotonic", "perf_counter"):
        assert timing not in source, (name, timing)


def test_the_collection_puts_the_browser_tests_at_rest_last_each_file_together():
    import subprocess
    import sys
    from itertools import groupby
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    listed = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly",
                             "tests/browser", "tests/test_workers.py"],
                            cwd=root, capture_output=True, text=True, timeout=120).stdout
    nodeids = [line for line in listed.splitlines() if "::" in line]
    flags = [at_rest(n) for n in nodeids]
    assert any(flags) and not all(flags)
    assert flags == sorted(flags), "a browser test at rest comes before one that is not"
    files = [name for name, _ in groupby(n.split("::")[0] for n in nodeids if at_rest(n))]
    assert len(files) == len(set(files)) == len(AT_REST)


def test_only_a_worker_whose_first_test_is_not_in_the_browser_unit_steps_back():
    assert runs_beside_the_browser("gw1", "tests/test_api.py::test_c")
    assert runs_beside_the_browser("gw1", "tests/browser/test_content_browser.py::test_c")
    assert not runs_beside_the_browser("gw0", "tests/browser/test_why_browser.py::test_a")
    assert not runs_beside_the_browser(None, "tests/test_api.py::test_c")  # a plain run: no workers
