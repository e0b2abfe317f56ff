"""The page's scripts, each run in a task of its own, and Dash's polyfill left out (`without_polyfill`).

Dash lists its scripts as plain `<script src>` tags, and then an inline one that starts the renderer. From the
browser's cache, the HTML parser runs all of them in one task (60-110 ms while a link loads, bench/feel.py), and so
does the browser for scripts inserted with `async = false`. Here the same tags go into a `<template>` (inert: nothing
in it is fetched or run), and a small script asks for every file at once (`<link rel="preload">`), then inserts them
one after another, each once the one before has run and a zero-delay timer has passed, so each runs in a task of its
own, in the listed order; the renderer starts after the last. A file that fails to load does not stop the page, as
with the parser. Anything else in Dash's scripts (another attribute, an inline script) leaves them as Dash writes
them."""
from __future__ import annotations

import re

TEMPLATE_ID = "_dash-scripts"
FILE_TAG = re.compile(r'\s*<script src="[^"<>]+"></script>\s*')
# Dash's polyfill (@babel/polyfill 7.12: core-js 2 and regenerator-runtime) ran 82-163 ms on a first visit. Every
# browser that runs React 18 has what core-js 2 adds; what Dash's bundles still need from it is the global
# `regeneratorRuntime` (dash-renderer's and dcc's generators), which assets/vendor/regenerator-runtime-*.js defines
# (the page's assets run before the renderer and the component suites).
POLYFILL_TAG = re.compile(r'\s*<script src="[^"<>]*/dash/deps/polyfill@[^"<>]*"></script>')
# dcc's lazily loaded parts that the page draws as it opens: its charts, sliders, the drill-down's dropdown and the
# upload. Asked for by React as each first renders, they came in after the first screen had mounted (the sliders
# and the bars waited for them), and React shows a part that waited for one no sooner than 500 ms after it first
# showed it empty (its Suspense throttle): the bars and the confusion matrix drew ~400 ms after the charts under
# them. Listed with dcc's files, they are in before the first render (README, eighteenth pass); assets/later.js
# makes each kind ready before the first part mounts.
CHUNKS = ("async-graph", "async-slider", "async-dropdown", "async-upload")
DCC_TAG = re.compile(r'<script src="(?P<base>[^"<>]*/dash/dcc/)dash_core_components(?:-shared)?'
                     r'\.(?P<fingerprint>v[\w-]+m[0-9a-fA-F]+)\.js"></script>')
RENDERER_TAG = re.compile(r'\s*<script id="_dash-renderer" type="application/javascript">[^<]*</script>\s*')

LOADER = """<script>(function () {
  var listed = Array.prototype.slice.call(document.getElementById("%s").content.querySelectorAll("script"));
  listed.forEach(function (tag) {  // every file fetched at once ...
    if (!tag.hasAttribute("src")) { return; }
    var hint = document.createElement("link");
    hint.rel = "preload";
    hint.as = "script";
    hint.href = tag.getAttribute("src");
    document.head.appendChild(hint);
  });
  function next() {  // ... and run one after another, each in a task of its own
    var tag = listed.shift();
    if (!tag) { return; }
    var script = document.createElement("script");
    Array.prototype.forEach.call(tag.attributes, function (a) { script.setAttribute(a.name, a.value); });
    if (!tag.hasAttribute("src")) {
      script.text = tag.text;
      document.body.appendChild(script);
      next();
      return;
    }
    var go = function () { window.setTimeout(next, 0); };
    script.addEventListener("load", go);
    script.addEventListener("error", go);  // as the parser would: a file that fails does not stop the page
    document.body.appendChild(script);
  }
  next();
})();</script>""" % TEMPLATE_ID


def with_chunks(scripts: str) -> str:
    """Dash's `scripts` HTML with dcc's parts that the page draws at once (CHUNKS) listed after dcc's own files,
    under their fingerprint (dcc's version), or as it is when dcc's bundle is not there."""
    found = list(DCC_TAG.finditer(scripts))
    if not found:
        return scripts
    base, fingerprint = found[0].group("base"), found[0].group("fingerprint")
    tags = "".join(f'<script src="{base}{name}.{fingerprint}.js"></script>' for name in CHUNKS)
    end = max(m.end() for m in found)
    return scripts[:end] + tags + scripts[end:]


def in_own_tasks(scripts: str, renderer: str) -> dict:
    """Dash's `scripts` and `renderer` HTML -> the same as inert tags and the loader that runs them (the renderer's
    slot left empty), or as they are when they hold anything but files and the renderer's start."""
    if not FILE_TAG.search(scripts) or FILE_TAG.sub("", scripts).strip() or RENDERER_TAG.sub("", renderer).strip():
        return {"scripts": scripts, "renderer": renderer}
    return {"scripts": f'<template id="{TEMPLATE_ID}">{scripts.strip()}{renderer.strip()}</template>{LOADER}',
            "renderer": ""}


def without_polyfill(scripts: str) -> str:
    """Dash's `scripts` HTML without the tag of its polyfill."""
    return POLYFILL_TAG.sub("", scripts)
