/* Accessible names and roles. Sliders:  dcc.Slider (Radix) renders its thumb (role="slider") and its number box
   without a label; each control group carries data-label-id, the id of its visible label, and this names
   both from it, so screen readers say "Alcohol, slider, 10.5" and keyboard users know what they move. */
(function () {
  "use strict";
  function nameSliders() {
    document.querySelectorAll("[data-label-id]").forEach(function (group) {
      var id = group.getAttribute("data-label-id");
      group.querySelectorAll('[role="slider"], input').forEach(function (el) {
        if (el.getAttribute("aria-labelledby") !== id) {
          el.setAttribute("aria-labelledby", id);
        }
      });
    });
  }
  /* Dash 3 renders RadioItems and Checklist as a listbox of options, so a screen reader announced the colour and
     the presentation switch as list options: the radio buttons become a named radiogroup, the one-option switch a
     switch. And dcc.Upload's file input gets a name. */
  function fixControlRoles() {
    document.querySelectorAll(".dash-radioitems[role=listbox]").forEach(function (list) {
      list.setAttribute("role", "radiogroup");
      var group = list.closest("[aria-labelledby]");
      if (group && group !== list) { list.setAttribute("aria-labelledby", group.getAttribute("aria-labelledby")); }
      list.querySelectorAll("[role=option]").forEach(function (option) {
        option.removeAttribute("role");
        option.removeAttribute("aria-selected");
      });
    });
    document.querySelectorAll(".switch[role=listbox]").forEach(function (list) {
      list.removeAttribute("role");
      list.querySelectorAll("[role=option]").forEach(function (option) {
        option.removeAttribute("role");
        option.removeAttribute("aria-selected");
        var box = option.querySelector("input[type=checkbox]");
        if (box) {
          box.setAttribute("role", "switch");
          box.setAttribute("aria-checked", String(box.checked));
        }
      });
    });
    document.querySelectorAll("[data-upload-label] input[type=file]:not([aria-label])").forEach(function (input) {
      input.setAttribute("aria-label", input.closest("[data-upload-label]").getAttribute("data-upload-label"));
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.getAttribute && event.target.getAttribute("role") === "switch") {
      event.target.setAttribute("aria-checked", String(event.target.checked));
    }
  }, true);
  /* The guard's "Why?" pop-up (a <details>) closes on Escape, focus back on its "Why?", and on a click outside it. */
  function closePopovers(event) {
    document.querySelectorAll("details.guard-details[open]").forEach(function (details) {
      if (event.type === "keydown") {
        details.removeAttribute("open");
        details.querySelector("summary").focus();
      } else if (!details.contains(event.target)) {
        details.removeAttribute("open");
      }
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closePopovers(event); }
  });
  document.addEventListener("click", closePopovers);
  var queued = false;
  new MutationObserver(function () {
    if (!queued) {
      queued = true;
      window.requestAnimationFrame(function () {
        queued = false;
        nameSliders();
        fixControlRoles();
      });
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
