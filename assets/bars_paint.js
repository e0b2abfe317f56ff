/* The probability bars drawn from a live answer (assets/live.js), the way a person sees them first: painted.

   A live answer is what the callback's Patch would set on the bars (components/figures/bars.py bar_style): the
   heights, the labels over them, the colours and which bar is outlined, the bold tick label. Plotly.update
   redraws the whole chart for that, ~10 ms of the main thread on each key, click or drag step. `paint` writes
   the same values straight onto the SVG Plotly drew: each bar's path, its label and where it sits, its fill and
   outline, the tick labels. tests/browser/test_bars_paint_browser.py checks, at every size the page has, that the
   painted bars are what Plotly draws for the same answer, and that anything `paint` cannot draw is left to
   Plotly.

   Painting leaves Plotly's own record of the chart (gd.data, which hovering reads) on the answer before. Once
   the bars have been quiet for SETTLE_MS, the two are put in step: if Plotly has not drawn the chart since (a
   callback's answer, a resize), it draws the painted answer; if it has, its drawing stands, and it is painted
   again from gd.data, since a Plotly.react with nothing new to draw leaves the painted bars as they were.

   A hover label reads Plotly's record, so it must never meet painted bars: a chart showing one is drawn by Plotly
   (which writes the label again), and a pointer that comes onto painted bars puts the two in step at once, before
   Plotly's hover reads them. */
