/* The wine on the sliders once it has settled: SETTLE_MS after the last change, when the browser is idle.
   The sensitivity charts, the plausibility guard, A vs B, "make it good" and the link follow this
   (ids.THROTTLED_WINE), so none of them is redrawn, and none asks the server, while a slider is dragged: the
   probability bars alone follow every step. Dash drops the result of a call that a newer call of the same
   callback overtakes, so only the last wine of a drag is delivered. */
(function () {
  "use strict";
  var SETTLE_MS = 150;
  var IDLE_TIMEOUT_MS = 150;

  function whenIdle(fn) {
    if (window.requestIdleCallback) {
      window.requestIdleCallback(fn, { timeout: IDLE_TIMEOUT_MS });
    } else {
      window.setTimeout(fn, 0);
    }
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.whatif = {
    settle: function (wine) {
      return new Promise(function (resolve) {
        window.setTimeout(function () {
          whenIdle(function () { resolve(wine); });
        }, SETTLE_MS);
      });
    },
  };
})();
