/* Parts of the page mounted a task after the rest (components/later.py). Dash mounts its layout in one React
   render, one task for the whole page; a Later draws its element empty at first ("later-pending", which keeps a
   screen's height for it in assets/theme.css) and takes its turn in a queue that mounts one Later's children per
   task, in the order the page lists them, so no task mounts the whole page. */
(function () {
  "use strict";
  var waiting = [];  // each pending Later's "show", in the order they were drawn
  var turn = null;   // the timer of the next mount

  function next() {
    turn = null;
    var show = waiting.shift();
    if (show) { show(); }
  }

  function queueNext() {
    if (turn === null && waiting.length) { turn = window.setTimeout(next, 0); }
  }

  function Later(props) {
    var React = window.React;
    var state = React.useState(false);
    var shown = state[0];
    React.useEffect(function () {
      if (shown) { queueNext(); return undefined; }  // mounted: the next one, a task later
      var show = function () { state[1](true); };
      waiting.push(show);
      queueNext();
      return function () {  // unmounted before its turn
        var at = waiting.indexOf(show);
        if (at >= 0) { waiting.splice(at, 1); }
      };
    }, [shown]);
    var className = ((props.className || "") + (shown ? "" : " later-pending")).trim();
    return React.createElement("div", { id: props.id, className: className }, shown ? props.children : null);
  }

  window.wine_later = { Later: Later };
})();
