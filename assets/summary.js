/* On a phone the controls sit below the charts: while the verdict is scrolled out of sight AND the sliders are on
   screen, mark the page so that theme.css shows the compact verdict bar (#prediction-summary) at the bottom of the
   screen; past the sliders it goes. The bar is the last thing of the sliders' area, sticky at the screen's bottom:
   it rides up with the sliders' end, so it never covers the next card. It mirrors the verdict's "guess" state
   (#verdict-frame.guessing). */
(function () {
  "use strict";
  var seen = { verdict: true, controls: false };
  var watched = {};
  var body = document.body;

  function update() {
    body.classList.toggle("verdict-offscreen", !seen.verdict && seen.controls);
  }
  var visibility = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) { seen[entry.target.dataset.summaryWatch] = entry.isIntersecting; });
    update();
  });
  function watch(name, element) {
    if (!element || watched[name] === element) { return; }
    if (watched[name]) { visibility.unobserve(watched[name]); }
    watched[name] = element;
    element.dataset.summaryWatch = name;
    visibility.observe(element);
  }
  new MutationObserver(function () {
    var frame = document.getElementById("verdict-frame");
    watch("verdict", frame);
    watch("controls", document.querySelector(".card.controls"));
    body.classList.toggle("verdict-guessing", !!(frame && frame.classList.contains("guessing")));
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
})();
