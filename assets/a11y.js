/* Accessible names and roles. Sliders: dcc.Slider (Radix) renders its thumb (role="slider") and its number box
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
  function plainOption(option) {
    option.removeAttribute("role");
    option.removeAttribute("aria-selected");
  }
  function fixControlRoles() {
    document.querySelectorAll(".dash-radioitems").forEach(function (list) {
      if (list.getAttribute("role") !== "radiogroup") {
        list.setAttribute("role", "radiogroup");
        var group = list.parentElement.closest("[aria-labelledby]");
        if (group) { list.setAttribute("aria-labelledby", group.getAttribute("aria-labelledby")); }
      }
      list.querySelectorAll(".dash-options-list-option[role], .dash-options-list-option[aria-selected]").forEach(plainOption);
    });
    document.querySelectorAll(".switch.dash-checklist").forEach(function (list) {
      list.removeAttribute("role");
      list.querySelectorAll(".dash-options-list-option[role], .dash-options-list-option[aria-selected]").forEach(plainOption);
      list.querySelectorAll("input[type=checkbox]:not([role=switch])").forEach(function (box) {
        box.setAttribute("role", "switch");  // its checked state stays the native one, never stale
      });
    });
    document.querySelectorAll("[data-upload-label] input[type=file]:not([aria-label])").forEach(function (input) {
      input.setAttribute("aria-label", input.closest("[data-upload-label]").getAttribute("data-upload-label"));
    });
  }
  /* Dash 3's Dropdown takes the keyboard focus on a hidden input (aria-hidden yet focusable): that input becomes the
     named combobox a screen reader meets, its name from the <label> of the dropdown, its state from the button. */
  function labelDropdowns() {
    document.querySelectorAll(".dash-dropdown-wrapper > .dash-dropdown-focus-target").forEach(function (input) {
      var button = input.parentElement.querySelector(".dash-dropdown[id]");
      var label = button && document.querySelector('label[for="' + button.id + '"]');
      if (!label) { return; }
      input.removeAttribute("aria-hidden");
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-haspopup", "listbox");
      input.setAttribute("aria-label", label.textContent);
      input.setAttribute("aria-expanded", button.getAttribute("aria-expanded") || "false");
    });
  }
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
        labelDropdowns();
      });
    }
  }).observe(document.documentElement, {
    childList: true, subtree: true,
    attributes: true, attributeFilter: ["aria-selected", "aria-expanded", "aria-hidden"],  // what Dash sets again later
  });
})();
