// Dashboard charts: data from the page's <script type="application/json" id="chart-data">.
// ECharts' own aria option is left off: it would overwrite the container's aria-label
// (web/_chart.html names the chart in the page's language; its data table follows it).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var fmt = function (v, decimals) { return window.steercoNumber(v, data.format, decimals); };
    var charts = [];
    // layout(el), if given, returns the options that depend on the chart's width; they are
    // set again when the window is resized.
    function init(id, option, layout) {
      var el = document.getElementById(id);
      if (!el) return;
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      if (layout) chart.setOption(layout(el));
      charts.push({ chart: chart, el: el, layout: layout });
    }
    var status = data.status.filter(function (s) { return s.value > 0; });
    var counts = {};
    status.forEach(function (s) { counts[s.name] = s.value; });
    // The donut's layout for the width it has: on a narrow card (a phone) the counts move
    // from labels round the ring, which ran into the legend, into the legend itself, and
    // the ring sits in the space above the legend (issue 15, item 13).
    function statusLayout(el) {
      var narrow = el.clientWidth < 380;
      return {
        legend: narrow
          ? { bottom: 0, left: "center", itemGap: 6, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 },
              formatter: function (name) { return name + ": " + fmt(counts[name], 0); } }
          : { bottom: 0, left: "center", itemGap: 10, itemWidth: 25, itemHeight: 14, textStyle: { fontSize: 12 },
              formatter: "{name}" },
        series: [{
          radius: narrow ? ["36%", "60%"] : ["40%", "68%"], center: ["50%", narrow ? "38%" : "42%"],
          label: { show: !narrow }, labelLine: { show: !narrow }
        }]
      };
    }
    init("chart-status", {
      tooltip: { trigger: "item", valueFormatter: function (v) { return fmt(v, 0); } },
      legend: { bottom: 0, type: "plain" },
      title: status.length ? undefined : { text: data.empty, left: "center", top: "middle" },
      series: [{
        type: "pie", radius: ["40%", "68%"], center: ["50%", "42%"], avoidLabelOverlap: true,
        label: { formatter: function (p) { return fmt(p.value, 0); } },
        data: status.map(function (s) { return { name: s.name, value: s.value, itemStyle: { color: s.colour } }; })
      }]
    }, statusLayout);
    init("chart-directives", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: function (v) { return fmt(v, 0); } },
      grid: { left: 8, right: 8, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: "value", minInterval: 1, axisLabel: { formatter: function (v) { return fmt(v, 0); } } },
      yAxis: { type: "category", data: data.directives.symbols, inverse: true,
               axisLabel: { interval: 0, width: 130, overflow: "truncate", fontSize: 10 } },
      series: data.directives.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "all", barMaxWidth: 28, data: s.values, itemStyle: { color: s.colour } };
      })
    });
    init("chart-trend", {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : fmt(v, 1) + "%"; } },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.trend.labels, axisLabel: { rotate: 30, fontSize: 10 } },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: function (v) { return fmt(v) + "%"; } } },
      series: [{ name: data.trend.name, type: "line", data: data.trend.values, connectNulls: true,
                 itemStyle: { color: "#198754" }, areaStyle: { opacity: 0.1 }, label: { show: true, formatter: function (p) { return data.trend.texts[p.dataIndex]; }, fontSize: 10 } }]
    });
    if (data.money) {
      // Amounts are integers in đồng; the tooltips show the page's texts, the axis billions.
      var money = data.money;
      init("chart-money", {
        tooltip: { trigger: "axis", formatter: function (items) {
          return items.map(function (p) {
            return p.marker + p.seriesName + ": " + money.series[p.seriesIndex].texts[p.dataIndex];
          }).join("<br>");
        } },
        legend: { bottom: 0 },
        grid: { left: 8, right: 16, top: 16, bottom: 32, containLabel: true },
        xAxis: { type: "category", data: money.labels, axisLabel: { fontSize: 10 } },
        yAxis: { type: "value", name: money.unit, axisLabel: { formatter: function (v) { return fmt(v / 1e9, 0); } } },
        series: money.series.map(function (s) {
          return { name: s.name, type: "line", data: s.values, itemStyle: { color: s.colour },
                   lineStyle: s.key === "planned" ? { type: "dashed" } : undefined };
        })
      });
    }
    window.addEventListener("resize", function () {
      charts.forEach(function (c) {
        c.chart.resize();
        if (c.layout) c.chart.setOption(c.layout(c.el));
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
