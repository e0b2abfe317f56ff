"""components/scripts.py: Dash's scripts as inert tags in a <template> and the loader that runs each in a task of
its own, or Dash's own HTML when it holds anything else."""
from __future__ import annotations

import re

from components.scripts import LOADER, TEMPLATE_ID, in_own_tasks

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
