/* The number box beside each slider (components/controls.py), kept on the slider's value: a dragged slider
   rewrites its box; a typed value counts on Enter or Tab, and is then clamped to the slider's range and
   snapped to its step, so the box, the slider, the scored wine and the link always hold the same number.
   What cannot be read (blank, not a number) is refused: the box returns to the value in force, with a note. */
(function () {
  "use strict";
  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

  /* the decimals of a slider step: 0.01 -> 2, 1 -> 0, 1e-7 -> 7 (assets/live.js uses it too) */
  function decimalsOf(step) {
    var parts = String(step).split("e-");
    var fraction = parts[0].split(".")[1] || "";
    return fraction.length + (parts.length > 1 ? parseInt(parts[1], 10) : 0);
  }

  /* the slider's value as the box shows it: the step's decimals, or every digit of an off-stop value
     (a real test wine's density 0.99064), as model/scenario.py's format_value writes it */
  function format(value, step) {
    var text = value.toFixed(decimalsOf(step));
    return Math.abs(Number(text) - value) <= 1e-9 * Math.max(1, Math.abs(value)) ? text : String(value);
  }

  function snap(value, min, max, step) {
    var clamped = Math.min(Math.max(value, min), max);
    var snapped = Number((min + Math.round((clamped - min) / step) * step).toFixed(decimalsOf(step)));
    return Math.min(Math.max(snapped, min), max);
  }

  /* what a typed text means: {value, note}, or {refused: note} */
  function read(text, min, max, step) {
    var typed = String(text === null || text === undefined ? "" : text).trim().replace(",", ".");
    if (typed === "") { return { refused: "empty: type a number" }; }
    var number = NUMBER.test(typed) ? Number(typed) : NaN;
    if (!isFinite(number)) { return { refused: "“" + String(text).trim().slice(0, 12) + "” is not a number" }; }
    var value = snap(number, min, max, step);
    if (number > max) { return { value: value, note: typed + " is above the data: " + format(value, step) }; }
    if (number < min) { return { value: value, note: typed + " is below the data: " + format(value, step) }; }
    if (Math.abs(value - number) > 1e-12) { return { value: value, note: "rounded to the step: " + format(value, step) }; }
    return { value: value, note: "" };
  }

  /* While a slider is dragged only its thumb moves (updatemode="mouseup"; its drag_value is kept out of
     Dash's store, assets/drag_value.js): the box of the dragged slider follows the thumb here, in the browser,
     so the audience reads the value as it moves. Mouse-up commits the value and syncBox writes the same text. */
  var dragged = null;
  function followThumb() {
    if (!dragged) { return; }
    var thumb = dragged.querySelector('[role="slider"]');
    var box = dragged.querySelector(".feature-box input, input.feature-box");
    var step = Number(dragged.getAttribute("data-step"));
    var now = thumb ? Number(thumb.getAttribute("aria-valuenow")) : NaN;
    if (box && box !== document.activeElement && isFinite(now) && step > 0) {
      var text = format(now, step);
      if (box.value !== text) { box.value = text; }
    }
  }
  document.addEventListener("pointerdown", function (event) {
    var control = event.target instanceof Element ? event.target.closest(".feature-control[data-step]") : null;
    dragged = control && !(event.target instanceof HTMLInputElement) ? control : null;
    window.requestAnimationFrame(followThumb);
  });
  document.addEventListener("pointermove", function () {
    if (dragged) { window.requestAnimationFrame(followThumb); }
  });
  ["pointerup", "pointercancel"].forEach(function (type) {
    document.addEventListener(type, function () {
      followThumb();
      dragged = null;
    });
  });

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.controls = {
    decimalsOf: decimalsOf,
    format: format,  // a value as the boxes write it (assets/live.js: the boxes that follow their sliders)
    snap: snap,  // a value moved to the nearest stop inside the slider (assets/live.js: a key's new value)
    /* inputs: the slider's value, the box's blur and Enter counts; state: the box's text, the slider's min,
       max and step. outputs: the slider's value, the box's text, the note beside the name.
       (The box commits on blur and Enter here, not through dcc.Input's debounce, whose caret restore lags
       behind fast typing on a busy machine and reorders the characters: "12.8" became "1.82".) */
    syncBox: function (sliderValue, nBlur, nSubmit, boxText, min, max, step) {
      var ctx = window.dash_clientside.callback_context;
      var boxType = ctx.inputs_list[1].id.type;
      var typed = ctx.triggered_id && ctx.triggered_id.type === boxType;
      var noUpdate = window.dash_clientside.no_update;
      if (!typed) {
        return [noUpdate, format(sliderValue, step), ""];
      }
      var got = read(boxText, min, max, step);
      if (got.refused) {
        return [noUpdate, format(sliderValue, step), got.refused + "; kept " + format(sliderValue, step)];
      }
      var same = Math.abs(got.value - sliderValue) <= 1e-12;
      return [same ? noUpdate : got.value, format(same ? sliderValue : got.value, step), got.note];
    },
  };
})();
