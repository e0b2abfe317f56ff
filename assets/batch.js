/* Batch scoring in the browser: hand the already scored file to dcc.Download, and report a file that
   dcc.Upload refused to send because it is over the size limit (data-max-bytes on its wrapper), which
   would otherwise vanish without a word. */
(function () {
  "use strict";
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.batch = {
    download: function (nClicks, scored) {
      return scored || window.dash_clientside.no_update;
    }
  };

  function checkSize(event) {
    var wrapper = event.target && event.target.closest && event.target.closest("[data-max-bytes]");
    if (!wrapper) { return; }
    var files = (event.dataTransfer && event.dataTransfer.files) || event.target.files || [];
    var limit = Number(wrapper.getAttribute("data-max-bytes"));
    if (files.length && files[0].size > limit && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(wrapper.getAttribute("data-rejected-store"), {
        data: { filename: files[0].name, bytes: files[0].size, at: Date.now() }
      });
    }
  }
  document.addEventListener("change", checkSize, true);
  document.addEventListener("drop", checkSize, true);
})();
