/* Shareable scenarios in the browser (see callbacks/share.py): keep the address bar's query string on the
   current scenario without adding history entries, and copy the address to the clipboard. */
(function () {
  "use strict";
  var STATUS_ID = "copy-link-status";
  var FALLBACK = "Copy the address bar to share this wine";

  function say(text) {
    window.setTimeout(function () {
      window.dash_clientside.set_props(STATUS_ID, { children: "" });
    }, 4000);
    return text;
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.share = {
    writeUrl: function (search) {
      if (typeof search === "string" && search !== window.location.search) {
        var url = window.location.pathname + search + window.location.hash;
        window.history.replaceState(window.history.state, "", url);
      }
    },
    copyLink: function (nClicks) {
      if (!nClicks) {
        return window.dash_clientside.no_update;
      }
      var url = window.location.href;
      if (navigator.clipboard && window.isSecureContext) {
        return navigator.clipboard.writeText(url).then(
          function () { return say("Link copied"); },
          function () { return say(FALLBACK); }
        );
      }
      return say(FALLBACK);
    },
  };
})();
