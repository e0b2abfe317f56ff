/* Accessible names and roles. Sliders: dcc.Slider (Radix) renders its thumb (role="slider") and its number box
   without a label; each control group carries data-label-id, the id of its visible label, and this names
   both from it, so screen readers say "Alcohol, slider, 10.5" and keyboard users know what they move. */
(function () {
  "use strict";
  /* each fixer looks only inside `scope` (an element, or the document on the first pass), and at `scope` itself */
  function within(scope, selector) {
    var found = Array.prototype.slice.call(scope.querySelectorAll(selector));
    if (scope.matches && scope.matches(selector)) { found.unshift(scope); }
    return found;
  }
  function nameSliders(scope) {
    within(scope, "[data-label-id]").forEach(function (group) {
      var id = group.getAttribute("data-label-id");
      group.querySelectorAll('[role="slider"], input').forEach(function (el) {
        set(el, "aria-labelledby", id);
      });
    });
  }
  /* Dash 3 renders RadioItems and Checklist as a listbox of options, so a screen reader announced the colour and
     the presentation switch as list options: the radio buttons become a named radiogroup, the one-option switch a
     switch. And dcc.Upload's file input gets a name. */
  /* an attribute is written only when it differs: a write of the same value is a mutation too, which would run the
     observer below again, and again */
  function set(el, name, value) {
    if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
  }
  function plainOption(option) {
    option.removeAttribute("role");
    option.removeAttribute("aria-selected");
  }
  function fixControlRoles(scope) {
    within(scope, ".dash-radioitems").forEach(function (list) {
      if (list.getAttribute("role") !== "radiogroup") {
        list.setAttribute("role", "radiogroup");
        var group = list.parentElement.closest("[aria-labelledby]");
        if (group) { set(list, "aria-labelledby", group.getAttribute("aria-labelledby")); }
      }
      list.querySelectorAll(".dash-options-list-option[role], .dash-options-list-option[aria-selected]").forEach(plainOption);
    });
    /* a one-option checklist (className "check", e.g. the taster's) is a plain labelled checkbox */
    within(scope, ".check.dash-checklist").forEach(function (list) {
      list.removeAttribute("role");
      list.querySelectorAll(".dash-options-list-option[role], .dash-options-list-option[aria-selected]").forEach(plainOption);
    });
    within(scope, ".switch.dash-checklist").forEach(function (list) {
      list.removeAttribute("role");
      list.querySelectorAll(".dash-options-list-option[role], .dash-options-list-option[aria-selected]").forEach(plainOption);
      list.querySelectorAll("input[type=checkbox]:not([role=switch])").forEach(function (box) {
        box.setAttribute("role", "switch");  // its checked state stays the native one, never stale
      });
    });
    within(scope, "[data-upload-label] input[type=file]:not([aria-label])").forEach(function (input) {
      set(input, "aria-label", input.closest("[data-upload-label]").getAttribute("data-upload-label"));
    });
  }
  /* Dash 3's Dropdown takes the keyboard focus on a hidden input (aria-hidden yet focusable): that input becomes the
     named combobox a screen reader meets, its name from the <label> of the dropdown, its state from the button. */
  function labelDropdowns(scope) {
    within(scope, ".dash-dropdown-wrapper > .dash-dropdown-focus-target").forEach(function (input) {
      var button = input.parentElement.querySelector(".dash-dropdown[id]");
      var label = button && document.querySelector('label[for="' + button.id + '"]');
      if (!label) { return; }
      input.removeAttribute("aria-hidden");
      set(input, "role", "combobox");
      set(input, "aria-haspopup", "listbox");
      set(input, "aria-label", label.textContent);
      set(input, "aria-expanded", button.getAttribute("aria-expanded") || "false");
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
  /* ... and opens in view: the nearest real wines are the answer to "Why?", so a pop-up that runs past the bottom of
     the screen is scrolled up just enough (toggle does not bubble: listened to in the capture phase) */
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details instanceof HTMLDetailsElement && details.open && details.matches("details.guard-details")) {
      var popover = details.querySelector(".guard-popover");
      if (popover) { popover.scrollIntoView({ block: "nearest" }); }
    }
  }, true);
  /* Dash renders (and re-renders) these controls at any time, so a MutationObserver fixes them again; kept cheap
     while a person drives the page: changes inside a chart (Plotly's SVG, most of the page's mutations) are skipped
     at once; an attribute Dash set again is put right inside its own control at once; new nodes are fixed in ONE
     idle callback per batch, each inside the control that changed (the nearest control around a changed node, or
     the subtree Dash put in), never by a search of the whole document. */
  var CONTROL = "[data-label-id], .dash-radioitems, .dash-checklist, .dash-dropdown-wrapper, [data-upload-label]";
  var scopes = [];
  var queued = false;
  function fixIn(scope) {
    nameSliders(scope);
    fixControlRoles(scope);
    labelDropdowns(scope);
  }
  function fix() {
    queued = false;
    var todo = scopes;
    scopes = [];
    todo.forEach(function (scope) {
      if (scope === document || scope.isConnected) { fixIn(scope); }
    });
  }
  function scopeOf(record) {
    var node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    if (!node || node.closest(".js-plotly-plot")) { return null; }
    return node.closest(CONTROL) || (record.type === "childList" ? node : null);
  }
  function queue(scope) {
    scopes.push(scope);
    if (!queued) {
      queued = true;
      if (window.requestIdleCallback) {
        window.requestIdleCallback(fix, { timeout: 200 });
      } else {
        window.setTimeout(fix, 0);
      }
    }
  }
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i += 1) {
      var scope = scopeOf(records[i]);
      if (scope && records[i].type === "attributes") {
        fixIn(scope);  // Dash set a role or state again on one control: put it right before it is painted
      } else if (scope && scopes.indexOf(scope) < 0) {
        queue(scope);
      }
    }
  }).observe(document.documentElement, {
    childList: true, subtree: true,
    attributes: true, attributeFilter: ["aria-selected", "aria-expanded", "aria-hidden"],  // what Dash sets again later
  });
  queue(document);
})();
