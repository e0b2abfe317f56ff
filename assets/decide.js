/* Decisions under costs, in the browser (callbacks/decide.py): a new policy's numbers for the heatmap and the three
   decision charts arrive in the DECIDE_DRAW store as Plotly.update arguments, in parts ("heat", "curve-lines",
   "curve-point", "roc", "pr"), each naming its graph; a part with no traces replaces shapes only (Plotly.relayout of the
   whole shapes array, which redraws just the shapes). They are drawn one part per frame, each in a task of its
   own just after the frame (assets/charts.js's afterFrame), so no redraw shares a task with another, with the
   answer that brought them, or with a frame's rendering. A newer answer replaces the parts not drawn
   yet; a part it leaves out (the coverage lines when only the taster's fee changed, everything but the heatmap
   for a new mode or filter) keeps the one still waiting.

   Charts below the fold are drawn too, right away: left until they scrolled into view (measured with
   bench/decide.py), their redraws landed on the frames of the scroll itself, in long tasks of their own. */
(function () {
  "use strict";
  var ORDER = ["heat", "curve-lines", "curve-point", "roc", "pr"];
  var RETRY_MS = 100;         // a chart not drawn yet by Plotly (the page is still loading)
  var pending = {};
  var queued = false;

  function schedule(delay) {
    if (queued) { return; }
    queued = true;
    var go = function () { window.dash_clientside.charts.afterFrame(drawNext); };
    if (delay) { window.setTimeout(go, delay); } else { go(); }
  }

  /* the first waiting part; the rest wait for the next frame */
  function drawNext() {
    queued = false;
    for (var i = 0; i < ORDER.length; i += 1) {
      var part = pending[ORDER[i]];
      if (!part) { continue; }
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
    /* for tests: parts not drawn yet */
    waiting: function () { return Object.keys(pending); },
  };
})();
