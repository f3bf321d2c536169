// An indicator's history: data from the page's <script type="application/json" id="indicator-chart-data">.
// ECharts' own aria option is left off: it would overwrite the container's aria-label
// (web/_chart.html names the chart in the page's language; its data table follows it).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("indicator-chart-data");
    var el = document.getElementById("chart-indicator");
    if (!source || !el || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var fmt = function (v) { return window.steercoNumber(v, data.format); };
    var chart = window.echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : fmt(v) + (data.unit ? " " + data.unit : ""); } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 16, bottom: 32, containLabel: true },
      xAxis: { type: "category", data: data.labels, axisLabel: { rotate: 30, fontSize: 10 } },
      yAxis: { type: "value", scale: true, axisLabel: { formatter: function (v) { return fmt(v); } } },
      series: [
        { name: data.value_name, type: "bar", data: data.values, barMaxWidth: 28, itemStyle: { color: "#0d6efd" } },
        { name: data.expected_name, type: "line", data: data.expected, connectNulls: true,
          lineStyle: { type: "dashed" }, itemStyle: { color: "#dc3545" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
