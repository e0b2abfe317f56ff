/* The live path from a slider to the page: the first of the page's two speeds (the whole update flow is
   described once, at the top of assets/whatif.js; the callback side in callbacks/prediction.py).

   Bars: while a slider is dragged, or pressed with a key, every move of its thumb posts the wine the sliders
   show to the server's LIVE_BARS route (mid-drag LIVE_DRAG, below), which scores it with the same preloaded
   model as the callback and answers what the callback's Patch would set on the bars; it is drawn at once,
   without a round through Dash's renderer: painted straight onto the chart's SVG where it can be, else by
   Plotly (assets/bars_paint.js). One request is in flight at a time: when its answer is drawn, the next one
   carries the wine the sliders show by then (mid-drag, no sooner than DRAG_GAP_MS after the one before). The
   Dash callback stays authoritative: a committed value (key, mouse-up) runs it, and its Patch redraws the bars
   with the same numbers and keeps the stores and panels in step. A live answer is not drawn once a callback
   answer has reached the page since it was asked, unless it is for the wine the sliders show now, so an older
   live answer never replaces a newer Dash one.

   Keys and clicks on a track: the new value is worked out here (as the slider will take it) and posted at once;
   the key press, or the click's mouse-up, is kept from the slider until those bars are painted, so the slider's
   own round through the renderer (the committed value, its callbacks) never holds the bars up. A mouse resting
   on a track has the wine a click there makes asked ahead (askAhead, one request at a time), so the click draws
   an answer already here as the mouse goes down; the hover itself draws nothing.

   A burst of keys (each given to the slider less than BURST_MS after the one before) is driven like a drag: the
   KEY_BURST store says "hold", and the callback lets the burst's commits pass, since the live path has drawn their
   bars and painted their verdict (as a drag's, below); once the keys pause for BURST_MS, or the person clicks or
   types elsewhere, it goes back to "off", and the callback commits the final wine. So a run of keys costs the
   renderer one answer, not one per key.

   Mid-drag and mid-burst, the verdict follows the thumb in the same answer: each step posts to LIVE_DRAG the wine
   with the page's WINE_REQUEST and POLICY stores (kept here by `context`), and the answer holds the bars and the
   PREDICTION store the callback would write for that wine. Its texts and classes are painted onto the elements
   React drew (assets/verdict_paint.js), so a drag makes no round through Dash's renderer until the mouse-up
   commits the value; a text whose shape differs (a line that comes or goes) is given to Dash instead. When the
   render callback answers, every painted output is put in step with what React is about to show.

   render: the PREDICTION store -> wrapper class, glass badge, verdict, phone summary and input notice,
   each only when it changed, and the verdict's decision under a cost policy (in the same answer; also, short, in
   the phone's pinned verdict); and the wine to assets/whatif.js, which hands it to the what-if panels once the
   drag settles. The colour-flip note describes the wine it was written for: it is cleared once the wine on the
   page is another. */