(function () {
  "use strict";
  var SETTLE_MS = 250;
  var PATH = /^M([^,]+),([^V]+)V([^H]+)H([^V]+)V([^Z]+)Z$/;  // a bar: M x0,bottom V top H x1 V bottom Z
  var MOVE = /^translate\(([^,]+),([^)]+)\)$/;
  var BOLD = /^<b>([^<>&]*)<\/b>$/;
  var PLAIN = /^(?:<(?=\d))?[^<>&]*$/;  // "<1%" (components/figures/base.py percent_labels) is text to Plotly too
  var HEX = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;
  var RGBA = /^rgba\((\d+),\s*(\d+),\s*(\d+),\s*([\d.]+)\)$/;
  var HOVER = ".hoverlayer .hovertext";  // a hover label on the chart
  var settling = null;  // {gd, style, calls, timer}: the last paint, until the bars have been quiet for SETTLE_MS

  /* a bar style as the Plotly.update that draws it */
  function plotlyDraw(gd, style) {
    return window.Plotly.update(gd, {
      y: [style.y], text: [style.text], "marker.color": [style.colors], "marker.line.width": [style.line_widths],
    }, { "xaxis.ticktext": style.ticktext });
  }

  /* the bar style Plotly's record of the chart holds: what it drew last */
  function drawnStyle(gd) {
    var trace = gd.data && gd.data[0];
    var marker = trace && trace.marker;
    return trace && marker && marker.line && gd.layout.xaxis ? {
      y: trace.y, text: trace.text, colors: marker.color, line_widths: marker.line.width,
      ticktext: gd.layout.xaxis.ticktext,
    } : null;
  }

  /* "#RRGGBB" or "rgba(r,g,b,a)" -> [fill, fill-opacity] as Plotly writes them; null for another form */
  function fill(color) {
    var hex = HEX.exec(color);
    if (hex) {
      return ["rgb(" + [hex[1], hex[2], hex[3]].map(function (h) { return parseInt(h, 16); }).join(", ") + ")", "1"];
    }
    var rgba = RGBA.exec(color);
    return rgba ? ["rgb(" + rgba[1] + ", " + rgba[2] + ", " + rgba[3] + ")", String(parseFloat(rgba[4]))] : null;
  }

  /* "<b>x</b>" or "x" -> {text, bold}; null for any other markup */
  function label(raw) {
    var bold = typeof raw === "string" ? BOLD.exec(raw) : null;
    if (bold) { return { text: bold[1], bold: true }; }
    return typeof raw === "string" && PLAIN.test(raw) ? { text: raw, bold: false } : null;
  }

  function setLabel(node, raw, l) {  // as Plotly's text writer does: a bold tspan, or the text itself
    node.setAttribute("data-unformatted", raw);
    node.textContent = "";
    if (l.bold) {
      var tspan = document.createElementNS(node.namespaceURI, "tspan");
      tspan.setAttribute("style", "font-weight:bold");
      tspan.textContent = l.text;
      node.appendChild(tspan);
    } else {
      node.textContent = l.text;
    }
  }

  /* what painting `style` on `gd` writes, or null if it cannot be painted (not drawn yet, another shape of
     chart or of answer): then Plotly draws it */
  function plan(gd, style) {
    var ya = gd._fullLayout && gd._fullLayout.yaxis;
    var points = gd.querySelectorAll(".barlayer .trace.bars .point");
    var ticks = gd.querySelectorAll(".xaxislayer-above .xtick text");
    var outlined = gd.querySelector('.barlayer .trace.bars .point path[style*="stroke:"]');
    var n = points.length;
    if (!ya || !ya.c2p || window.dash_clientside.charts.pending(gd) || gd.querySelector(HOVER) || !style || !n
        || ticks.length !== n
        || !outlined || !["y", "text", "colors", "line_widths", "ticktext"].every(function (k) {
          return Array.isArray(style[k]);  // an item missing for a bar stops the paint below
        })) {
      return null;
    }
    var writes = [];
    for (var i = 0; i < n; i += 1) {
      var path = points[i].querySelector("path");
      var text = points[i].querySelector("text.bartext");
      var bar = path && PATH.exec(path.getAttribute("d") || "");
      var at = text && MOVE.exec(text.getAttribute("transform") || "");
      var write = { path: path, text: text, tick: ticks[i], raw: style.text[i], tickRaw: style.ticktext[i],
                    label: label(style.text[i]), tickLabel: label(style.ticktext[i]), fill: fill(style.colors[i]),
                    width: style.line_widths[i] };
      if (!bar || !at || !write.label || !write.tickLabel || !write.fill || !Number.isFinite(style.y[i])
          || !Number.isFinite(write.width) || write.width < 0) {
        return null;
      }
      var top = ya.c2p(style.y[i]);  // in pixels to 2 decimals, as Plotly writes a bar's path
      write.d = "M" + bar[1] + "," + bar[2] + "V" + top + "H" + bar[4] + "V" + bar[5] + "Z";
      // the label keeps its distance above the bar's top
      write.transform = "translate(" + at[1] + "," + (parseFloat(at[2]) - parseFloat(bar[3]) + top) + ")";
      writes.push(write);
    }
    return { writes: writes, stroke: [outlined.style.stroke, outlined.style.strokeOpacity] };
  }

  /* paint `style` on the drawn chart `gd` -> whether it could be painted (if not, nothing was changed) */
  function paint(gd, style) {
    var p = plan(gd, style);
    if (!p) { return false; }
    p.writes.forEach(function (w) {
      w.path.setAttribute("d", w.d);
      w.path.style.strokeWidth = w.width + "px";
      w.path.style.fill = w.fill[0];
      w.path.style.fillOpacity = w.fill[1];
      if (w.width > 0) {
        w.path.style.stroke = p.stroke[0];
        w.path.style.strokeOpacity = p.stroke[1];
      }
      w.text.setAttribute("transform", w.transform);
      if (w.text.getAttribute("data-unformatted") !== w.raw) { setLabel(w.text, w.raw, w.label); }
      if (w.tick.getAttribute("data-unformatted") !== w.tickRaw) { setLabel(w.tick, w.tickRaw, w.tickLabel); }
    });
    return true;
  }

  /* the bars quiet for SETTLE_MS: Plotly's record and the painted bars agree again */
  function settle() {
    var last = settling;
    settling = null;
    if (!last || !last.gd.isConnected || !last.gd._fullLayout) { return; }
    if (window.dash_clientside.charts.calls(last.gd) === last.calls) {
      plotlyDraw(last.gd, last.style);
    } else {
      paint(last.gd, drawnStyle(last.gd));
    }
  }

  /* a pointer onto painted bars (a mouse, or a finger's tap): settled now, so its hover label reads them */
  function settleUnder(event) {
    if (settling && event.target instanceof Node && settling.gd.contains(event.target)) {
      window.clearTimeout(settling.timer);
      settle();
    }
  }
  // a pointer event comes before the mouse event whose handler (Plotly's) reads the chart for the hover label
  ["pointermove", "pointerdown"].forEach(function (type) { document.addEventListener(type, settleUnder, true); });

  /* the bars `gd` show `style` now: painted if they can be, else drawn by Plotly once its queued draws are done */
  function draw(gd, style) {
    var charts = window.dash_clientside.charts;
    if (settling) { window.clearTimeout(settling.timer); }
    if (paint(gd, style)) {
      settling = { gd: gd, style: style, calls: charts.calls(gd), timer: window.setTimeout(settle, SETTLE_MS) };
      return;
    }
    settling = null;
    charts.after(gd, function () {  // once its first draw is done (assets/charts.js)
      if (gd.data) { plotlyDraw(gd, style); }
    });
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.bars = {
    draw: draw,    // assets/live.js
    paint: paint,  // tests/browser/test_bars_paint_browser.py compares it with Plotly's drawing
    settleMs: SETTLE_MS,
  };
})();
