/* Shareable scenarios in the browser (see callbacks/share.py, model/scenario.py): keep the address bar's query string on the
   current scenario without adding history entries, and copy the address to the clipboard. */
(function () {
  "use strict";
  var FALLBACK = "Copy the address bar to share this wine";

  /* `text` for the status line, cleared a few seconds later; the line's id is the callback's output
     (components/ids.py names it), never typed here */
  function say(statusId, text) {
    window.setTimeout(function () {
      window.dash_clientside.set_props(statusId, { children: "" });
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
      var statusId = window.dash_clientside.callback_context.outputs_list.id;
      if (navigator.clipboard && window.isSecureContext) {
        return navigator.clipboard.writeText(url).then(
          function () { return say(statusId, "Link copied"); },
          function () { return say(statusId, FALLBACK); }
        );
      }
      return say(statusId, FALLBACK);
    },
  };
})();
