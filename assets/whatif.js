/* The wine on the sliders at most every THROTTLE_MS while a slider is dragged, and always its final value:
   the sensitivity charts, the plausibility guard and the link follow this (ids.THROTTLED_WINE), so eleven
   charts are not redrawn on every step of a drag while the probability bars are. Dash drops the result of
   a call that a newer call of the same callback overtakes, so only the latest pending wine is delivered. */
(function () {
  "use strict";
  var THROTTLE_MS = 250;
  var last = 0;

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.whatif = {
    throttle: function (wine) {
      var wait = THROTTLE_MS - (Date.now() - last);
      if (wait <= 0) {
        last = Date.now();
        return wine;
      }
      return new Promise(function (resolve) {
        window.setTimeout(function () {
          last = Date.now();
          resolve(wine);
        }, wait);
      });
    },
  };
})();
