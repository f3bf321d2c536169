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
    function init(id, option) {
      var el = document.getElementById(id);
      if (!el) return;
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option);
      charts.push(chart);
    }
    var status = data.status.filter(function (s) { return s.value > 0; });
    init("chart-status", {
      tooltip: { trigger: "item", valueFormatter: function (v) { return fmt(v, 0); } },
      legend: { bottom: 0, type: "plain" },
      title: status.length ? undefined : { text: data.empty, left: "center", top: "middle" },
      series: [{
        type: "pie", radius: ["40%", "68%"], center: ["50%", "42%"], avoidLabelOverlap: true,
        label: { formatter: function (p) { return fmt(p.value, 0); } },
        data: status.map(function (s) { return { name: s.name, value: s.value, itemStyle: { color: s.colour } }; })
      }]
    });
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
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
