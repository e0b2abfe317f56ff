/* On a phone the controls sit below the charts: while the verdict card is scrolled out of sight, mark the
   page so that theme.css shows the compact verdict bar (#prediction-summary) at the bottom of the screen. */
(function () {
  "use strict";
  var watched = null;
  var visibility = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      document.body.classList.toggle("verdict-offscreen", !entry.isIntersecting);
    });
  });
  new MutationObserver(function () {
    var card = document.querySelector(".prediction");
    if (card && card !== watched) {
      if (watched) { visibility.unobserve(watched); }
      watched = card;
      visibility.observe(card);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
