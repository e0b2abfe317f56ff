/* On a phone the controls sit below the charts: while the verdict is scrolled out of sight AND the sliders' card
   reaches the screen's bottom edge, mark the page so that theme.css shows the compact verdict bar
   (#prediction-summary) there. The bar covers only the sliders' card: the card keeps room for it after its last
   slider (theme.css, --summary-bar), so that slider can be moved with the verdict in sight, and once the card's end
   rises off the bottom edge the bar goes, before it could cover the next card. The bar mirrors the verdict's
   "guess" state (#verdict-frame.guessing). */
(function () {
  "use strict";
  var seen = { verdict: true, controls: false };
  var watched = {};
  var body = document.body;

  function update() {
    body.classList.toggle("verdict-offscreen", !seen.verdict && seen.controls);
  }
  function observer(margin) {
    return new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { seen[entry.target.dataset.summaryWatch] = entry.isIntersecting; });
      update();
    }, { rootMargin: margin });
  }
  // the controls are watched against the screen's bottom line only (the root shrunk to its last pixel)
  function bottomLine() { return "-" + Math.max(window.innerHeight - 1, 0) + "px 0px 0px 0px"; }
  var observers = { verdict: observer("0px"), controls: observer(bottomLine()) };
  function watch(name, element) {
    if (!element || watched[name] === element) { return; }
    if (watched[name]) { observers[name].unobserve(watched[name]); }
    watched[name] = element;
    element.dataset.summaryWatch = name;
    observers[name].observe(element);
  }
  window.addEventListener("resize", function () {
    var element = watched.controls;
    observers.controls.disconnect();
    observers.controls = observer(bottomLine());
    if (element) { observers.controls.observe(element); }
  });
  new MutationObserver(function () {
    var frame = document.getElementById("verdict-frame");
    watch("verdict", frame);
    watch("controls", document.querySelector(".card.controls"));
    body.classList.toggle("verdict-guessing", !!(frame && frame.classList.contains("guessing")));
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
})();
