/* The page's plotly.js: the core (which has the scatter trace) and the other trace types the figures use.
   tests/test_plotly_bundle.py reads the list below, and checks that every trace in components/ and callbacks/ is
   in it; tests/browser/test_plotly_bundle_browser.py checks that the built bundle registers exactly these. */
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
]);

module.exports = Plotly;
