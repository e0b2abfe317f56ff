/* A slider's drag_value is kept out of Dash's store. dcc.Slider sets it on every mouse move of a drag and every
   key (updatemode="mouseup" sets `value` only when the move ends). No callback reads it (tests/test_drag_value.py),
   and the slider draws its thumb from its own state. Yet each setProps is a store update, and every update walks
   the page's components: a drag took about 10 mouse moves a second fewer for it (python -m bench.feel).

   Dash gives its store to `window.dash_stores` when it starts (this asset runs before it). The store's dispatch is
   wrapped there, and so is the dispatch every thunk is given (a component's setProps is a thunk, which dispatches
   thunks in turn): it drops the one action that sets only drag_value from the component itself (renderType
   "internal"). Every other action passes unchanged: the mouse-up's `value`, a callback's answer, set_props. */
(function () {
  "use strict";
  function dragOnly(action) {
    var payload = action && action.type === "ON_PROP_CHANGE" ? action.payload : null;
    if (!payload || payload.renderType !== "internal" || !payload.props) { return false; }
    var keys = Object.keys(payload.props);
    return keys.length === 1 && keys[0] === "drag_value";
  }
  /* `dispatch` with the drag_value actions dropped, in thunks too (a setProps thunk dispatches a thunk in turn) */
  function quietly(dispatch) {
    return function (action) {
      if (typeof action === "function") {
        return dispatch(function (inner, getState, extra) { return action(quietly(inner), getState, extra); });
      }
      return dragOnly(action) ? action : dispatch(action);
    };
  }
  function wrap(store) {  // Dash gives each store once
    store.dispatch = quietly(store.dispatch);
  }
  var stores = window.dash_stores || [];  // empty: Dash has made no store yet
  stores.push = function () {
    Array.prototype.forEach.call(arguments, wrap);
    return Array.prototype.push.apply(this, arguments);
  };
  window.dash_stores = stores;
})();
