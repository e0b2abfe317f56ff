/* The charts' first draws, one chart per task. When the page opens, Dash mounts its ~20 dcc.Graphs in one React
   render, and each asks Plotly to draw as soon as Plotly is there: all of them in one chain of microtasks, one
   task of ~530 ms in which the page takes no key, click or scroll. Here Plotly's drawing calls on a chart that
   has not been drawn yet are queued, and the queue runs one of them per task, the charts on screen first; a
   call on a chart already drawn runs at once, so nothing a person does afterwards waits. Later calls on a chart
   whose first draw is queued wait behind it, in order, so the chart ends on the newest figure.

   Plotly is vendored under assets/vendor/, which loads after this file: it is wrapped as it is set. */
(function () {
  "use strict";
  var QUEUED = ["newPlot", "react", "update", "restyle", "relayout"];
  var queue = [];     // [{gd, call}]: calls waiting for their turn, in the order they were made
  var running = false;
  var plotly;
  var made = new WeakMap();  // chart -> how many drawing calls have been made on it (queued or not)

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
    if (!queue.length) {
      running = false;
      return;
    }
    var at = queue.findIndex(function (item) { return onScreen(item.gd); });
    var item = queue.splice(at < 0 ? 0 : at, 1)[0];
    window.setTimeout(next, 0);
    item.call();
  }

  function enqueue(gd, call) {
    queue.push({ gd: gd, call: call });
    if (!running) {  // after the next frame: the charts mounted with this one are queued by then
      running = true;
      window.requestAnimationFrame(function () { window.setTimeout(next, 0); });
    }
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

  function wrap(lib) {
    if (!lib || lib.__firstDrawsQueued) { return; }
    lib.__firstDrawsQueued = true;
    QUEUED.forEach(function (name) {
      var draw = lib[name];
      var first = name === "newPlot" || name === "react";  // the calls that can draw a chart the first time
      lib[name] = function (gd) {
        var self = this;
        var args = arguments;
        if (gd instanceof HTMLElement) { made.set(gd, calls(gd) + 1); }
        if (!(gd instanceof HTMLElement) || !(pending(gd) || (first && !gd._fullLayout))) {
          return draw.apply(self, args);
        }
        return new Promise(function (resolve, reject) {
          enqueue(gd, function () {
            try {
              Promise.resolve(draw.apply(self, args)).then(resolve, reject);
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
      wrap(lib);
      plotly = lib;
    },
  });

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.charts = {
    after: after,      // assets/live.js and assets/whatif.js draw numbers on a chart once it is drawn
    pending: pending,  // a chart whose first draw is queued: a call made on it now waits behind it
    calls: calls,      // assets/bars_paint.js: has Plotly drawn the bars since they were painted?
  };
})();
