/* The verdict's texts drawn from a drag's live answer (assets/live.js), without a round through Dash's renderer:
   painted onto the elements React drew, the way assets/bars_paint.js paints the bars.

   A value is what the render callback would give one of its outputs (callbacks/prediction.py): a className, or
   a children prop in Dash's JSON (a text, a number, an html component, or a list of them). `paint` writes it only
   where the element already has its shape, the same elements with the same tags, in the same order, texts where
   texts are: it changes texts and class names, never adds or removes a node. Otherwise it returns false and
   changes nothing; assets/live.js then gives the value to Dash.

   React does not know of a paint: it writes a node only where its props change, so a painted node it does not
   write would keep the painted text. Each paint keeps what it overwrote, and when the render callback answers
   (a committed value) `settle` puts every painted output in step before React writes: painted with the value
   React is about to show where it has the shape, else back to React's own (the value before), which React then
   changes as it would have. */
(function () {
  "use strict";
  var TEXT = 3;
  var ELEMENT = 1;
  var HTML = "dash_html_components";
  var PROPS = ["children", "className"];  // any other prop (an id, a style) is a shape paint does not draw
  var painted = {};  // output key -> {el, prop, before: Map(node -> [kind, value overwritten])}

  function read(node, kind) {
    return kind === "text" ? node.nodeValue : node.getAttribute("class");
  }

  function write(node, kind, value) {  // a class of null: no class attribute, as React leaves an element without one
    if (kind === "text") {
      node.nodeValue = value;
    } else if (value === null) {
      node.removeAttribute("class");
    } else {
      node.setAttribute("class", value);
    }
  }

  function isText(item) {
    return typeof item === "string" || typeof item === "number";
  }

  /* the writes that give `node` (an element React drew from an html component) the class and children `props`
     say, added to `writes`; false if it has another shape */
  function componentWrites(node, item, writes) {
    var props = item.props || {};
    if (item.namespace !== HTML || typeof item.type !== "string" || node.nodeType !== ELEMENT
        || node.tagName.toLowerCase() !== item.type.toLowerCase()
        || Object.keys(props).some(function (k) { return PROPS.indexOf(k) < 0; })) {
      return false;
    }
    var className = props.className === undefined ? null : props.className;
    if (className !== null && typeof className !== "string") { return false; }
    writes.push([node, "class", className]);
    return childWrites(node, props.children, writes);
  }

  /* the writes that make `el`'s children show `value`, added to `writes`; false if they have another shape */
  function childWrites(el, value, writes) {
    var nodes = el.childNodes;
    if (isText(value)) {  // a lone text: React writes it as the element's text content
      var text = String(value);
      if (text === "") { return nodes.length === 0; }
      if (nodes.length !== 1 || nodes[0].nodeType !== TEXT) { return false; }
      writes.push([nodes[0], "text", text]);
      return true;
    }
    var items = (Array.isArray(value) ? value : [value]).filter(function (item) {
      return item !== null && item !== undefined;
    });
    if (nodes.length !== items.length) { return false; }
    return items.every(function (item, i) {
      if (isText(item)) {
        if (nodes[i].nodeType !== TEXT) { return false; }
        writes.push([nodes[i], "text", String(item)]);
        return true;
      }
      return typeof item === "object" && componentWrites(nodes[i], item, writes);
    });
  }

  /* the writes that give `el`'s `prop` the value `value`; null if it cannot be painted */
  function plan(el, prop, value) {
    var writes = [];
    if (prop === "className") {
      return typeof value === "string" ? [[el, "class", value]] : null;
    }
    return prop === "children" && childWrites(el, value, writes) ? writes : null;
  }

  /* paint `value` as `el`'s `prop` (the output `key`) -> whether it could be (if not, nothing was changed) */
  function paint(key, el, prop, value) {
    var writes = el ? plan(el, prop, value) : null;
    if (!writes) { return false; }
    var entry = painted[key] || (painted[key] = { el: el, prop: prop, before: new Map() });
    writes.forEach(function (w) {
      if (!entry.before.has(w[0])) { entry.before.set(w[0], [w[1], read(w[0], w[1])]); }
      write(w[0], w[1], w[2]);
    });
    return true;
  }

  /* the output `key`'s paints undone: its nodes as React drew them */
  function revert(key) {
    var entry = painted[key];
    delete painted[key];
    if (entry) {
      entry.before.forEach(function (was, node) { write(node, was[0], was[1]); });
    }
  }

  /* React is about to show `value` as the output `key` (undefined: what it shows now): a painted output shows
     it already where it can, else React's own, so what React then writes leaves the page as its props say */
  function settle(key, value) {
    var entry = painted[key];
    if (!entry) { return; }
    var writes = value === undefined ? null : plan(entry.el, entry.prop, value);
    if (!writes) {
      revert(key);
      return;
    }
    delete painted[key];
    writes.forEach(function (w) { write(w[0], w[1], w[2]); });
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.verdict_paint = {
    paint: paint,    // assets/live.js, mid-drag
    revert: revert,  // before the value goes to Dash instead
    settle: settle,  // assets/live.js render, as a callback's answer comes
    painted: function (key) { return Object.prototype.hasOwnProperty.call(painted, key); },
  };
})();
