/* Parts of the page mounted a task after the rest (components/later.py). Dash mounts its layout in one React
   render, one task for the whole page; a Later draws its element empty at first ("later-pending", which keeps a
   screen's height for it in assets/theme.css) and takes its turn in a queue that mounts one Later's children per
   task, so no task mounts the whole page. The first screen's parts ("later-first") take their turns first, in the
   page's order, a block inside a card right after its card; then the parts under them, in order. */
(function () {
  "use strict";
  var FIRST = "later-first";  // components/later.py's FIRST_SCREEN
  var waiting = [];  // each pending Later's "show": the first screen's, then the others, each in the order drawn
  var turn = null;   // the timer of the next mount
  var started = false;   // the queue has begun: the first render's parts are all in it
  var prepared = false;  // dcc's lazy kinds are ready (prepare), or were waited for long enough

  function next() {
    turn = null;
    started = true;
    var show = waiting.shift();
    if (show) { show(); }
  }

  function queueNext() {
    if (turn !== null || !waiting.length) { return; }
    if (prepared) {
      turn = window.setTimeout(next, 0);
      return;
    }
    turn = window.setTimeout(function () {  // not inside React's effects, where it could not render at once
      prepare().then(function () {
        prepared = true;
        turn = null;
        queueNext();
      });
    }, 0);
  }

  /* dcc draws its charts, sliders, dropdowns and uploads with code it loads lazily, each kind the first time one
     renders (components/scripts.py lists those files with dcc's own, so none waits for the network). A kind still
     loading when a part mounts leaves that part empty, and React then shows it no sooner than 500 ms after it
     first showed it empty (its Suspense throttle): on a link, the sliders came ~300 ms after their card and the
     bars ~400 ms after, last of the first screen. So before the first part mounts, one of each kind is rendered off
     the page, and taken away at once, which sets each kind loading; the parts wait until every kind is ready, or
     at most READY_WAIT_MS. */
  var LAZY = ["Slider", "Graph", "Dropdown", "Upload"];
  var READY_WAIT_MS = 300;
  function prepare() {
    var React = window.React;
    var ReactDOM = window.ReactDOM;
    var dcc = window.dash_core_components || {};
    var kinds = LAZY.filter(function (kind) { return typeof dcc[kind] === "function"; });
    if (!kinds.length || !ReactDOM || !ReactDOM.createRoot || !ReactDOM.flushSync) { return Promise.resolve(); }
    var root = null;
    try {
      root = ReactDOM.createRoot(document.createElement("div"));
      ReactDOM.flushSync(function () {
        root.render(kinds.map(function (kind) { return React.createElement(dcc[kind], { key: kind }); }));
      });
    } catch (error) {
      return Promise.resolve();  // a kind that cannot be drawn off the page: the parts mount as they did before
    } finally {
      if (root) { root.unmount(); }
    }
    return readyOrLate(kinds.map(function (kind) {
      return dcc[kind]._dashprivate_isLazyComponentReady;  // a promise until ready (the charts' only), then true
    }), READY_WAIT_MS);
  }

  /* a promise: every one of `promises` has resolved, or `ms` have passed, whichever comes first */
  function readyOrLate(promises, ms) {
    var late = new Promise(function (done) { window.setTimeout(done, ms); });
    return Promise.race([late, Promise.all(promises)]);
  }

  /* the children as Dash's store holds them now. Dash drew each child of the first render as new (`_newRender`), to
     be mounted with the props it had then; mounted later, after a callback's answer (a link's costs), it would show
     the props from before that answer. Not new, a child reads its props from the store as it mounts. */
  function current(children) {
    return window.React.Children.map(children, function (child) {
      return window.React.isValidElement(child) && "_newRender" in child.props
        ? window.React.cloneElement(child, { _newRender: 0 }) : child;
    });
  }

  function Later(props) {
    var React = window.React;
    var state = React.useState(false);
    var shown = state[0];
    React.useEffect(function () {
      if (shown) { queueNext(); return undefined; }  // mounted: the next one, a task later
      var show = function () { state[1](true); };
      show.first = (props.className || "").split(" ").indexOf(FIRST) >= 0;
      // a block inside a card (drawn once the queue has begun) comes right after its card; the first render's
      // first-screen parts ahead of the parts under them
      var at = !show.first ? -1 : started ? 0 : waiting.findIndex(function (other) { return !other.first; });
      waiting.splice(at < 0 ? waiting.length : at, 0, show);
      queueNext();
      return function () {  // unmounted before its turn
        var at = waiting.indexOf(show);
        if (at >= 0) { waiting.splice(at, 1); }
      };
    }, [shown]);
    var className = ((props.className || "") + (shown ? "" : " later-pending")).trim();
    return React.createElement("div", { id: props.id, className: className }, shown ? current(props.children) : null);
  }

  window.wine_later = { Later: Later };
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.later = {  // checked at its limit by tests/browser/test_later_browser.py
    readyOrLate: readyOrLate,
    READY_WAIT_MS: READY_WAIT_MS,
  };
})();
