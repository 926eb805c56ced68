// The page's own script: draws the charts of chart-data.ts with uPlot. Plain ES2017 in a string,
// because it runs in the reader's browser, not in Node; it reads its colours from the page's CSS
// variables, so the charts follow light, dark and print styles, and redraws when they change.
//
// The test that holds it is test/report-browser.test.ts (a real Chromium).

/** The script, inlined after uPlot's. It finds its data in `#shiftguard-charts`. */
export const CHARTS_SCRIPT = `(function () {
  'use strict';
  var source = document.getElementById('shiftguard-charts');
  if (source === null) return;
  var root = document.documentElement;
  var figures = Array.prototype.slice.call(document.querySelectorAll('[data-chart]'));
  if (typeof uPlot !== 'function') {
    figures.forEach(function (figure) { fail(figure, 'the chart library did not load'); });
    return;
  }
  var spec = JSON.parse(source.textContent);
  var byId = {};
  spec.charts.forEach(function (chart) { byId[chart.id] = chart; });
  var PRINT_WIDTH = 640;
  var X_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800];
  var COUNT_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];
  var LABEL_ROW = 16;
  // Every chart's value axis at least this wide, so that the times line up from chart to chart.
  var AXIS_WIDTH = 56;
  var plots = [];
  var printing = false;

  function fail(figure, why) {
    var plot = figure.querySelector('.chart-plot');
    if (plot !== null) plot.textContent = 'This chart could not be drawn: ' + why + '.';
    figure.setAttribute('data-drawn', 'false');
  }

  function css(name) {
    return getComputedStyle(root).getPropertyValue(name).trim();
  }

  function theme() {
    var family = getComputedStyle(document.body).fontFamily;
    return {
      family: family,
      text: css('--text'),
      muted: css('--muted'),
      grid: css('--chart-grid'),
      surface: css('--surface'),
      series: { old: css('--series-old'), new: css('--series-new'), other: css('--series-other') },
      fills: { old: css('--series-old-fill'), new: css('--series-new-fill'), other: css('--series-other-fill') },
      tone: { good: css('--good'), bad: css('--bad'), warn: css('--warn'), info: css('--info') },
      state: { OK: css('--state-ok'), ALARM: css('--state-alarm'), INSUFFICIENT_DATA: css('--state-nodata') },
      stateText: { OK: css('--state-ok-text'), ALARM: css('--state-alarm-text'), INSUFFICIENT_DATA: css('--state-nodata-text') }
    };
  }

  function clock(seconds) {
    var sign = seconds < 0 ? '-' : '+';
    var total = Math.round(Math.abs(seconds));
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var secs = total % 60;
    var ss = (secs < 10 ? '0' : '') + secs;
    if (hours > 0) return sign + hours + ':' + (minutes < 10 ? '0' : '') + minutes + ':' + ss;
    return sign + minutes + ':' + ss;
  }

  function number(value) {
    if (value === null || value === undefined || !isFinite(value)) return '–';
    var size = Math.abs(value);
    if (size >= 100) return Math.round(value).toLocaleString('en-US');
    if (size >= 10 || size === 0) return String(Math.round(value * 10) / 10);
    return String(Math.round(value * 100) / 100);
  }

  function font(t, px) {
    return Math.round(px * uPlot.pxRatio) + 'px ' + t.family;
  }

  /** A value axis just wide enough for its longest label. */
  function axisSize(t) {
    return function (u, values) {
      if (!values || values.length === 0) return 40;
      u.ctx.font = font(t, 12);
      var widest = 0;
      values.forEach(function (text) { widest = Math.max(widest, u.ctx.measureText(String(text)).width); });
      return Math.max(AXIS_WIDTH, Math.ceil(widest / uPlot.pxRatio) + 16);
    };
  }

  function xAxis(t) {
    return {
      stroke: t.muted,
      font: font(t, 12),
      grid: { stroke: t.grid, width: 1 },
      ticks: { stroke: t.grid, width: 1, size: 4 },
      incrs: X_STEPS,
      space: 64,
      size: 36,
      values: function (u, splits) { return splits.map(clock); }
    };
  }

  /** Where the cursor is, in seconds from the start; null when it is off the chart. */
  function cursorAt(u) {
    var left = u.cursor.left;
    return left === null || left === undefined || left < 0 ? null : u.posToVal(left, 'x');
  }

  /** The legend's first entry: the time under the cursor (not that of the point it reads). */
  function timeSeries() {
    return {
      label: 'time',
      value: function (u) {
        var at = cursorAt(u);
        return at === null ? '–' : clock(at);
      }
    };
  }

  /**
   * A stepped series holds each value until the next point: under the cursor is the last point at
   * or before it, not the nearest one (which may be the next step).
   */
  function heldIndex(u, seriesIdx, closestIdx, at) {
    var xs = u.data[0];
    if (!(at >= xs[0])) return closestIdx;
    var low = 0;
    var high = xs.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (xs[middle] <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /**
   * Where each marker's label goes: beside its line, flipped to the left near the right edge, one row
   * lower when it would overlap a label before it. In whatever unit the given functions measure.
   */
  function layoutLabels(toX, widthOf, left, right, gap) {
    var rows = [];
    return spec.markers.map(function (marker) {
      var x = toX(marker.at);
      var width = widthOf(marker.label);
      var from = x + gap;
      if (from + width > right) from = Math.max(left, x - gap - width);
      var to = from + width;
      var row = 0;
      while (rows[row] && rows[row].some(function (span) { return from < span[1] + 2 * gap && to > span[0] - 2 * gap; })) row++;
      (rows[row] = rows[row] || []).push([from, to]);
      return { marker: marker, x: x, left: from, row: row };
    });
  }

  var measurer = document.createElement('canvas').getContext('2d');

  /** Room above the plot for the marker labels, as many rows as the chart's width needs. */
  function labelRoom(t, width) {
    if (spec.markers.length === 0) return 12;
    measurer.font = '12px ' + t.family;
    var plotLeft = AXIS_WIDTH;
    var plotRight = width - 28;
    var span = spec.domain[1] - spec.domain[0];
    var laid = layoutLabels(
      function (at) { return plotLeft + ((at - spec.domain[0]) / span) * (plotRight - plotLeft); },
      function (text) { return measurer.measureText(text).width; },
      plotLeft, plotRight, 4
    );
    var rows = 1 + Math.max.apply(null, laid.map(function (label) { return label.row; }));
    return rows * LABEL_ROW + 8;
  }

  function drawMarkers(u, chart, t) {
    var ctx = u.ctx;
    var px = uPlot.pxRatio;
    var box = u.bbox;
    ctx.save();
    ctx.font = font(t, 12);
    ctx.textBaseline = 'alphabetic';
    ctx.textAlign = 'left';
    var laid = layoutLabels(
      function (at) { return Math.round(u.valToPos(at, 'x', true)); },
      function (text) { return ctx.measureText(text).width; },
      box.left, box.left + box.width, 4 * px
    );
    laid.forEach(function (label) {
      var x = label.x;
      if (x < box.left - 1 || x > box.left + box.width + 1) return;
      var colour = t.tone[label.marker.tone] || t.muted;
      ctx.strokeStyle = colour;
      ctx.lineWidth = px;
      ctx.setLineDash([4 * px, 3 * px]);
      ctx.beginPath();
      ctx.moveTo(x + 0.5, box.top);
      ctx.lineTo(x + 0.5, box.top + box.height);
      ctx.stroke();
      if (!chart.markerLabels) return;
      ctx.fillStyle = colour;
      ctx.fillText(label.marker.label, label.left, (label.row * LABEL_ROW + 13) * px);
    });
    ctx.restore();
  }

  function lineOptions(chart, t, width) {
    var counts = chart.unit === '';
    var series = [timeSeries()].concat(chart.series.map(function (s) {
      var stroke = t.series[s.colour];
      return {
        label: s.label,
        stroke: stroke,
        width: s.dash === 'solid' ? 2 : 1.75,
        dash: s.dash === 'dash' ? [7, 4] : s.dash === 'dot' ? [2, 3] : undefined,
        fill: s.fill ? t.fills[s.colour] : undefined,
        paths: chart.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
        points: { show: false },
        value: function (u, value, seriesIdx, idx) {
          if (idx === null || idx === undefined) return '–';
          if (s.legend && s.legend[idx] !== null && s.legend[idx] !== undefined) return s.legend[idx];
          return value === null || value === undefined ? 'no data' : number(value) + chart.unit;
        }
      };
    }));
    var yAxis = {
      stroke: t.muted,
      font: font(t, 12),
      grid: { stroke: t.grid, width: 1 },
      ticks: { show: false },
      size: axisSize(t),
      values: function (u, splits) { return splits.map(function (v) { return number(v) + chart.unit; }); }
    };
    if (chart.yMax !== null && chart.yMax !== undefined) {
      yAxis.splits = function () { return [0, 25, 50, 75, 100]; };
    } else if (counts) {
      yAxis.incrs = COUNT_STEPS;
    }
    var cursor = {
      sync: { key: 'shiftguard' },
      y: false,
      drag: { x: false, y: false, setScale: false },
      points: { show: !chart.stepped }
    };
    if (chart.stepped) cursor.dataIdx = heldIndex;
    return {
      width: width,
      height: chart.markerLabels ? 200 : 190,
      padding: [function (u) { return chart.markerLabels ? labelRoom(t, u.width) : 12; }, 28, null, null],
      cursor: cursor,
      legend: { live: true, markers: { dash: legendDash } },
      scales: {
        x: { time: false, range: [spec.domain[0], spec.domain[1]] },
        y: {
          range: function (u, min, max) {
            if (chart.yMax !== null && chart.yMax !== undefined) return [0, chart.yMax];
            if (!(max > 0)) return [0, 1];
            return [0, uPlot.rangeNum(0, max, 0.1, true)[1]];
          }
        }
      },
      axes: [xAxis(t), yAxis],
      series: series,
      hooks: { draw: [function (u) { drawMarkers(u, chart, t); }] }
    };
  }

  /** The legend's swatch drawn like its line: solid, dashed or dotted. */
  function legendDash(u, seriesIdx) {
    var dash = u.series[seriesIdx].dash;
    if (!dash || dash.length === 0) return 'solid';
    return dash[0] > 3 ? 'dashed' : 'dotted';
  }

  function stateAt(lane, at) {
    for (var i = lane.segments.length - 1; i >= 0; i--) {
      if (lane.segments[i].from <= at) return lane.segments[i].state;
    }
    return lane.segments.length > 0 ? lane.segments[0].state : 'no data';
  }

  function stateMark(state) {
    return state === 'ALARM' ? '✗ ALARM' : state === 'OK' ? '✓ OK' : '? ' + state;
  }

  function laneData(chart) {
    var span = spec.domain[1] - spec.domain[0];
    var step = Math.max(1, Math.ceil(span / 1500));
    var xs = [];
    for (var at = spec.domain[0]; at < spec.domain[1]; at += step) xs.push(at);
    xs.push(spec.domain[1]);
    var count = chart.lanes.length;
    return [xs].concat(chart.lanes.map(function (lane, index) {
      return xs.map(function () { return count - 1 - index; });
    }));
  }

  function drawLanes(u, chart, t) {
    var ctx = u.ctx;
    var px = uPlot.pxRatio;
    var box = u.bbox;
    var count = chart.lanes.length;
    var laneHeight = box.height / count;
    ctx.save();
    ctx.textAlign = 'left';
    chart.lanes.forEach(function (lane, index) {
      var top = box.top + index * laneHeight;
      ctx.font = font(t, 12);
      ctx.fillStyle = t.text;
      ctx.textBaseline = 'top';
      ctx.fillText(lane.label, box.left + 2 * px, top + 4 * px);
      var bandTop = top + 20 * px;
      var bandHeight = Math.max(8 * px, laneHeight - 26 * px);
      lane.segments.forEach(function (segment) {
        var from = Math.max(box.left, u.valToPos(segment.from, 'x', true));
        var to = Math.min(box.left + box.width, u.valToPos(segment.to, 'x', true));
        if (to <= from) return;
        ctx.fillStyle = t.state[segment.state] || t.state.INSUFFICIENT_DATA;
        ctx.fillRect(from, bandTop, to - from, bandHeight);
        var text = segment.state;
        ctx.font = font(t, 11);
        if (ctx.measureText(text).width > to - from - 8 * px) text = segment.state === 'INSUFFICIENT_DATA' ? 'NO DATA' : text;
        if (ctx.measureText(text).width > to - from - 8 * px) return;
        ctx.fillStyle = t.stateText[segment.state] || t.text;
        ctx.textBaseline = 'middle';
        ctx.fillText(text, from + 6 * px, bandTop + bandHeight / 2);
      });
    });
    ctx.restore();
    drawMarkers(u, chart, t);
  }

  function laneOptions(chart, t, width) {
    var count = chart.lanes.length;
    var series = [timeSeries()].concat(chart.lanes.map(function (lane) {
      return {
        label: lane.label,
        stroke: t.text,
        width: 0,
        paths: function () { return null; },
        points: { show: false },
        value: function (u, value, seriesIdx, idx) {
          if (idx === null || idx === undefined) return '–';
          var at = cursorAt(u);
          return stateMark(stateAt(lane, at === null ? u.data[0][idx] : at));
        }
      };
    }));
    return {
      width: width,
      height: count * 58 + 56,
      padding: [4, 28, null, null],
      cursor: { sync: { key: 'shiftguard' }, y: false, drag: { x: false, y: false, setScale: false }, points: { show: false } },
      legend: { live: true },
      scales: { x: { time: false, range: [spec.domain[0], spec.domain[1]] }, y: { range: [-0.5, count - 0.5] } },
      axes: [xAxis(t), {
        size: AXIS_WIDTH,
        splits: function () { return []; },
        values: function () { return []; },
        grid: { show: false },
        ticks: { show: false }
      }],
      series: series,
      hooks: { draw: [function (u) { drawLanes(u, chart, t); }] }
    };
  }

  function widthOf(figure) {
    var plot = figure.querySelector('.chart-plot');
    var width = Math.floor(plot.getBoundingClientRect().width);
    return printing ? Math.min(width, PRINT_WIDTH) : Math.max(width, 200);
  }

  function draw() {
    plots.forEach(function (entry) { entry.plot.destroy(); });
    plots = [];
    var t = theme();
    figures.forEach(function (figure) {
      var chart = byId[figure.getAttribute('data-chart')];
      if (!chart) return;
      var target = figure.querySelector('.chart-plot');
      try {
        target.textContent = '';
        var width = widthOf(figure);
        var plot = chart.kind === 'lanes'
          ? new uPlot(laneOptions(chart, t, width), laneData(chart), target)
          : new uPlot(lineOptions(chart, t, width), [chart.x].concat(chart.series.map(function (s) { return s.values; })), target);
        plots.push({ figure: figure, plot: plot, width: width });
        figure.setAttribute('data-drawn', 'true');
      } catch (error) {
        fail(figure, String(error && error.message || error));
        if (window.console) console.error('shiftguard report: chart ' + chart.id + ' failed', error);
      }
    });
    root.setAttribute('data-charts', 'drawn');
  }

  function resize() {
    plots.forEach(function (entry) {
      var width = widthOf(entry.figure);
      if (width !== entry.width) {
        entry.width = width;
        entry.plot.setSize({ width: width, height: entry.plot.height });
      }
    });
  }

  // Print takes the light colours and a page-wide size before the page is laid out for paper.
  function startPrint() {
    if (printing) return;
    printing = true;
    root.setAttribute('data-printing', '');
    Array.prototype.forEach.call(document.querySelectorAll('details[data-print-open]:not([open])'), function (details) {
      details.setAttribute('open', '');
      details.setAttribute('data-opened-for-print', '');
    });
    draw();
  }

  function endPrint() {
    if (!printing) return;
    printing = false;
    root.removeAttribute('data-printing');
    Array.prototype.forEach.call(document.querySelectorAll('details[data-opened-for-print]'), function (details) {
      details.removeAttribute('open');
      details.removeAttribute('data-opened-for-print');
    });
    draw();
  }

  function watch(query, change) {
    var list = window.matchMedia(query);
    if (list.addEventListener) list.addEventListener('change', change);
    else if (list.addListener) list.addListener(change);
  }

  draw();
  if (typeof ResizeObserver === 'function') {
    var pending = 0;
    var observer = new ResizeObserver(function () {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(resize);
    });
    figures.forEach(function (figure) { observer.observe(figure); });
  } else {
    window.addEventListener('resize', resize);
  }
  watch('(prefers-color-scheme: dark)', function () { if (!printing) draw(); });
  watch('print', function (event) { if (event.matches) startPrint(); else endPrint(); });
  window.addEventListener('beforeprint', startPrint);
  window.addEventListener('afterprint', endPrint);
})();
`;
