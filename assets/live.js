/* The live path from a slider to the page (see callbacks/prediction.py).

   Pacing: while a slider is dragged only its drag_value moves, which no callback
   listens to, so a mouse move costs Dash nothing. Each step is scored by bumping the DRAG_TICK store, one step
   at a time: the next as soon as the previous answer is on the page. Dash drops the answer of a request that a
   newer one of the same callback overtakes, so sending every mouse move would show almost nothing while the
   mouse moves; paced, every answer is shown, at the speed of a round trip. A committed value (keyboard,
   mouse-up, a preset) triggers the callback by itself.

   render: the PREDICTION store -> wrapper class, glass badge, verdict, phone summary and input notice,
   each only when it changed; and the wine to assets/whatif.js, which hands it to the what-if panels once the
   drag settles. */
(function () {
  "use strict";
  var TICK_ID = "drag-tick";
  var SLIDER = ".feature-control";
  var LOST_MS = 1000;   // an answer that Dash dropped never arrives: after this long, send the next step anyway
  var OUTPUTS = ["view", "bucket", "verdict", "summary", "notice", "notice_class"];
  var sentAt = 0;       // when the step in flight was sent; 0 when none is
  var pending = false;  // the slider moved again while a step was in flight
  var dragging = false;
  var tick = 0;
  var shown = {};

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function send() {
    sentAt = Date.now();
    pending = false;
    tick += 1;
    window.dash_clientside.set_props(TICK_ID, { data: tick });
  }

  function step() {
    if (sentAt && Date.now() - sentAt < LOST_MS) {
      pending = true;
    } else {
      send();
    }
  }

  function inSlider(event) {
    return event.target instanceof Element && event.target.closest(SLIDER) !== null;
  }

  // bubble phase: the slider's own (React) handlers have already stored the new drag_value
  document.addEventListener("pointerdown", function (event) {
    if (event.button === 0 && inSlider(event) && !(event.target instanceof HTMLInputElement)) {
      dragging = true;
      step();
    }
  });
  document.addEventListener("pointermove", function () {
    if (dragging) {
      step();
    }
  });
  ["pointerup", "pointercancel"].forEach(function (type) {
    document.addEventListener(type, function () {
      dragging = false;
      pending = false;  // mouse-up commits the value, which triggers the callback itself
    });
  });

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.live = {
    dragging: function () {
      return dragging;
    },
    render: function (view, wine) {
      sentAt = 0;
      if (pending) {
        send();
      }
      if (view) {  // null when the page opens: the what-if panels already show the page's first wine
        window.dash_clientside.whatif.settle(wine);  // the what-if panels, once the drag settles (assets/whatif.js)
      }
      var noUpdate = window.dash_clientside.no_update;
      return OUTPUTS.map(function (key) {
        if (!view || !(key in view) || same(view[key], shown[key])) {
          return noUpdate;
        }
        shown[key] = view[key];
        return view[key];
      });
    },
  };
})();
