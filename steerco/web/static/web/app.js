// steerco page behaviour. Loaded from our origin (CSP: no inline scripts).
(function () {
  "use strict";

  // A form marked "once" submits once: a double tap sends one request. (The server
  // also de-duplicates by the form's idempotency key.)
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("once")) return;
    if (form.dataset.sent === "1") { event.preventDefault(); return; }
    form.dataset.sent = "1";
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  }, true);

  // Sortable tables: click a header with data-sort="text" or "num".
  function sortTable(th) {
    var table = th.closest("table");
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.dataset.sort === "num";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[data-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index], y = b.cells[index];
      var vx = x.dataset.v !== undefined ? x.dataset.v : x.textContent.trim();
      var vy = y.dataset.v !== undefined ? y.dataset.v : y.textContent.trim();
      var r = numeric ? parseFloat(vx) - parseFloat(vy) : vx.localeCompare(vy, document.documentElement.lang);
      return ascending ? r : -r;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  document.addEventListener("click", function (event) {
    var th = event.target.closest && event.target.closest("table.sortable th[data-sort]");
    if (th) sortTable(th);
  });
  document.addEventListener("keydown", function (event) {
    var th = event.target.closest && event.target.closest("table.sortable th[data-sort]");
    if (th && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); sortTable(th); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.sortable th[data-sort]").forEach(function (th) { th.tabIndex = 0; });
  });

  // A table wider than the screen scrolls sideways in its .table-responsive box: the box
  // then takes the keyboard focus, so it can be scrolled without a mouse (WCAG 2.1.1), and
  // is a region named by the table's caption or the card's heading. Checked on load, on
  // resize and when a <details> (a chart's data table) opens.
  function scrollableRegions() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (box.hasAttribute("tabindex")) return;
        var named = box.querySelector("caption") ||
          (box.closest(".card-body") && box.closest(".card-body").querySelector("h2, h3"));
        box.setAttribute("tabindex", "0");
        box.dataset.scrolls = "1";
        if (named && named.textContent.trim()) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", named.textContent.trim());
        }
      } else if (box.dataset.scrolls) {
        ["tabindex", "role", "aria-label", "data-scrolls"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }
  window.addEventListener("load", scrollableRegions);
  window.addEventListener("resize", scrollableRegions);
  document.addEventListener("toggle", scrollableRegions, true);
})();
