/* THE PAGE'S UPDATE FLOW, in one place.

   One source of truth: the wine. CURRENT_WINE (a dcc.Store) is written only by the one slider callback
   (callbacks/prediction.py), from the sliders and the colour. Presets, links, the drill-down, "Apply" and
   "Load A" never touch a panel: they write WINE_REQUEST, which sets the sliders, which runs that callback.
   Every panel is derived from the wine (plus its own settings: the bucket to explain, presentation mode, A).

   Two speeds.
   1. At once, on every move of a thumb: the probability bars (assets/live.js posts the wine to the live
      route, one request at a time and mid-drag at most one per DRAG_GAP_MS, and paints the answer onto the
      chart, assets/bars_paint.js), then the verdict, glass and phone summary
      (the PREDICTION store, rendered by live.render). Nothing else runs while a person drives a slider. A
      drag's live answers hold the verdict too (_live/drag), painted without a round through Dash's renderer
      (assets/verdict_paint.js), and the drag is committed once, at the mouse-up; a burst of keys is painted the
      same way and committed once, when it ends (KEY_BURST).
   2. Once the wine has settled (SETTLE_MS after the last change, the person's hands still for QUIET_MS, the
      browser idle): this file hands the wine to the panels, each through its own store, one panel per idle
      slot, so their answers never land in one long task:
        THROTTLED_WINE    the link, the plausibility guard, the line under the verdict about A, and "make it
                          good"'s follow-up (applied / stale): small texts, always delivered;
        WHY_WINE          "Why this verdict?": its words by callback; its chart's arrays from the live route
                          _live/why, drawn here with the labels' margin measured (drawWhy), in a task of
                          its own just after a frame; a new bucket sends a Patch of the arrays
                          (callbacks/explanation.py); after any drawing, a resize included, the x range is
                          fitted again to the plot's width (refitWhy);
        sensitivity       the 11 sweeps: no store and no callback; the wine is posted to the live route
                          _live/sweeps (callbacks/sensitivity.py, the same preloaded model) and drawSweeps puts
                          the numbers on the charts, one chart per frame (Plotly.update), so Dash's
                          renderer, whose every round walks the page's ~370 components, does no work for them;
        COMPARE_WINE      the A vs B card, while A is pinned.
      A panel off screen (IntersectionObserver) is only marked stale, and gets the newest wine when it scrolls
      into view; its charts and words are hidden, their boxes kept, until drawn with that wine's numbers or
      written by its answer (STALE), so a jump or a flick to them never shows the wine before. A newer wine
      supersedes one not yet delivered: only the newest is ever sent, and a panel that already shows it gets
      nothing (a link's wine, written to THROTTLED_WINE as it is restored, counts as shown: `held`). So at rest
      every panel on screen is exact for the final wine.
      A link's wine is handed to the panels as it is restored (`held`), not once the sliders have taken it and it
      has settled. The charts whose numbers the browser draws are its own (charts.own): every whole figure drawn on
      them carries the newest numbers their panel holds, so numbers that come before a chart's first draw (or
      before it is on the page) are drawn in it, and a figure the server made for an older wine (presentation
      mode, asked as a link opens) does not replace them. The Why chart's first draw waits for a link's numbers
      until they come (or their answer is refused), on screen or not: it is never drawn first as the page's own
      wine and then as the link's, however long a busy server takes, nor shows the page's wine as it scrolls in.
   3. On demand only: "make it good"'s search runs when its button is pressed, never on a settle.

   When the page opens, the charts' first draws run one chart per task, those on screen first (assets/charts.js);
   numbers for a chart not drawn yet wait behind its first draw. A redraw runs in a task of its own just after a
   frame is painted (charts.afterFrame), not inside the frame, whose style, layout and paint would add to it.

   Whole figures are sent only when a chart's layout changes (presentation mode); a change of wine sends
   numbers. Text that describes the wine is derived from it, or cleared when it changes (assets/live.js
   clears the colour-flip note). A new panel that follows the wine is one more row in PANELS. */
