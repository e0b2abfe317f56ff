/* Parts of the page mounted a task after the rest (components/later.py). Dash mounts its layout in one React
   render, one task for the whole page; a Later draws its element empty at first ("later-pending", which keeps a
   screen's height for it in assets/theme.css) and takes its turn in a queue that mounts one Later's children per
   task, so no task mounts the whole page. The first screen's parts ("later-first") take their turns first, in the
   page's order, a block inside a card as soon as its card has mounted; then the parts under them, in order. */
(function () {
  "use strict";
  var FIRST = "later-first";  // components/later.py's FIRST_SCREEN
  var waiting = [];  // each pending Later's "show": the first screen's, then the others, each in the order drawn
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
      var show = function () {
        // first, a prop of the Later's own: Dash draws it again, and its children now come with the props they hold
        // in Dash's store. As first drawn, they came with the props of the page's first render, which a child mounts
        // as they were: a callback's answer that came meanwhile (a link's costs) would be lost on screen.
        if (props.setProps) { props.setProps({ shown: true }); }
        state[1](true);
      };
      show.first = (" " + (props.className || "") + " ").indexOf(" " + FIRST + " ") >= 0;
      var at = show.first ? waiting.findIndex(function (other) { return !other.first; }) : -1;
      waiting.splice(at < 0 ? waiting.length : at, 0, show);
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
