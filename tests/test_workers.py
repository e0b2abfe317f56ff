"""`make test`'s two workers (tests/workers.py): the browser tests are one unit of work, and the worker that runs the
others beside them gives them the cores first."""
from workers import BROWSER_TESTS, runs_beside_the_browser, unit_of_work


def test_every_browser_test_is_one_unit_and_any_other_test_its_own():
    assert unit_of_work("tests/browser/test_why_browser.py::test_a[390]") == BROWSER_TESTS
    assert unit_of_work("tests/browser/test_static_html.py::test_b") == BROWSER_TESTS
    assert unit_of_work("tests/test_api.py::test_c") == "tests/test_api.py::test_c"
    assert unit_of_work("tests/browserish.py::test_d") == "tests/browserish.py::test_d"
    assert unit_of_work("tests/test_browser.py::test_e") == "tests/test_browser.py::test_e"


def test_only_a_worker_whose_first_test_is_not_a_browser_test_steps_back():
    assert runs_beside_the_browser("gw1", "tests/test_api.py::test_c")
    assert not runs_beside_the_browser("gw0", "tests/browser/test_why_browser.py::test_a")
    assert not runs_beside_the_browser(None, "tests/test_api.py::test_c")  # a plain run: no workers