(function () {
  "use strict";
  var SETTLE_MS = 150;
  var QUIET_MS = 350;          // no key, click or drag for this long: the person has paused
  var IDLE_TIMEOUT_MS = 150;
  var MARGIN = "200px";        // a panel this close to the viewport counts as on screen
  /* key; the store that takes the wine (a Dash callback follows it) and/or the live route whose answer the browser
     draws (see post); the element whose visibility decides ("" = always) */
  var PANELS = [
    { key: "throttled", store: "throttled-wine", watch: "" },
    { key: "why", store: "why-wine", route: "_live/why", watch: "#why-graph" },  // words by callback, chart here
    { key: "sensitivity", route: "_live/sweeps", watch: ".sensitivity" },
    { key: "compare", store: "compare-wine", watch: "#compare-card" },
  ];
  var newest = null;           // the settled wine (JSON text)
  var timer = null;            // the settle's timer, until it has run
  var asking = 0;              // posts to the live routes not answered yet
  var queued = false;
  var seen = {};               // panel key -> on screen

  function inChart(record) {
    var node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    return node !== null && node.closest(".js-plotly-plot") !== null;
  }

  function whenIdle(fn) {
    if (window.requestIdleCallback) {
      window.requestIdleCallback(fn, { timeout: IDLE_TIMEOUT_MS });
    } else {
      window.setTimeout(fn, 0);
    }
  }

  function busy() {
    var live = window.dash_clientside.live;
    return live ? live.busy(QUIET_MS) : false;
  }

  function onScreen(panel) {
    if (!panel.watch) { return true; }
    if (panel.key in seen) { return seen[panel.key]; }
    var el = document.querySelector(panel.watch);
    if (!el) { return false; }
    var r = el.getBoundingClientRect();
    return r.bottom > -200 && r.top < window.innerHeight + 200 && r.width > 0;
  }

  /* one panel per idle slot: the first one on screen whose wine is not the newest */
  function deliver() {
    queued = false;
    if (newest === null) { return; }
    if (busy()) { schedule(QUIET_MS); return; }
    for (var i = 0; i < PANELS.length; i += 1) {
      var panel = PANELS[i];
      if (panel.sent !== newest && onScreen(panel)) {
        panel.sent = newest;
        asked(panel.key);
        if (panel.route) { post(panel, newest); }  // first: its answer is drawn in a task of its own
        if (panel.store) { window.dash_clientside.set_props(panel.store, { data: JSON.parse(newest) }); }
        schedule(0);
        return;
      }
    }
  }

  function schedule(delay) {
    if (queued) { return; }
    queued = true;
    window.setTimeout(function () { whenIdle(deliver); }, delay);
  }

  var visibility = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      PANELS.forEach(function (panel) {
        if (panel.watch && entry.target.matches(panel.watch)) {
          seen[panel.key] = entry.isIntersecting;
        }
      });
    });
    schedule(0);  // a stale panel that scrolled into view gets the newest wine
  }, { rootMargin: MARGIN });
  var watched = {};
  new MutationObserver(function (records) {
    if (records.every(inChart)) { return; }  // Plotly redrawing a chart: no panel came or went
    PANELS.forEach(function (panel) {
      var el = panel.watch && document.querySelector(panel.watch);
      if (el && watched[panel.key] !== el) {
        if (watched[panel.key]) { visibility.unobserve(watched[panel.key]); }
        watched[panel.key] = el;
        visibility.observe(el);
      }
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  /* a chart drawn by the browser (the sensitivity charts, the Why chart): its numbers come from a live route scored
     by the same preloaded model, not through a store and a callback, so the renderer does no chart work; an answer
     for a wine that is no longer the panel's newest is dropped */
  var DRAW = { why: drawWhy, sensitivity: drawSweeps };
  var QUERY = { why: function () {  // the bucket the Why panel explains (WHY_BUCKET's chosen option)
    var chosen = document.querySelector("#why-bucket input:checked");
    return "?bucket=" + encodeURIComponent(chosen ? chosen.value : "verdict");
  } };
  function query(panel) {
    return QUERY[panel.key] ? QUERY[panel.key]() : "";
  }
  var numbers = {};  // panel key -> {data, wine, asked}: its route's newest answer, drawn on its charts
  /* the row of PANELS for `key` */
  function panelOf(key) {
    return PANELS.find(function (panel) { return panel.key === key; });
  }
  /* a panel's numbers while they are for its newest wine and its current choice (the Why panel's bucket), else null */
  function current(key) {
    var panel = panelOf(key);
    var n = numbers[key];
    return n && n.wine === panel.sent && n.asked === query(panel) ? n.data : null;
  }
  /* Stale charts and words. A panel off screen as its wine changes is sent that wine only as it nears the screen
     (deliver), so it still shows the wine before. Brought into view faster than its answer comes (a flick on a
     phone, a jump to a card), it showed that wine for 70-110 ms. So what it shows of the wine is marked stale
     (STALE, hidden by assets/theme.css with its box kept): each chart until it is drawn with the newest wine's
     numbers, or those numbers are refused; the words a callback writes (WORDS) until its answer for the newest wine
     comes. Marked: a panel off screen as the wine changes (markStale), and a chart first drawn, or drawn whole,
     before its numbers for the newest wine have come (charts.own, below). A panel on screen as its wine changes is
     not marked: its answer follows the settle, as it always has.
     A stale chart whose panel has been asked for the newest wine is marked ASKED: past a moment, it says it is
     updating (assets/theme.css). Marked stale off screen, it says nothing: brought into view, its moment counts
     from the asking, so a quick answer shows the chart with no word in between. */
  var STALE = "data-stale";
  var ASKED = "asked";
  var SWEEP_CHART = "[id*='sensitivity-graph']";
  var CHARTS = { why: "#why-graph", sensitivity: SWEEP_CHART };  // panel key -> its charts' dcc.Graph elements
  // panel key -> what a callback's answer writes of its wine (the Why words; A vs B's B and what differs): marked
  // with its charts, shown again once the answer for the newest wine has come (answered)
  var WORDS = { why: "#why-text", compare: "#compare-b-head, #compare-b-graph, #compare-diff" };
  function markStale() {
    PANELS.forEach(function (panel) {
      if (panel.sent !== newest && !onScreen(panel)) {
        markCharts(panel.key, true);
        markAll(WORDS[panel.key], true);
      }
    });
  }
  /* every chart of the panel `key`: stale (not yet asked) or not */
  function markCharts(key, stale) {
    markAll(CHARTS[key], stale);
  }
  function markAll(selector, stale, value) {
    if (selector) { document.querySelectorAll(selector).forEach(function (el) { mark(el, stale, value); }); }
  }
  /* marked stale with `value` ("" unless given), or not; written only when it changes: a write is a change of style
     for the whole chart */
  function mark(el, stale, value) {
    value = stale ? value || "" : null;
    if (el.getAttribute(STALE) === value) { return; }
    if (value === null) { el.removeAttribute(STALE); } else { el.setAttribute(STALE, value); }
  }
  /* the panel `key` has been asked for the newest wine: those of its charts still stale may say so (ASKED) */
  function asked(key) {
    if (CHARTS[key]) { markAll(CHARTS[key] + "[" + STALE + "]", true, ASKED); }
  }
  /* the chart `el` (a dcc.Graph element, or null) is being drawn with the numbers of `wine` (JSON text): stale
     unless that is the newest wine, or none has settled yet; ASKED when its panel has asked for the newest */
  function markChart(el, wine) {
    if (!el) { return; }
    var panel = PANELS.find(function (p) { return CHARTS[p.key] && el.matches(CHARTS[p.key]); });
    mark(el, newest !== null && wine !== newest, panel && panel.sent === newest ? ASKED : "");
  }
  var pageWine;  // the wine the page's own figures are made for, as JSON text (components/layout.py, on the shell)
  function figuresWine() {
    if (pageWine === undefined) {
      var shell = document.getElementById("app-shell");
      pageWine = shell && shell.dataset.wine ? asText(JSON.parse(shell.dataset.wine)) : null;
    }
    return pageWine;
  }
  function post(panel, text) {
    var asked = query(panel);
    asking += 1;  // until it is answered or fails (finally, below)
    window.fetch(window.dash_clientside.live.route(panel.route) + asked, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: text, credentials: "same-origin",
    }).then(function (response) {
      if (response.ok) { return response.json(); }
      window.dash_clientside.charts.release(panel.watch);  // refused: a chart held for these numbers waits no longer
      markCharts(panel.key, false);  // nor is a chart hidden for them: shown as it is
      return null;
    }).then(function (data) {
      // not drawn over a newer wine, nor over another bucket chosen meanwhile (its Patch comes by callback)
      if (data && panel.sent === text && query(panel) === asked) {
        numbers[panel.key] = { data: data, wine: text, asked: asked };
        DRAW[panel.key](data, text);  // its drawing is queued (charts.afterFrame) before the post counts as closed
      }
    }).catch(function () {
      if (panel.sent === text) { panel.sent = null; schedule(QUIET_MS); }  // asked again at the next idle slot
    }).finally(function () {
      asking -= 1;
    });
  }

  /* the Why chart: its arrays, and the left margin its labels need, measured in the axis's own font (assets/charts.js),
     so that Plotly's automargin finds them fitting and does not draw the chart a second time */
  var TEXT_PAD = 8;            // px between a bar's value and its end, as Plotly leaves them
  var PLOTLY_MARGIN = 80;      // px: Plotly's right margin when a figure gives none
  /* the server's x range (v.range), widened when a narrow plot (a phone) leaves a bar's value, written outside the
     bar in `font`, less room than its width: it would run into the labels or past the edge. Never narrowed. */
  function fitRange(v, plotWidth, font) {
    var reach = v.range[1];
    var widths = window.dash_clientside.charts.textWidths(v.text, font);
    v.x.forEach(function (x, i) {
      var room = plotWidth - 2 * (widths[i] + TEXT_PAD);
      if (room > 0) { reach = Math.max(reach, Math.abs(x) * plotWidth / room); }
    });
    return [-reach, reach];
  }
  function drawWhy(v, wine) {
    var charts = window.dash_clientside.charts;
    charts.release("#why-graph");  // a link's numbers: the chart's first draw waits no longer
    if (!charts.drawn("#why-graph")) { return; }  // not drawn yet (or not on the page): drawn in its first draw (own)
    var gd = document.querySelector("#why-graph .js-plotly-plot");
    charts.after(gd, function () {  // once its drawing calls queued meanwhile have run (assets/charts.js)
      if (gd.data && gd._fullLayout) { charts.afterFrame(function () { whyFrame(gd, v, wine); }); }
    });
  }
  /* every bar's value has room beside its bar, on both sides of zero, in a plot `plotWidth` px wide */
  function valuesFit(text, plotWidth, font) {
    return window.dash_clientside.charts.textWidths(text, font).every(function (w) {
      return plotWidth - 2 * (w + TEXT_PAD) > 0;
    });
  }
  /* a label broken before its first number ("Volatile acidity<br>0.28 g/dm³"); one with no number stays whole */
  function twoLines(label) {
    var at = label.search(/ [\u2212+-]?[0-9.]/);
    return at > 0 ? label.slice(0, at) + "<br>" + label.slice(at + 1) : label;
  }
  /* the labels `y` (whole or broken) as the chart should show them, and the left margin they need: whole, unless
     they leave the values no room in a chart `width` px wide with `right` px of margin (a 320 px phone), when
     each takes two lines */
  function whyLabels(y, text, font, width, right) {
    var room = window.dash_clientside.charts.labelRoom;
    var whole = y.map(function (label) { return String(label).replace("<br>", " "); });
    var left = room(whole, font);
    if (valuesFit(text, width - left - right, font)) { return { y: whole, left: left }; }
    var broken = whole.map(twoLines);
    return { y: broken, left: room([].concat.apply([], broken.map(function (l) { return l.split("<br>"); })), font) };
  }
  /* the labels, the left margin they need and the x range, for a plot `width` px wide with `right` px of margin */
  function whyFit(gd, v, font, width, right) {
    var labels = whyLabels(v.y, v.text, font, width, right);
    var range = fitRange(v, width - labels.left - right, font);
    gd.__whyRange = { server: v.range, fitted: range };
    return { y: labels.y, left: labels.left, range: range };
  }
  function whyFrame(gd, v, wine) {
    var full = gd._fullLayout;
    var fit = whyFit(gd, v, full.yaxis.tickfont, full.width, full.margin.r);
    window.Plotly.update(gd, { x: [v.x], y: [fit.y], text: [v.text], "marker.color": [v.colors] }, {
      "xaxis.range": fit.range,
      "xaxis.title.text": v.title,
      "margin.l": fit.left,
    }, [0]);
    markChart(gd.closest(CHARTS.why), wine);  // drawn in this task: shown with the frame that paints it
  }
  /* the page's figure for the chart (not changed in place) with the numbers `v`: what whyFrame's update makes */
  function whyFigure(figure, gd, v) {
    var layout = figure.layout;
    var margin = layout.margin || {};
    var xaxis = layout.xaxis || {};
    var fit = whyFit(gd, v, window.dash_clientside.charts.tickFont(layout), layout.width || gd.clientWidth,
                     typeof margin.r === "number" ? margin.r : PLOTLY_MARGIN);
    var bars = figure.data[0];
    return {
      data: [Object.assign({}, bars, { x: v.x, y: fit.y, text: v.text, marker: Object.assign({}, bars.marker, { color: v.colors }) })]
        .concat(figure.data.slice(1)),
      layout: Object.assign({}, layout, {
        xaxis: Object.assign({}, xaxis, { range: fit.range, title: Object.assign({}, xaxis.title, { text: v.title }) }),
        margin: Object.assign({}, margin, { l: fit.left }),
      }),
    };
  }

  /* after each drawing of the Why chart, its range fitted again to the plot's width, from the server's: a window
     narrowed (a phone turned, a split screen) or a new bucket's Patch (the server's range) must not leave a value
     in the labels, and a window widened gets its longer bars back. A range that is not the last one fitted is
     the server's. One more drawing only when the range changes by more than REFIT_TOLERANCE (whyFrame's own fit
     guesses the plot's width from the margins, to the pixel). */
  var REFIT_TOLERANCE = 0.02;
  function refitWhy(gd) {
    var trace = gd.data && gd.data[0];
    var full = gd._fullLayout;
    if (!trace || !full || !Array.isArray(trace.x) || !Array.isArray(trace.text)) { return; }
    var now = gd.layout.xaxis && gd.layout.xaxis.range;
    if (!Array.isArray(now)) { return; }  // an axis Plotly ranges itself: nothing to keep clear
    var kept = gd.__whyRange;
    if (!kept || !sameRange(now, kept.fitted)) { kept = gd.__whyRange = { server: now.slice(), fitted: now.slice() }; }
    if (relabelled(gd)) {  // whole <-> two lines: labels, margin and range fitted anew, not inside its draw
      window.setTimeout(function () { relabel(gd); }, 0);
      return;
    }
    var range = fitRange({ x: trace.x, text: trace.text, range: kept.server }, full._size.w, full.yaxis.tickfont);
    if (Math.abs(range[1] - now[1]) > REFIT_TOLERANCE * now[1]) {
      kept.fitted = range;
      window.setTimeout(function () { window.Plotly.update(gd, {}, { "xaxis.range": range }); }, 0);  // not inside its draw
    }
  }
  /* the Why chart's labels, margin and range for its width now, where its labels should change (whyLabels): from
     the chart as it is when this runs, so a drawing that came meanwhile (a new wine) keeps its own numbers */
  function relabel(gd) {
    if (!relabelled(gd)) { return; }
    var trace = gd.data[0];
    var full = gd._fullLayout;
    var fit = whyFit(gd, { x: trace.x, y: trace.y, text: trace.text, range: gd.__whyRange.server },
                     full.yaxis.tickfont, full.width, full.margin.r);
    window.Plotly.update(gd, { y: [fit.y] }, { "margin.l": fit.left, "xaxis.range": fit.range }, [0]);
  }
  /* the chart as drawn should change its labels (whole <-> two lines) for its width */
  function relabelled(gd) {
    var trace = gd.data && gd.data[0];
    var full = gd._fullLayout;
    if (!trace || !full || !gd.__whyRange || !Array.isArray(trace.y) || !Array.isArray(trace.text)) { return false; }
    var labels = whyLabels(trace.y, trace.text, full.yaxis.tickfont, full.width, full.margin.r);
    return labels.y.some(function (label, i) { return label !== trace.y[i]; });
  }
  function sameRange(a, b) {
    return Array.isArray(a) && Array.isArray(b) && a[0] === b[0] && a[1] === b[1];
  }
  window.dash_clientside.charts.watch("#why-graph", refitWhy);

  /* the sweeps' numbers -> the sensitivity charts, one chart per frame, each just after it (charts.afterFrame);
     a newer answer replaces the charts not drawn yet */
  var sweeps = [];
  function drawNextSweep() {
    var next = sweeps.shift();
    if (!next) { return; }
    var charts = window.dash_clientside.charts;
    var chart = "[id*='\"name\":\"" + next.name + "\"']" + SWEEP_CHART;
    if (charts.drawn(chart)) {  // else drawn with these numbers at its first draw (own, below)
      var gd = document.querySelector(chart + " .js-plotly-plot");
      charts.after(gd, function () { drawSweep(gd, next.sweep, next.wine); });
    }
    if (sweeps.length) { charts.afterFrame(drawNextSweep); }
  }

  /* a sweep's traces: the lines (one per bucket) and the markers where the wine is (trace n), as Plotly's arrays */
  function sweepTraces(s) {
    var n = s.lines.length;
    var xs = [], ys = [], idx = [];
    for (var k = 0; k < n; k += 1) { xs.push(s.x); ys.push(s.lines[k]); idx.push(k); }
    xs.push(s.here.map(function () { return s.current; }));
    ys.push(s.here);
    idx.push(n);
    return { x: xs, y: ys, idx: idx };
  }

  function drawSweep(gd, s, wine) {
    if (gd.data) {
      var t = sweepTraces(s);
      window.Plotly.update(gd, { x: t.x, y: t.y }, { "shapes[0].x0": s.current, "shapes[0].x1": s.current }, t.idx);
      markChart(gd.closest(SWEEP_CHART), wine);
    }
  }

  /* the page's figure for a sensitivity chart (not changed in place) with the sweep `s`: what drawSweep's update makes */
  function sweepFigure(figure, s) {
    var t = sweepTraces(s);
    var data = figure.data.slice();
    t.idx.forEach(function (k, i) { data[k] = Object.assign({}, data[k], { x: t.x[i], y: t.y[i] }); });
    var shapes = (figure.layout.shapes || []).slice();
    if (shapes.length) { shapes[0] = Object.assign({}, shapes[0], { x0: s.current, x1: s.current }); }
    return { data: data, layout: Object.assign({}, figure.layout, { shapes: shapes }) };
  }

  function drawSweeps(data, wine) {
    var first = !sweeps.length;
    sweeps = Object.keys(data).map(function (name) { return { name: name, sweep: data[name], wine: wine }; });
    if (first) { window.dash_clientside.charts.afterFrame(drawNextSweep); }
  }

  /* every whole figure of these charts (their first draws, presentation mode's figures) drawn with the newest numbers
     their panel holds (assets/charts.js): numbers that came before a chart's first draw are drawn in it, and a
     figure the server made for an older wine (presentation mode asked as a link opens) does not replace them */
  window.dash_clientside.charts.own("#why-graph", function (figure, gd) {
    var v = current("why");
    // drawn with the numbers the browser holds for its panel's wine, else with the page's own
    markChart(gd.closest(CHARTS.why), v ? panelOf("why").sent : figuresWine());
    return v ? whyFigure(figure, gd, v) : null;
  });
  window.dash_clientside.charts.own(SWEEP_CHART, function (figure, gd) {
    var data = current("sensitivity");
    var name = JSON.parse(gd.closest(SWEEP_CHART).id).name;
    markChart(gd.closest(SWEEP_CHART), data && data[name] ? panelOf("sensitivity").sent : figuresWine());
    return data && data[name] ? sweepFigure(figure, data[name]) : null;
  });

  /* a wine as JSON with its keys in order: the same wine is always the same text */
  function asText(wine) {
    return JSON.stringify(Object.keys(wine).sort().reduce(function (out, key) {
      out[key] = wine[key];
      return out;
    }, {}));
  }

  /* a panel's callback answered (its words written): for the wine last handed to it; shown again if that is the newest
     (callbacks/explanation.py and callbacks/compare.py call these as their words come) */
  function answered(key) {
    return function () { markAll(WORDS[key], newest !== null && panelOf(key).sent !== newest); };
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.whatif_answered = { why: answered("why"), compare: answered("compare") };
  window.dash_clientside.whatif = {
    whyLabels: whyLabels,  // checked at its limit by tests/browser/test_why_browser.py
    /* THROTTLED_WINE's wine, whoever wrote it: a link's wine is written there as it is restored (callbacks/share.py),
       so its panel has it already and the same wine settling is not sent again; the other panels are handed it
       at once */
    held: function (wine) {
      var throttled = panelOf("throttled");
      if (!wine || asText(wine) === throttled.sent) { return; }  // nothing, or this file's own delivery
      throttled.sent = asText(wine);
      // a link's wine: the other panels get it now, not after the sliders have taken it and it has settled, so
      // that its numbers can come before their charts' first draws (the Why chart's waits for them: charts.own)
      window.clearTimeout(timer);
      timer = null;
      newest = throttled.sent;
      markStale();
      // until they come (drawWhy) or are refused (post): on screen, a busy server's slow answer would show the
      // page's own wine meanwhile; off screen (a phone), the numbers are asked only as it nears the screen
      window.dash_clientside.charts.holdFirstDraw("#why-graph");
      schedule(0);
    },
    /* the settled wine handed out: no settle waiting, no panel on screen without the newest wine, no answer on
       its way (tests/browser/invariants.py waits for the page at rest) */
    resting: function () {
      return timer === null && !queued && asking === 0 && PANELS.every(function (panel) {
        return newest === null || panel.sent === newest || !onScreen(panel);
      });
    },
    /* assets/live.js hands over every wine it puts on the page */
    settle: function (wine) {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        timer = null;
        if (busy()) {
          window.dash_clientside.whatif.settle(wine);  // a thumb is held or a key was just pressed
          return;
        }
        if (wine) {
          newest = asText(wine);
          markStale();
          schedule(0);
        }
      }, SETTLE_MS);
    },
  };
})();
