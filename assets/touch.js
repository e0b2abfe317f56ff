/* Touch on the sliders: a finger that lands on a slider's track and moves up or down scrolls the page and changes
   nothing (theme.css gives the slider `touch-action: pan-y`, so the browser scrolls). The slider would take the
   value under the finger on touchdown, and again when the browser takes the touch over for scrolling
   (pointercancel); so a touch that lands on a track (not its thumb) is kept from the slider until it is clearly
   a sideways drag, and only then reaches it, from where it landed. A thumb moves as before.
   The listeners are on the window, in the capture phase, so they run before every listener on the document: a
   touch kept from the slider is kept from the page's own listeners too (assets/live.js would otherwise take a
   swipe's touchdown for a click on the track, and paint the bars for the value under the finger). */
(function () {
  "use strict";
  var SIDEWAYS = 10;   // px before a touch on a track counts as a drag
  var held = null;     // the touchdown on a track, kept from the slider: {start, x, y}

  function onTrack(event) {
    var target = event.target;
    return event.pointerType === "touch" && target.closest && !!target.closest(".dash-slider-root")
      && !target.closest(".dash-slider-thumb");
  }

  function replay(start) {
    start.target.dispatchEvent(new PointerEvent("pointerdown", {
      bubbles: true, cancelable: true, composed: true, pointerId: start.pointerId, pointerType: "touch",
      isPrimary: true, clientX: start.clientX, clientY: start.clientY, button: 0, buttons: 1,
    }));
  }

  window.addEventListener("pointerdown", function (event) {
    if (!event.isTrusted || !onTrack(event)) { return; }
    event.stopPropagation();
    held = { start: event, x: event.clientX, y: event.clientY };
  }, true);

  // the slider's own touch handlers must not see the touchdown either
  window.addEventListener("touchstart", function (event) {
    var target = event.target;
    if (target.closest && target.closest(".dash-slider-root") && !target.closest(".dash-slider-thumb")) {
      event.stopPropagation();
    }
  }, true);

  window.addEventListener("pointermove", function (event) {
    if (!held || event.pointerId !== held.start.pointerId) { return; }
    var dx = Math.abs(event.clientX - held.x), dy = Math.abs(event.clientY - held.y);
    if (dx > SIDEWAYS && dx > 2 * dy) {
      var start = held.start;
      held = null;
      replay(start);   // a sideways drag: from now on the slider follows the finger
      return;
    }
    event.stopPropagation();
  }, true);

  ["pointerup", "pointercancel", "lostpointercapture"].forEach(function (type) {
    window.addEventListener(type, function (event) {
      if (!held || event.pointerId !== held.start.pointerId) { return; }
      if (type === "pointerup") {   // a tap on the track: the value jumps there, as it did
        var start = held.start;
        held = null;
        replay(start);
        return;
      }
      event.stopPropagation();   // a scroll: the slider never knew
      if (type === "pointercancel") { held = null; }
    }, true);
  });
})();
