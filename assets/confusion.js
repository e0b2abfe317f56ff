/* The confusion matrix's hover in words, in the line under the heatmap (components/confusion_panel.py): the
   heatmap draws no hover box, so nothing covers its numbers. */
(function () {
  "use strict";
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.confusion = {
    hoverLine: function (hoverData) {
      var point = hoverData && hoverData.points && hoverData.points[0];
      return point && point.hovertext ? point.hovertext : window.dash_clientside.no_update;
    },
  };
})();
