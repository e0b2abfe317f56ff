/* The page's plain html as few Dash components (components/static.py); Dash's renderer walks each as one
   component instead of one per element.
   - Shell: the page's plain elements as React elements, drawn from a tree written on the server, around the Dash
     components inside them (its children, each in its place).
   - Html: an element with its props, whose contents are an HTML string written on the server from the layout's
     own text (what callbacks write). React draws it once. */
(function () {
  "use strict";
  /* a Shell's tree: text or a number, an element {t: tag, p: React props, c: [nodes]}, or {s: i}, the place of
     the Shell's children[i] */
  function draw(node, slots) {
    if (node === null || typeof node !== "object") { return node; }
    if (node.s !== undefined) { return slots[node.s]; }
    var kids = node.c.map(function (c) { return draw(c, slots); });
    // the children one by one, as JSX passes them: no keys needed
    return window.React.createElement.apply(null, [node.t, node.p].concat(kids));
  }

  window.wine_static = {
    Shell: function (props) {
      var kids = props.children;
      var slots = Array.isArray(kids) ? kids : (kids === undefined || kids === null ? [] : [kids]);
      return draw(props.tree, slots);
    },
    Html: function (props) {
      var own = { id: props.id, className: props.className, style: props.style,
                  dangerouslySetInnerHTML: { __html: props.html || "" } };
      return window.React.createElement(props.tag || "div", Object.assign({}, props.attributes || {}, own));
    },
  };
})();
