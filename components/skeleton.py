"""The page's first paint: the HTML shell Dash serves, with a skeleton of the page in its own colours that shows
from the first byte (theme.css is in the head) until the app has drawn itself over it."""
from __future__ import annotations

import json

from components import ids
from components.later import FIRST_SCREEN, PENDING
from components.layout import SHELL_CLASS

CARDS = ("controls", "prediction", "confusion")
# the ids the scripts below look for, as JavaScript strings
SCRIPT_IDS = {"shell": json.dumps(ids.APP_SHELL), "switch": json.dumps(f"#{ids.PRESENT} input"),
              "switch_root": json.dumps(f"#{ids.PRESENT}"), "first_pending": json.dumps(f".{FIRST_SCREEN}.{PENDING}")}

# a link with p=1 opens in presentation mode from the first paint: the skeleton at once, then the app's shell and
# its switch the moment Dash inserts them (before they are painted), until the switch's callback owns the class (or
# the person flips the switch)
# in the head: a link with p=1 marks the page before anything is painted (theme.css hides a skeleton not yet
# presenting, so the normal layout is never painted first)
PRESENTING_MARK = """<script>
if (/[?&]p=1(&|$)/.test(location.search)) { document.documentElement.classList.add("presenting-link"); }
</script>"""
PRESENTING_FROM_LINK = """<script>(function () {
  if (!/[?&]p=1(&|$)/.test(location.search)) { return; }
  document.currentScript.previousElementSibling.classList.add("presenting");
  var keep = new MutationObserver(function () {
    var shell = document.getElementById(%(shell)s);
    if (!shell || shell.classList.contains("presenting")) { return; }
    shell.classList.add("presenting");
    var toggle = shell.querySelector(%(switch)s);
    if (toggle) { toggle.checked = true; }
  });
  keep.observe(document.documentElement, {childList: true, subtree: true, attributes: true, attributeFilter: ["class"]});
  function stop() { keep.disconnect(); }
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest(%(switch_root)s)) { stop(); }
  }, true);
  window.setTimeout(stop, 8000);  // by then the switch's callback owns the class
})();</script>""" % SCRIPT_IDS

# after the app's entry point: marks on <html> that theme.css reads, kept in step with the app's shell. "booted": Dash
# has drawn the shell and the main cards in it (the skeleton goes, the shell shows); "presenting-type": the shell is
# presenting (the root's type size). They stand in for `html:has(...)` and `body:has(...)` rules, with which every
# style recalculation on the page looked through the whole page: style work while a link loads was about 2.5 times what
# it is with the marks (bench/page_load.py). Until the shell and its main cards (FIRST_SCREEN, each mounted in a task
# of its own: components/later.py) are drawn, a childList observer waits for them; then only the shell's class is
# watched.
ROOT_MARKS = """<script>(function () {
  var root = document.documentElement;
  var shell = null;
  var drawn = false;
  var classes = new MutationObserver(mark);
  var boot = new MutationObserver(function () {
    shell = document.getElementById(%(shell)s);
    drawn = shell !== null && shell.querySelector(%(first_pending)s) === null;
    if (drawn) {
      boot.disconnect();
      classes.observe(shell, {attributes: true, attributeFilter: ["class"]});
    }
    mark();
  });
  function mark() {
    root.classList.toggle("booted", drawn);
    root.classList.toggle("presenting-type", shell !== null && shell.classList.contains("presenting"));
  }
  boot.observe(document.getElementById("react-entry-point"), {childList: true, subtree: true});
})();</script>""" % SCRIPT_IDS


def _card(kind: str) -> str:
    lines = "".join('<span class="skeleton-line"></span>' for _ in range(6 if kind == "controls" else 3))
    block = '<span class="skeleton-block"></span>' if kind != "controls" else ""
    return f'<section class="card skeleton-card skeleton-{kind}">{lines}{block}</section>'


def index_string(title: str = "Wine Quality Designer") -> str:
    """Dash's index page with the skeleton before the app's entry point (hidden by CSS once the app is there, as
    ROOT_MARKS marks the page)."""
    skeleton = (
        f'<div class="{SHELL_CLASS} boot-skeleton" aria-hidden="true">'
        '<header class="topbar"><div class="brand"><span class="brand-mark"></span>'
        f'<div><h1>{title}</h1><p class="tagline">Loading the model\'s verdict…</p></div></div></header>'
        f'<main class="dashboard">{"".join(_card(kind) for kind in CARDS)}</main></div>'
    )
    return f"""<!DOCTYPE html>
<html lang="en">
    <head>
        {{%metas%}}
        <title>{{%title%}}</title>
        {{%favicon%}}
        {{%css%}}
        {PRESENTING_MARK}
    </head>
    <body>
        {skeleton}{PRESENTING_FROM_LINK}
        {{%app_entry%}}{ROOT_MARKS}
        <footer>
            {{%config%}}
            {{%scripts%}}
            {{%renderer%}}
        </footer>
    </body>
</html>"""
