/* The charts' first draws, one chart per task. When the page opens, Dash mounts its ~20 dcc.Graphs in one React
   render, and each asks Plotly to draw as soon as Plotly is there: all of them in one chain of microtasks, one
   task of ~530 ms in which the page takes no key, click or scroll. Here Plotly's drawing calls on a chart that
   has not been drawn yet are queued, and the queue runs one of them per task, the charts on screen first; a
   call on a chart already drawn runs at once, so nothing a person does afterwards waits. Later calls on a chart
   whose first draw is queued wait behind it, in order, so the chart ends on the newest figure.

   Two costs are kept out of those tasks:
   - Plotly's first drawing on a page sets Plotly itself up (its style rules, its text measurer, the first run
     of its code): ~25 ms that fell on the first chart's task. A tiny chart drawn off screen as soon as Plotly is
     there, in a task of its own, takes it (warmUp).
   - A chart whose labels need more room on the left than its margin gives is drawn twice: Plotly's automargin
     widens the margin and draws again. A whole figure's horizontal bars get the margin their labels need,
     measured here in the axis's font, so one drawing fits (withLabelRoom; assets/whatif.js measures the same way
     for the Why chart's updates). automargin stays on: a label measured short still gets its room. (A legend
     outside the plot pushes the margin the same way: those charts' figures give its room from the start,
     components/figures/base.py.)

   A file can also `watch` the charts inside an element: its function runs after every drawing of them, a resize
   included (assets/whatif.js fits the Why chart's range there). A file can `own` the charts whose numbers it
   draws: every whole figure drawn on them gets its newest numbers, so numbers that come before a chart's first
   draw are drawn in it (and a chart can wait for them: holdFirstDraw), and a whole figure the server made for an
   older wine does not replace them.

   Plotly is vendored under assets/vendor/, which loads after this file: it is wrapped as it is set. */