(function () {
  "use strict";
  var SLIDER = ".feature-control";
  var LOST_MS = 1000;   // a request asked ahead that never comes back: after this long, ask the next anyway
  var KEY_MS = 1000;    // a thumb that moves this soon after a key press or a drag's end moved by that hand
  var BURST_MS = 150;   // keys given to a slider less than this apart are a burst; the burst ends this long after
  var DRAG_GAP_MS = 21;  // mid-drag, live requests start at least this far apart (see live)
  var BARS = "#proba-graph .js-plotly-plot";
  var LIVE_BARS = "_live/bars";
  var LIVE_DRAG = "_live/drag";
  // the render callback's outputs (callbacks/prediction.py), in its order: [PREDICTION key, element id, prop]
  var OUTPUTS = [["view", "wine-view", "className"], ["bucket", "glass-label", "children"],
                 ["verdict", "verdict", "children"], ["summary", "prediction-summary-main", "children"],
                 ["notice", "input-notice", "children"], ["notice_class", "input-notice", "className"]];
  // then the verdict's decision under a cost policy: the PREDICTION store's `decision`, in this order
  var DECISION = [["verdict-decision", "children"], ["verdict-decision", "className"],
                  ["prediction-summary-decision", "children"], ["prediction-summary-decision", "className"]];
  var dragging = false;
  var shown = {};       // what React shows of each output: the last value given to Dash
  var context = { request: null, policy: null };  // the WINE_REQUEST and POLICY stores, for LIVE_DRAG
  var keyAt = -Infinity;  // the last key press in a slider, or the end of a drag
  var liveBusy = false;   // a live request is in flight
  var liveSent = null;    // the wine (JSON text) of the last live request
  var gapTimer = null;    // mid-drag, the wait before the next live request (DRAG_GAP_MS), while it runs
  var dashAnswers = 0;    // callback answers put on the page so far
  var liveSeq = 0;        // live requests sent so far: a bars answer is drawn if it is the last asked, a drag
                          // answer if it is newer than the last drawn
  var drawnSeq = 0;       // the live request whose answer was drawn last

  /* JSON text of `value` with every object's keys in order: one text for one value, whichever order its keys came
     in (a callback's answer and a live route's list them differently) */
  function canonical(value) {
    return JSON.stringify(value, function (key, v) {
      return v && typeof v === "object" && !Array.isArray(v)
        ? Object.keys(v).sort().reduce(function (o, k) { o[k] = v[k]; return o; }, {}) : v;
    });
  }

  function same(a, b) {
    return canonical(a) === canonical(b);
  }

  /* a request unanswered `ms` after it was sent is lost: the next is sent without waiting for it */
  function lost(ms) {
    return ms >= LOST_MS;
  }

  /* the wine the sliders show (their thumbs' values) and the colour; null if one cannot be read */
  function pageWine() {
    var wine = {};
    var controls = document.querySelectorAll(SLIDER + "[data-feature]");
    for (var i = 0; i < controls.length; i += 1) {
      var thumb = controls[i].querySelector('[role="slider"]');
      var value = thumb ? parseFloat(thumb.getAttribute("aria-valuenow")) : NaN;
      if (!isFinite(value)) { return null; }
      wine[controls[i].getAttribute("data-feature")] = value;
    }
    var color = document.querySelector("#wine-color input:checked");
    if (!controls.length || !color) { return null; }
    wine.color = color.value;
    return wine;
  }

  /* a live route's address under Dash's requests prefix */
  function route(path) {
    var config = document.getElementById("_dash-config");
    var prefix = config ? JSON.parse(config.textContent).requests_pathname_prefix || "/" : "/";
    return prefix + path;
  }

  function draw(style) {
    var gd = document.querySelector(BARS);
    if (gd && window.Plotly) {
      window.dash_clientside.bars.draw(gd, style);  // painted at once where it can be (assets/bars_paint.js)
    }
  }

  /* post the JSON text `body` to the live route `path` -> its answer; null if there is none */
  function post(path, body) {
    return window.fetch(route(path), {
      method: "POST", headers: { "Content-Type": "application/json" }, body: body, credentials: "same-origin",
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).catch(function () {
      return null;  // the callback's answer for the committed value still comes
    });
  }

  /* the live answer for `text`, drawn if it is still the newest asked and `drawable()` still says so */
  function ask(text, drawable) {
    liveSeq += 1;
    var seq = liveSeq;
    return (answeredAhead(text) || post(LIVE_BARS, text)).then(function (style) {
      if (style && seq === liveSeq && drawable()) {
        drawnSeq = seq;
        draw(style);
      }
    }).catch(function () {
      return null;  // a draw that failed: the callback's answer for the committed value still comes
    });
  }

  /* mid-drag: the wine `wine` (JSON `text`) with what the verdict is written from -> the bars drawn and, while
     the drag lasts, the verdict's texts painted (`drawable()` as for `ask`). An answer newer than the last drawn
     is drawn even if another was asked since: a burst's keys come faster than the answers, and each key asks,
     so drawing only the last asked would draw none until the keys pause. */
  function askDrag(text, wine, drawable) {
    liveSeq += 1;
    var seq = liveSeq;
    var body = JSON.stringify({ wine: wine, request: context.request, policy: context.policy });
    return post(LIVE_DRAG, body).then(function (answer) {
      if (answer && seq > drawnSeq && drawable()) {
        drawnSeq = seq;
        draw(answer.bars);
        if (verdictLive()) { putLive(answer.view); }
      }
    }).catch(function () {
      return null;  // the callback's answer for the committed value still comes
    });
  }

  /* the live answer for the wine `wine` (JSON `text`): with the verdict while it follows the live answers
     (verdictLive), else the bars alone */
  function askLive(text, wine, drawable) {
    return verdictLive() ? askDrag(text, wine, drawable) : ask(text, drawable);
  }

  /* a drag's PREDICTION store on the page: each output that changed painted (assets/verdict_paint.js), or, where
     its shape changed, given to Dash; the colour-flip note goes once the wine is another */
  function putLive(view) {
    var paint = window.dash_clientside.verdict_paint;
    clearStaleNote();
    targets(view).forEach(function (t) {
      if (same(t.value, paint.painted(t.key) ? t.live : shown[t.key])) { return; }
      if (paint.paint(t.key, document.getElementById(t.id), t.prop, t.value)) {
        livePainted[t.key] = t.value;
        return;
      }
      paint.revert(t.key);
      var props = {};
      props[t.prop] = t.value;
      window.dash_clientside.set_props(t.id, props);
      shown[t.key] = t.value;
    });
  }
  var livePainted = {};  // output key -> the value painted last

  /* the verdict follows the live answers: mid-drag, mid-burst, and after them while painted texts wait for the
     callback's answer (the thumb's last wine is painted too, so the page is right even if no answer comes: a drag
     back to where it began commits no new value) */
  function verdictLive() {
    return dragging || burst !== "off" || Object.keys(livePainted).length > 0;
  }

  /* the outputs a PREDICTION store `view` gives values: [{key, id, prop, value, live (the value painted)}] */
  function targets(view) {
    var out = OUTPUTS.filter(function (o) { return o[0] in view; }).map(function (o) {
      return { key: o[0], id: o[1], prop: o[2], value: view[o[0]], live: livePainted[o[0]] };
    });
    return view.decision ? out.concat(DECISION.map(function (d, i) {
      var key = "decision" + i;
      return { key: key, id: d[0], prop: d[1], value: view.decision[i], live: livePainted[key] };
    })) : out;
  }

  /* a thumb moved by a drag or a key: post the wine the sliders show, unless it is the one asked last or a
     request is in flight (its answer sends the next). Mid-drag the next also waits until DRAG_GAP_MS after this
     one left: at most 47 answers a second (the mouse sends 60 moves), each of them work for the page's main
     thread, the network and the server. A wait still running at the mouse-up ends there (endGap): the thumb's
     last wine is asked at once. Asked as soon as the answer before came back (~54 a second here), a
     drag took 51-58 mouse moves a second; paced, 57-60, and the bars still show ~37 states a second, where 30
     is the floor (README, seventeenth pass). */
  function live() {
    if (liveBusy) { return; }
    var wine = pageWine();
    var text = wine && JSON.stringify(wine);
    if (!text || text === liveSent) { return; }
    liveBusy = true;
    liveSent = text;
    var answersBefore = dashAnswers;
    var drawable = function () {
      var now = pageWine();
      return dashAnswers === answersBefore || (now !== null && JSON.stringify(now) === text);
    };
    var answered = askLive(text, wine, drawable);
    var sentAt = window.performance.now();  // the request has left
    answered.then(function () {
      var wait = dragWait(dragging, window.performance.now() - sentAt);
      if (wait > 0) {
        gapTimer = window.setTimeout(liveNext, wait);
      } else {
        liveNext();
      }
    });
  }

  /* how many ms the next live request waits, `elapsed` ms after the last one left: mid-drag until DRAG_GAP_MS
     after it, else none */
  function dragWait(drag, elapsed) {
    return drag ? Math.max(0, Math.ceil(DRAG_GAP_MS - elapsed)) : 0;
  }

  /* a live answer is in (and, mid-drag, DRAG_GAP_MS is over): the wine the sliders show now, if it is another */
  function liveNext() {
    window.clearTimeout(gapTimer);
    gapTimer = null;
    liveBusy = false;
    if (active()) { live(); }
  }

  /* the mouse is up: a gap still being waited out ends now, so the thumb's last wine is asked at once */
  function endGap() {
    if (gapTimer !== null) { liveNext(); }
  }

  /* Key presses: the slider takes a key only once its live answer is drawn (at most KEY_WAIT_MS later), so the
     bars are not held up behind the renderer's work for the committed value. The key's value is worked out as
     the slider (Radix) will: Home/End the ends; arrows one step, PageUp/PageDown and Shift+arrow ten, snapped
     to the step and clamped. Should it differ, the thumb's move posts the slider's own value right after. */
  function roundTo(value, decimals) {
    var t = Math.pow(10, decimals);
    return Math.round(value * t) / t;
  }

  function keyValue(key, shift, value, min, max, step) {
    var controls = window.dash_clientside.controls;  // the number boxes' step arithmetic (assets/controls.js)
    var d = controls.decimalsOf(step);
    var next;
    if (key === "Home") {
      next = min;
    } else if (key === "End") {
      next = max;
    } else {
      var direction = ["PageDown", "ArrowDown", "ArrowLeft"].indexOf(key) >= 0 ? -1 : 1;
      var times = key.indexOf("Page") === 0 || shift ? 10 : 1;
      var steps = (value - min) / step;
      var onStop = roundTo(Math.round(steps) * step + min, d) === roundTo(value, d);
      var to = onStop ? Math.round(steps) + times * direction : (direction > 0 ? Math.ceil(steps) : Math.floor(steps));
      next = roundTo(to * step + min, d);
    }
    return controls.snap(next, min, max, step);
  }

  var KEYS = ["Home", "End", "PageUp", "PageDown", "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"];
  var KEY_WAIT_MS = 80;
  var heldKey = null;   // {thumb, init, timer}: a key the slider has not been given yet

  var KEY_BURST = "key-burst";
  var burst = "off";          // what the KEY_BURST store holds: "off" or "hold"
  var burstEnd = null;        // the timer that ends the burst
  var givenAt = -Infinity;    // when the last key was given to a slider

  function setBurst(value) {
    if (value !== burst) {
      burst = value;
      window.dash_clientside.set_props(KEY_BURST, { data: value });
    }
  }

  /* what KEY_BURST says for a key given `sinceKey` ms after the one before: "off" (no burst) or "hold" */
  function burstFor(sinceKey) {
    return sinceKey >= BURST_MS ? "off" : "hold";
  }

  /* a key is about to be given to its slider: is it part of a burst? */
  function burstKey() {
    var now = Date.now();
    var next = burstFor(now - givenAt);
    givenAt = now;
    if (next === "off") { return; }
    setBurst(next);
    window.clearTimeout(burstEnd);
    burstEnd = window.setTimeout(endBurst, BURST_MS);
  }

  /* the keys paused, or the person did something else: the callback commits the final wine */
  function endBurst() {
    window.clearTimeout(burstEnd);
    burstEnd = null;
    setBurst("off");
  }

  function releaseKey() {
    if (!heldKey) { return; }
    var key = heldKey;
    heldKey = null;
    window.clearTimeout(key.timer);
    keyAt = Date.now();
    burstKey();
    var focused = document.activeElement;
    key.thumb.dispatchEvent(new KeyboardEvent("keydown", key.init));
    if (focused !== key.thumb && focused instanceof HTMLElement && document.activeElement !== focused) {
      focused.focus({ preventScroll: true });  // the slider focuses its thumb: focus stays where the person put it
    }
  }

  function holdKey(event) {
    var thumb = event.target;
    var control = thumb instanceof Element && thumb.getAttribute("role") === "slider"
      ? thumb.closest(SLIDER + "[data-feature]") : null;
    if (!control || KEYS.indexOf(event.key) < 0 || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var wine = pageWine();
    var value = parseFloat(thumb.getAttribute("aria-valuenow"));
    var min = parseFloat(thumb.getAttribute("aria-valuemin"));
    var max = parseFloat(thumb.getAttribute("aria-valuemax"));
    var step = parseFloat(control.getAttribute("data-step"));
    if (!wine || ![value, min, max, step].every(isFinite) || step <= 0) { return; }
    var next = keyValue(event.key, event.shiftKey, value, min, max, step);
    if (next === value) { return; }
    wine[control.getAttribute("data-feature")] = next;
    event.preventDefault();
    event.stopImmediatePropagation();
    heldKey = {
      thumb: thumb,
      init: { key: event.key, code: event.code, shiftKey: event.shiftKey, bubbles: true, cancelable: true },
      timer: window.setTimeout(releaseKey, KEY_WAIT_MS),
    };
    var text = JSON.stringify(wine);
    liveSent = text;
    // mid-burst the callback passes the keys, so their answer paints the verdict too, as a drag's does
    askLive(text, wine, function () { return true; }).then(function () {
      window.requestAnimationFrame(function () { window.setTimeout(releaseKey, 0); });  // once the bars are painted
    });
  }

  /* A click on a track: the value the slider (Radix) will take from the pointer, posted at once, before the
     slider moves its thumb; the thumb's move then finds that wine already asked. Radix maps the pointer over the
     root's width linearly onto [min, max], then snaps to the step and clamps; a click on the thumb itself moves
     nothing. */
  function clickValue(event) {
    var root = event.target instanceof Element ? event.target.closest(".dash-slider-root") : null;
    var control = root && root.closest(SLIDER + "[data-feature]");
    var thumb = control && control.querySelector('[role="slider"]');
    if (!thumb || thumb.contains(event.target)) { return null; }
    var min = parseFloat(thumb.getAttribute("aria-valuemin"));
    var max = parseFloat(thumb.getAttribute("aria-valuemax"));
    var step = parseFloat(control.getAttribute("data-step"));
    var rect = root.getBoundingClientRect();
    if (![min, max, step].every(isFinite) || step <= 0 || rect.width <= 0) { return null; }
    var value = min + (event.clientX - rect.left) / rect.width * (max - min);
    return { name: control.getAttribute("data-feature"), value: window.dash_clientside.controls.snap(value, min, max, step) };
  }

  /* the wine (JSON text) a click at `event` makes: the sliders' wine with the clicked value; null when the click
     changes nothing (on the thumb, at the value it has) or the wine cannot be read */
  function clickedWine(event) {
    var clicked = clickValue(event);
    var wine = clicked ? pageWine() : null;
    if (!wine || wine[clicked.name] === clicked.value) { return null; }
    wine[clicked.name] = clicked.value;
    return JSON.stringify(wine);
  }

  /* A mouse over a track, no button held: the wine a click there makes is asked ahead, so the click's bars are
     drawn from an answer already here, as the mouse goes down, instead of after a round to the server (a hand
     rests the mouse on the spot before it clicks). A hover draws nothing and changes nothing on the page. One
     request ahead is in flight at a time (one unanswered after LOST_MS counts as lost); when it is answered, the
     next carries the wine under the mouse by then. A wine is asked ahead once, whatever its answer. Touch has
     no hover: a tap asks when it lands, as before. */
  var ahead = null;   // the last wine asked ahead: {text, sentAt, answer (a promise of its style), style once answered}
  var hover = null;   // the mouse's last move over a track with no button held; null once it is elsewhere

  function inFlight(entry) {
    return entry.style === undefined && !lost(Date.now() - entry.sentAt);
  }

  function askAhead() {
    var text = hover && !dragging ? clickedWine(hover) : null;
    if (!text || (ahead && (ahead.text === text || inFlight(ahead)))) { return; }
    var entry = { text: text, sentAt: Date.now(), style: undefined };
    entry.answer = post(LIVE_BARS, text).then(function (style) {
      entry.style = style;
      window.setTimeout(askAhead, 0);  // the mouse may be over another value by now
      return style;
    });
    ahead = entry;
  }

  /* the answer asked ahead for `text`, if it is here or on its way; else null */
  function answeredAhead(text) {
    return ahead && ahead.text === text && (ahead.style || inFlight(ahead)) ? ahead.answer : null;
  }

  var click = null;     // the last click on a track: {root, asked (its live answer drawn), moved}
  var heldUp = null;    // that click's mouse-up, kept from the slider until its bars are drawn: {id, value, timer}

  function liveClick(event) {
    click = null;
    var text = liveBusy ? null : clickedWine(event);
    if (!text) { return; }
    liveBusy = true;
    liveSent = text;
    var answersBefore = dashAnswers;
    var clicked = { root: event.target.closest(".dash-slider-root"), moved: false };
    clicked.asked = ask(text, function () {
      var now = pageWine();
      return dashAnswers === answersBefore || (now !== null && JSON.stringify(now) === text);
    }).then(function () {
      liveBusy = false;
      // a drag began meanwhile: the wine its thumb shows now (an answer asked ahead can be drawn before the
      // slider has even moved its thumb to the click, and that wine is not to be asked)
      if (clicked.moved && active()) { live(); }
    });
    click = clicked;
  }

  /* A click's mouse-up commits the slider's value, which sets off the renderer's work for it (the callbacks, the
     boxes): like a key, it is kept from the slider until the click's bars are painted (at most KEY_WAIT_MS), then
     the value the thumb took is committed with set_props, as the slider's own mouse-up would, and the page's own
     mouse-up listeners run. A drag's mouse-up reaches the slider as before. */
  function holdUp(event) {
    var el = click && click.root ? click.root.closest('[id^="{"]') : null;  // the dcc.Slider, by its dict id
    var thumb = click && click.root ? click.root.querySelector('[role="slider"]') : null;
    var value = thumb ? parseFloat(thumb.getAttribute("aria-valuenow")) : NaN;
    if (!el || !isFinite(value) || click.moved || event.pointerType !== "mouse") { return; }
    event.stopImmediatePropagation();
    heldUp = { id: JSON.parse(el.id), value: value, pointerId: event.pointerId,
               timer: window.setTimeout(releaseUp, KEY_WAIT_MS) };
    click.asked.then(function () {
      window.requestAnimationFrame(function () { window.setTimeout(releaseUp, 0); });  // once the bars are painted
    });
    click = null;
  }

  function releaseUp() {
    if (!heldUp) { return; }
    var up = heldUp;
    heldUp = null;
    window.clearTimeout(up.timer);
    window.dash_clientside.set_props(up.id, { value: up.value });
    document.dispatchEvent(new PointerEvent("pointerup", {
      bubbles: true, pointerId: up.pointerId, pointerType: "mouse", isPrimary: true,
    }));
  }

  function active() {
    return dragging || Date.now() - keyAt < KEY_MS;
  }

  function inSlider(event) {
    return event.target instanceof Element && event.target.closest(SLIDER) !== null;
  }

  // a thumb moved by the person (drag or key): post it on the live path
  new MutationObserver(function (records) {
    if (active() && records.some(function (r) { return r.target.closest && r.target.closest(SLIDER); })) {
      live();
    }
  }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  // capture phase: before the slider's own handlers move the thumb
  document.addEventListener("keydown", function (event) {
    if (!event.isTrusted) {
      return;  // a held key, now given to the slider
    }
    releaseKey();  // keys reach the slider in the order they were pressed
    if (inSlider(event) && !(event.target instanceof HTMLInputElement)) {
      keyAt = Date.now();
      holdKey(event);
    }
    if (!heldKey) {
      endBurst();  // any other key (a typed value, Tab, the colour) first commits the burst's wine
    }
  }, true);
  document.addEventListener("pointerdown", function (event) {
    releaseKey();
    releaseUp();
    endBurst();
    if (event.button === 0 && inSlider(event) && !(event.target instanceof HTMLInputElement)) {
      dragging = true;
      liveClick(event);
    }
  }, true);

  document.addEventListener("pointermove", function (event) {
    if (event.pointerType !== "mouse" || event.buttons) { return; }
    hover = event.target instanceof Element && event.target.closest(".dash-slider-root") ? event : null;
    askAhead();
  }, true);

  document.addEventListener("pointermove", function () {
    if (dragging && click) { click.moved = true; }  // a drag: its mouse-up goes to the slider
  });
  document.addEventListener("pointerup", function (event) {
    if (event.isTrusted && click) { holdUp(event); }
  }, true);
  ["pointerup", "pointercancel"].forEach(function (type) {
    document.addEventListener(type, function () {
      if (dragging) {
        keyAt = Date.now();  // the live path still posts the thumb's last position
      }
      dragging = false;  // mouse-up commits the value, which triggers the callback itself
      endGap();
    });
  });

  /* the colour-flip note ("good 58% -> 46%") describes the wine on the page when it appeared */
  var NOTE_ID = "wine-color-note";
  function inChart(record) {
    var node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    return node !== null && node.closest(".js-plotly-plot") !== null;
  }
  var noteWine = null;
  var noteText = "";
  new MutationObserver(function (records) {
    if (records.every(inChart)) { return; }  // Plotly redrawing a chart
    var note = document.getElementById(NOTE_ID);
    var text = note ? note.textContent : "";
    if (text !== noteText) {
      noteText = text;
      var wine = pageWine();
      noteWine = text && wine ? JSON.stringify(wine) : null;
    }
  }).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
  function clearStaleNote() {
    var now = pageWine();
    if (noteWine !== null && now && JSON.stringify(now) !== noteWine) {
      noteWine = null;
      window.dash_clientside.set_props(NOTE_ID, { children: "" });
    }
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.live = {
    route: route,  // assets/whatif.js posts the settled wine to the sensitivity charts' route
    burstFor: burstFor,  // checked at its limits by tests/browser/test_update_flow_browser.py
    lost: lost,          // and this one
    dragWait: dragWait,  // and this one
    dragging: function () {
      return dragging;
    },
    /* a thumb is held, or a key, click or drag ended less than `ms` ago */
    busy: function (ms) {
      return dragging || heldKey !== null || heldUp !== null || burst !== "off" || Date.now() - keyAt < ms;
    },
    /* a typed value (Enter or Tab in a box) -> its slider, its box and its note (assets/controls.js syncBox) */
    typed: function (nBlur, nSubmit, boxText, sliderValue, min, max, step) {
      return window.dash_clientside.controls.syncBox(sliderValue, nBlur, nSubmit, boxText, min, max, step);
    },
    /* the sliders' values -> their boxes, in ONE callback for all eleven (a preset or a link sets them all): a box
       that already shows its slider's value keeps its note; another is rewritten and its note cleared */
    boxes: function (values, texts, steps) {
      var noUpdate = window.dash_clientside.no_update;
      var out = [[], []];
      values.forEach(function (value, i) {
        var text = window.dash_clientside.controls.format(value, steps[i]);
        out[0].push(text === texts[i] ? noUpdate : text);
        out[1].push(text === texts[i] ? noUpdate : "");
      });
      return out;
    },
    /* the WINE_REQUEST and POLICY stores, which a drag's live answer writes the verdict from */
    context: function (request, policy) {
      context = { request: request || null, policy: policy || null };
    },
    stores: function () {  // what a drag's live answers are written from (tests/browser/test_verdict_paint_browser.py)
      return context;
    },
    put: function (view) {  // a drag's PREDICTION store on the page, as its live answer puts it (and that test)
      putLive(view);
    },
    render: function (view, wine) {
      var noUpdate = window.dash_clientside.no_update;
      if (view && burst !== "off" && (!wine || !same(wine, pageWine()))) {
        // mid-burst, an answer for a wine the keys have left (the burst's first key, committed): the live answers
        // have painted a newer one, which this would put back for a moment; the burst's end commits the last
        return OUTPUTS.concat(DECISION).map(function () { return noUpdate; });
      }
      if (burst === "off") {
        dashAnswers += 1;  // an answer with the bars (mid-burst, a new policy's answer leaves them to the live path)
      }
      if (view) {  // null when the page opens: the what-if panels already show the page's first wine
        clearStaleNote();
        window.dash_clientside.whatif.settle(wine);  // the what-if panels, once the drag settles (assets/whatif.js)
      }
      var out = OUTPUTS.map(function (o) {
        var key = o[0];
        if (!view || !(key in view) || same(view[key], shown[key])) {
          return noUpdate;
        }
        shown[key] = view[key];
        return view[key];
      });
      // the verdict's decision under a cost policy: always written when given, since a policy change writes it too
      out = out.concat(view && view.decision ? view.decision : DECISION.map(function () { return noUpdate; }));
      // a drag's painted texts: in step with what React is about to show (undefined: what it shows now)
      out.forEach(function (value, i) {
        var key = i < OUTPUTS.length ? OUTPUTS[i][0] : "decision" + (i - OUTPUTS.length);
        delete livePainted[key];
        window.dash_clientside.verdict_paint.settle(key, value === noUpdate ? undefined : value);
      });
      return out;
    },
  };
})();
