/* The verdict's longer lines (what tasters said of a test wine, values outside the data) do not fit beside the glass,
   whose row keeps one height so that the bars under it never move. They are shown under the bars instead, in the
   notes' room (.verdict-echo): a copy of the verdict's own lines (components/verdict.py), kept in step with it, so
   it never describes another wine. theme.css hides the originals from the eye only: screen readers read them in the
   verdict, and the copy is hidden from them. */
(function () {
  "use strict";
  var LINES = ".truth, .warning";
  var watched = null;
  var lines = new MutationObserver(copy);

  function copy() {
    var echo = document.querySelector(".verdict-echo");
    if (!watched || !echo) { return; }
    var html = Array.prototype.map.call(watched.querySelectorAll(LINES), function (el) { return el.outerHTML; }).join("");
    if (echo.innerHTML !== html) { echo.innerHTML = html; }
  }
  new MutationObserver(function () {
    var verdict = document.getElementById("verdict");
    if (!verdict || verdict === watched) { return; }
    lines.disconnect();
    watched = verdict;
    lines.observe(verdict, { childList: true, subtree: true, characterData: true });
    copy();
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