(function () {
  "use strict";
  var QUEUED = ["newPlot", "react", "update", "restyle", "relayout"];
  var queue = [];     // [{gd, call}]: calls waiting for their turn, in the order they were made
  var running = false;
  var plotly;
  var made = new WeakMap();  // chart -> how many drawing calls have been made on it (queued or not)
  var warmed = null;         // when the off-screen chart was drawn (performance.now()), once it has been
  var LABEL_PAD = 12;        // px between the longest label and the chart's left edge: what automargin leaves
  var PLOTLY_FAMILY = '"Open Sans", verdana, arial, sans-serif';  // Plotly's font when a figure names none
  var measure = null;        // a canvas's 2D context, to measure text in a font
  var watchers = [];         // [{selector, fn}]: fn(gd) after every drawing of a chart inside selector (watch)
  var bound = new WeakSet(); // charts whose drawings are watched
  var owners = [];           // [{selector, fn}]: every whole figure of a chart inside selector is drawn as fn makes it
  var holds = [];            // selectors: the first draw of a chart inside one waits for its numbers (holdFirstDraw)

  function pending(gd) {
    return queue.some(function (item) { return item.gd === gd; });
  }

  function onScreen(gd) {
    var r = gd.getBoundingClientRect();
    return r.width > 0 && r.bottom > 0 && r.top < window.innerHeight;
  }

  /* one call per task: the first queued call on a chart on screen, else the oldest (a chart's calls keep their
     order: its first queued call is ahead of its others) */
  function next() {
    var ready = queue.filter(function (item) { return !waiting(item.gd); });
    if (!ready.length) {
      running = false;  // started again when a hold ends (kick)
      return;
    }
    var at = ready.findIndex(function (item) { return onScreen(item.gd); });
    var item = ready[at < 0 ? 0 : at];
    queue.splice(queue.indexOf(item), 1);
    window.setTimeout(next, 0);
    item.call();
  }

  function enqueue(gd, call) {
    queue.push({ gd: gd, call: call });
    kick();
  }

  function kick() {
    if (!running && queue.length) {  // after the next frame: the charts mounted with this one are queued by then
      running = true;
      window.requestAnimationFrame(function () { window.setTimeout(next, 0); });
    }
  }

  /* a chart not drawn yet whose first draw is held for its numbers (holdFirstDraw) */
  function waiting(gd) {
    return !gd._fullLayout && holds.some(function (selector) { return gd.closest(selector) !== null; });
  }

  /* A chart already drawn and drawn whole again (Plotly.react or newPlot) is drawn at once, so that nothing a person
     does waits. Another chart drawn whole in the same task waits its turn in the queue, one chart per task, the
     charts on screen first: one answer can redraw many (presentation mode: sixteen charts, 180-370 ms in one
     task). */
  var redrawn = null;  // the chart drawn whole again at once in this task, if one was
  function redrawnNow(gd) {
    if (redrawn === null) { window.setTimeout(function () { redrawn = null; }, 0); }
    redrawn = gd;
  }

  /* run `fn` in a task of its own just after the next frame is painted: a redraw made inside an animation frame
     shares its task with that frame's style, layout and paint (the Why chart's redraw on a link load took 31.7 ms
     there, 27.7 ms here), one made here does not, and one per frame still paces a series of redraws */
  var frames = 0;  // afterFrame calls whose turn has not come yet
  function afterFrame(fn) {
    frames += 1;
    window.requestAnimationFrame(function () { window.setTimeout(function () { frames -= 1; fn(); }, 0); });
  }

  /* how many of Plotly's drawing calls (newPlot, react, update, restyle, relayout) have been made on `gd` */
  function calls(gd) {
    return made.get(gd) || 0;
  }

  /* run `fn` once the chart's queued calls have run (at once when none are queued) */
  function after(gd, fn) {
    if (pending(gd)) {
      enqueue(gd, fn);
    } else {
      fn();
    }
  }

  /* call `fn(gd)` after every drawing of a chart inside `selector`: its first draw, and each redraw, a window's
     resize included (Plotly's plotly_afterplot); set before the chart is drawn */
  function watch(selector, fn) {
    watchers.push({ selector: selector, fn: fn });
  }

  function bind(gd) {
    if (bound.has(gd) || typeof gd.on !== "function") { return; }
    bound.add(gd);
    watchers.forEach(function (w) {
      if (gd.closest(w.selector)) {
        gd.on("plotly_afterplot", function () { w.fn(gd); });
        w.fn(gd);  // the first draw's plotly_afterplot came before the binding
      }
    });
  }

  /* a chart whose numbers the browser draws (assets/whatif.js): every whole figure drawn on a chart inside
     `selector` (its first draw, and a whole figure from Dash, as presentation mode sends) is drawn as `fn(figure,
     gd)` returns it (figure: {data, layout}, the page's own, not to be changed in place): with the newest numbers
     the browser holds for it. Numbers that come before the first draw are so drawn in it, and a figure the server
     made for an older wine does not replace them. */
  function own(selector, fn) {
    owners.push({ selector: selector, fn: fn });
  }

  /* has the chart inside `selector` been drawn? (if not, its owner's numbers go into its first draw) */
  function isDrawn(selector) {
    var gd = document.querySelector(selector + " .js-plotly-plot");
    return Boolean(gd && gd._fullLayout);
  }

  /* the first draw of the chart inside `selector` waits for its numbers, until `release(selector)`: other charts
     are drawn meanwhile, and it is never drawn first with the page's own figure (a link's wine: the page's first
     wine would show, on screen while a busy server answers, or as the chart scrolls into view, then the link's).
     Whoever holds it releases it: when the numbers come, or when their answer is refused. */
  function holdFirstDraw(selector) {
    if (holds.indexOf(selector) < 0) { holds.push(selector); }
  }

  function release(selector) {
    holds = holds.filter(function (held) { return held !== selector; });
    kick();
  }

  /* a whole figure's arguments, as the owner of its chart draws them (own); else as they were */
  function owned(gd, args) {
    var owner = owners.find(function (o) { return gd.closest(o.selector) !== null; });
    if (!owner) { return args; }
    var figure = figureOf(args);
    if (!Array.isArray(figure.data)) { return args; }
    var made = owner.fn({ data: figure.data, layout: figure.layout || {} }, gd);
    return made === null ? args : withFigure(args, figure.whole, made.data, made.layout);
  }

  /* a drawing call's figure: Plotly.react(gd, {data, layout, ...}), as dcc.Graph calls it, or (gd, data, layout, ...) */
  function figureOf(args) {
    var whole = args[1] && !Array.isArray(args[1]) && Array.isArray(args[1].data) ? args[1] : null;
    return { whole: whole, data: whole ? whole.data : args[1], layout: whole ? whole.layout : args[2] };
  }

  /* the arguments `args` with another data and layout, in the same form */
  function withFigure(args, whole, data, layout) {
    var out = Array.prototype.slice.call(args);
    if (whole) {
      out[1] = Object.assign({}, whole, { data: data, layout: layout });
    } else {
      out[1] = data;
      out[2] = layout;
    }
    return out;
  }

  /* the font of a figure's y-axis labels, as Plotly draws them: the axis's, else the figure's, else Plotly's */
  function tickFont(layout) {
    var tick = (layout.yaxis && layout.yaxis.tickfont) || {};
    var base = layout.font || {};
    return { size: tick.size || base.size || 12, family: tick.family || base.family || PLOTLY_FAMILY };
  }

  /* the widths (px) of `texts` written in `font` ({size, family}) */
  function textWidths(texts, font) {
    measure = measure || document.createElement("canvas").getContext("2d");
    measure.font = font.size + "px " + font.family;
    return texts.map(function (text) { return measure.measureText(String(text)).width; });
  }

  /* the left margin that `labels`, written in `font`, need beside a chart */
  function labelRoom(labels, font) {
    return Math.ceil(Math.max.apply(null, textWidths(labels, font))) + LABEL_PAD;
  }

  /* a drawing call's arguments, with the left margin a whole figure's horizontal bars need for their labels when
     its y axis has automargin and its margin is narrower; else the arguments as they were. The figure is either
     Plotly.react(gd, {data, layout, ...}), as dcc.Graph calls it, or (gd, data, layout, ...). */
  function withLabelRoom(args) {
    var figure = figureOf(args);
    var data = figure.data;
    var layout = figure.layout;
    var axis = layout && layout.yaxis;
    if (!axis || axis.automargin !== true || !Array.isArray(data) || !data.length) { return args; }
    var labels = [];
    for (var i = 0; i < data.length; i++) {
      var trace = data[i] || {};
      if (trace.orientation !== "h" || !Array.isArray(trace.y) || (trace.yaxis && trace.yaxis !== "y")) { return args; }
      labels = labels.concat(trace.y.filter(function (label) { return typeof label === "string"; }));
    }
    if (!labels.length) { return args; }
    var left = labelRoom(labels, tickFont(layout));
    var margin = layout.margin || {};
    if (typeof margin.l === "number" && margin.l >= left) { return args; }
    return withFigure(args, figure.whole, data, Object.assign({}, layout, { margin: Object.assign({}, margin, { l: left }) }));
  }

  /* Plotly's setting itself up, on a tiny chart off screen, in a task of its own; taken away once drawn */
  function warmUp(lib, newPlot, purge) {
    var gd = document.createElement("div");
    gd.style.cssText = "position: absolute; left: -10000px; top: 0; width: 200px; height: 150px; visibility: hidden";
    gd.setAttribute("aria-hidden", "true");
    document.body.appendChild(gd);
    var done = function () {
      purge.call(lib, gd);
      gd.remove();
    };
    Promise.resolve(newPlot.call(lib, gd, [{ type: "bar", orientation: "h", x: [1], y: ["a"] }],
                                 { margin: { l: 40 } }, { staticPlot: true }))
      .then(done, done);
    warmed = window.performance.now();
  }

  function wrap(lib) {
    if (!lib || lib.__firstDrawsQueued) { return; }
    lib.__firstDrawsQueued = true;
    QUEUED.forEach(function (name) {
      var draw = lib[name];
      var first = name === "newPlot" || name === "react";  // the calls that can draw a chart the first time
      lib[name] = function (gd) {
        var self = this;
        var args = first ? withLabelRoom(arguments) : arguments;
        if (gd instanceof HTMLElement) { made.set(gd, calls(gd) + 1); }
        if (!(gd instanceof HTMLElement)) { return draw.apply(self, args); }
        var drawn = function (result) {
          if (first) { bind(gd); }  // a chart is bound once drawn (watch)
          return result;
        };
        if (!(pending(gd) || (first && (!gd._fullLayout || (redrawn !== null && redrawn !== gd))))) {
          if (first) { redrawnNow(gd); }
          return first ? Promise.resolve(draw.apply(self, owned(gd, args))).then(drawn) : draw.apply(self, args);
        }
        return new Promise(function (resolve, reject) {
          enqueue(gd, function () {
            try {
              Promise.resolve(draw.apply(self, first ? owned(gd, args) : args)).then(drawn).then(resolve, reject);
            } catch (error) {
              reject(error);
            }
          });
        });
      };
    });
    var purge = lib.purge;
    lib.purge = function (gd) {  // a chart taken off the page: its queued calls are dropped
      queue = queue.filter(function (item) { return item.gd !== gd; });
      return purge.apply(this, arguments);
    };
  }

  Object.defineProperty(window, "Plotly", {
    configurable: true,
    enumerable: true,
    get: function () { return plotly; },
    set: function (lib) {
      var fresh = lib && !lib.__firstDrawsQueued && typeof lib.newPlot === "function";
      var newPlot = fresh && lib.newPlot;
      var purge = fresh && lib.purge;
      wrap(lib);
      plotly = lib;
      if (fresh) { window.setTimeout(function () { warmUp(lib, newPlot, purge); }, 0); }
    },
  });

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.charts = {
    after: after,      // assets/live.js and assets/whatif.js draw numbers on a chart once it is drawn
    afterFrame: afterFrame,  // assets/whatif.js and assets/decide.js: their redraws, one per frame
    pending: pending,  // a chart whose first draw is queued: a call made on it now waits behind it
    watch: watch,      // assets/whatif.js: the Why chart's range, fitted again after each drawing
    own: own,          // assets/whatif.js: the Why chart and the sweeps drawn with the browser's newest numbers
    drawn: isDrawn,    // assets/whatif.js: numbers for a chart not drawn yet go into its first draw
    holdFirstDraw: holdFirstDraw,  // assets/whatif.js: the Why chart waits for a link's numbers
    release: release,  // assets/whatif.js: the link's numbers have come
    tickFont: tickFont,  // assets/whatif.js: the font the Why chart's labels are measured in
    calls: calls,      // assets/bars_paint.js: has Plotly drawn the bars since they were painted?
    labelRoom: labelRoom,  // assets/whatif.js: the Why chart's margin for its labels
    textWidths: textWidths,  // assets/whatif.js: the room the Why chart's values take
    warmed: function () { return warmed; },  // when Plotly was set up off screen (null: not yet)
    /* nothing left to draw: no first draw queued but those held for numbers not asked yet, no redraw waiting for
       its frame (tests/browser/invariants.py waits for the page at rest) */
    resting: function () {
      return frames === 0 && queue.every(function (item) { return waiting(item.gd); });
    },
  };
})();
