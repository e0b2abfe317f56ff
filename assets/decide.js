/* Decisions under costs, in the browser (callbacks/decide.py): a new policy's numbers for the heatmap and the two
   decision charts arrive in the DECIDE_DRAW store as Plotly.update arguments, in parts ("heat", "curve-lines",
   "curve-point", "roc"), each naming its graph; a part with no traces moves shapes only (Plotly.relayout, which
   redraws just those shapes). They are drawn one part per animation frame, so no redraw shares a task with
   another or with the answer that brought them, and only while their chart is on screen (IntersectionObserver):
   a chart below the fold is drawn when it scrolls into view. A newer answer replaces the parts not drawn yet; a
   part it leaves out (the coverage lines when only the taster's fee changed, everything but the heatmap for a
   new mode or filter) keeps the one still waiting. */
(function () {
  "use strict";
  var ORDER = ["heat", "curve-lines", "curve-point", "roc"];
  var MARGIN = 200;           // px: a chart this close to the viewport counts as on screen
  var RETRY_MS = 100;         // a chart not drawn yet by Plotly (the page is still loading)
  var pending = {};
  var seen = {};              // graph id -> on screen, from the observer
  var queued = false;
  var watched = {};

  var visibility = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) { seen[entry.target.id] = entry.isIntersecting; });
    schedule();
  }, { rootMargin: MARGIN + "px" });

  function watch(id) {
    var el = document.getElementById(id);
    if (el && watched[id] !== el) {
      if (watched[id]) { visibility.unobserve(watched[id]); }
      watched[id] = el;
      visibility.observe(el);
    }
    return el;
  }

  function onScreen(id) {
    var el = watch(id);
    if (!el) { return false; }
    if (id in seen) { return seen[id]; }
    var r = el.getBoundingClientRect();
    return r.bottom > -MARGIN && r.top < window.innerHeight + MARGIN && r.width > 0;
  }

  function schedule(delay) {
    if (queued) { return; }
    queued = true;
    var go = function () { window.requestAnimationFrame(drawNext); };
    if (delay) { window.setTimeout(go, delay); } else { go(); }
  }

  /* the first waiting part whose chart is on screen; the rest wait for the next frame or the observer */
  function drawNext() {
    queued = false;
    for (var i = 0; i < ORDER.length; i += 1) {
      var part = pending[ORDER[i]];
      if (!part || !onScreen(part.graph)) { continue; }
      var gd = document.querySelector("#" + part.graph + " .js-plotly-plot");
      if (!gd || !gd.data || !window.Plotly) { schedule(RETRY_MS); return; }
      delete pending[ORDER[i]];
      if (part.traces.length) {
        window.Plotly.update(gd, part.data, part.layout || {}, part.traces);
      } else {
        window.Plotly.relayout(gd, part.layout);  // shapes only: Plotly redraws just those
      }
      schedule();
      return;
    }
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.decide = {
    draw: function (parts) {
      if (parts) {
        Object.keys(parts).forEach(function (key) { pending[key] = parts[key]; });
        schedule();
      }
    },
    /* for tests and bench/decide.py: parts not drawn yet */
    waiting: function () { return Object.keys(pending); },
  };
})();
