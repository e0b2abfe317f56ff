/* The wine on the sliders once it has settled: SETTLE_MS after the last change, when the browser is idle.
   The sensitivity charts, the plausibility guard, A vs B, "make it good" and the link follow this store
   (ids.THROTTLED_WINE), so none of them is redrawn, and none asks the server, while a slider is dragged: the
   probability bars alone follow every step. assets/live.js calls settle() with each wine it puts on the page;
   no Dash callback runs per step for this. */
(function () {
  "use strict";
  var STORE_ID = "throttled-wine";
  var SETTLE_MS = 150;
  var IDLE_TIMEOUT_MS = 150;
  var timer = null;
  var delivered = null;

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
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var live = window.dash_clientside.live;
        if (live && live.dragging()) {
          window.dash_clientside.whatif.settle(wine);  // the mouse button is still down: not settled yet
          return;
        }
        whenIdle(function () {
          var text = JSON.stringify(wine);
          if (wine && text !== delivered) {
            delivered = text;
            window.dash_clientside.set_props(STORE_ID, { data: wine });
          }
        });
      }, SETTLE_MS);
    },
  };
})();
