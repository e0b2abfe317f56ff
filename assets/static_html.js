/* The page's static parts (components/static.py): an element with its props, whose contents are an HTML string
   written on the server from the layout's own text. React draws it once; Dash's renderer walks it as one
   component instead of one per element. */
(function () {
  "use strict";
  window.wine_static = {
    Html: function (props) {
      var own = { id: props.id, className: props.className, style: props.style,
                  dangerouslySetInnerHTML: { __html: props.html || "" } };
      return window.React.createElement(props.tag || "div", Object.assign({}, props.attributes || {}, own));
    },
  };
})();
