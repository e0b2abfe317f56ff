"""components/scripts.py: Dash's scripts as inert tags in a <template> and the loader that runs each in a task of
its own, or Dash's own HTML when it holds anything else; Dash's polyfill left out, with regenerator-runtime (what
Dash's bundles need of it) vendored in assets/vendor/ and run before them."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from components.scripts import CHUNKS, LOADER, TEMPLATE_ID, in_own_tasks, with_chunks, without_polyfill

VENDOR = Path(__file__).resolve().parents[1] / "assets" / "vendor"
RUNTIME = "regenerator-runtime-0.13.11.js"

FILES = '<script src="/a.js"></script>\n<script src="/b.js?v=1"></script>'
START = '<script id="_dash-renderer" type="application/javascript">var renderer = new DashRenderer();</script>'


def test_files_and_the_renderers_start_go_into_the_template_in_their_order():
    out = in_own_tasks(FILES, START)
    assert out["renderer"] == ""
    template = re.fullmatch(f'<template id="{TEMPLATE_ID}">(.*)</template>(.*)', out["scripts"], re.S)
    assert template[1] == FILES + START and template[2] == LOADER
    assert f'getElementById("{TEMPLATE_ID}")' in LOADER


def test_anything_but_plain_files_and_the_start_is_left_as_dash_writes_it():
    for scripts, renderer in (
        ("", START),                                                        # no file
        (FILES + '\n<script src="/c.js" crossorigin="anonymous"></script>', START),  # another attribute
        (FILES + "\n<script>var x = 1;</script>", START),                   # an inline script
        ('<script src="/a.js"></script><b>', START),                        # anything else
        (FILES, START.replace("_dash-renderer", "other")),                  # another start
        (FILES, START + "<script>var y;</script>"),                         # more than the start
    ):
        assert in_own_tasks(scripts, renderer) == {"scripts": scripts, "renderer": renderer}


def test_the_served_page_lists_every_script_in_the_template_and_none_outside(client):
    page = client.get("/").get_data(as_text=True)
    inside = re.search(f'<template id="{TEMPLATE_ID}">(.*?)</template>', page, re.S)[1]
    outside = page.replace(inside, "")
    sources = re.findall(r'<script src="([^"]+)"></script>', inside)
    assert len(sources) > 20 and re.findall(r"<script src=", outside) == []
    assert "/assets/drag_value.js" in inside and "dash_renderer" in inside
    assert inside.rstrip().endswith(START)
    assert page.index(f'<template id="{TEMPLATE_ID}">') < page.index(LOADER)


POLYFILL = '<script src="/_dash-component-suites/dash/deps/polyfill@7.v4_4_1m1.12.1.min.js"></script>'


def test_only_dashs_polyfill_is_left_out():
    react = '<script src="/_dash-component-suites/dash/deps/react@18.v4_4_1m1.3.1.min.js"></script>'
    assert without_polyfill(f"{POLYFILL}\n{react}\n{FILES}") == f"\n{react}\n{FILES}"
    prefixed = POLYFILL.replace('src="/', 'src="/app/')  # served under a path prefix
    assert without_polyfill(prefixed + FILES) == FILES
    for kept in ('<script src="/assets/polyfill@1.js"></script>',  # not Dash's deps
                 '<script src="/_dash-component-suites/dash/deps/polyfills.js"></script>',  # not its polyfill@
                 POLYFILL.replace("></script>", ' crossorigin="anonymous"></script>')):  # not a plain tag
        assert without_polyfill(kept + FILES) == kept + FILES


def test_the_served_page_runs_regenerator_runtime_before_dashs_bundles_and_no_polyfill(client):
    page = client.get("/").get_data(as_text=True)
    sources = re.findall(r'<script src="([^"]+)"></script>', page)
    assert [s for s in sources if "polyfill" in s] == []
    runtime = next(i for i, s in enumerate(sources) if s.startswith(f"/assets/vendor/{RUNTIME}"))
    renderer = next(i for i, s in enumerate(sources) if "dash_renderer" in s)
    suites = [i for i, s in enumerate(sources) if "/dash/dcc/" in s or "/dash/html/" in s]
    assert suites and runtime < renderer < min(suites)


def test_the_vendored_runtime_is_the_published_file_with_its_license():
    text = (VENDOR / RUNTIME).read_text(encoding="utf-8")
    assert text.startswith("/**\n * Copyright (c) 2014-present, Facebook, Inc.")
    assert "regeneratorRuntime = runtime;" in text and "exports.mark = function(genFun)" in text
    # regenerator-runtime@0.13.11's runtime.js as npm publishes it (`npm pack regenerator-runtime@0.13.11`)
    assert hashlib.sha256(text.encode()).hexdigest() == "e4fa2bcc7507e23fb226bad104bd3c526149ebc9891afbc4bb3a4a0c88afded3"
    assert "MIT License" in (VENDOR / "regenerator-runtime-LICENSE.txt").read_text(encoding="utf-8")


DCC = "/_dash-component-suites/dash/dcc/"
DCC_FILES = (f'<script src="{DCC}dash_core_components.v4_4_1m1796.js"></script>\n'
             f'<script src="{DCC}dash_core_components-shared.v4_4_1m1796.js"></script>')
HTML_FILE = '<script src="/_dash-component-suites/dash/html/dash_html_components.v4_4_1m1796.min.js"></script>'


def test_dccs_lazily_loaded_parts_are_listed_right_after_its_files_under_its_fingerprint():
    out = with_chunks(f"{FILES}\n{DCC_FILES}\n{HTML_FILE}")
    chunks = "".join(f'<script src="{DCC}{name}.v4_4_1m1796.js"></script>' for name in CHUNKS)
    assert out == f"{FILES}\n{DCC_FILES}{chunks}\n{HTML_FILE}"
    assert CHUNKS == ("async-graph", "async-slider", "async-dropdown", "async-upload")
    prefixed = with_chunks(DCC_FILES.replace('src="/', 'src="/app/'))  # served under a path prefix
    assert prefixed.endswith(chunks.replace('src="/', 'src="/app/'))
    for kept in (FILES, HTML_FILE,  # no dcc
                 f'<script src="{DCC}dash_core_components.js"></script>',  # no fingerprint
                 f'<script src="{DCC}dash_core_components.v4_4_1m1796.js" defer></script>'):  # not a plain tag
        assert with_chunks(kept) == kept


def test_the_served_page_lists_dccs_parts_after_its_files_and_the_server_serves_them(client):
    page = client.get("/").get_data(as_text=True)
    sources = re.findall(r'<script src="([^"]+)"></script>', page)
    dcc = [i for i, s in enumerate(sources) if "/dash/dcc/dash_core_components" in s]
    listed = [s for s in sources if "/dash/dcc/async-" in s]
    assert [s.split("/")[-1].split(".")[0] for s in listed] == list(CHUNKS)
    assert sources.index(listed[0]) == max(dcc) + 1
    for src in listed:
        answer = client.get(src)
        assert answer.status_code == 200 and b"webpackChunk" in answer.data
        assert "max-age=31536000" in answer.headers["Cache-Control"]  # fingerprinted: cached for good
