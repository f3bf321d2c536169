// Numbers on charts as on the page: the separators of the page's language, given by the
// server (web/charts.py number_format, from lib.vietnamese.format_number): 6.165 and 86,7
// in Vietnamese, 6,165 and 86.7 in English. `decimals` fixed, or up to two as the value has.
(function (root) {
  "use strict";
  function formatNumber(value, format, decimals) {
    if (value === null || value === undefined || value === "" || isNaN(Number(value))) return "—";
    var n = Number(value);
    var text = decimals === undefined ? String(Math.round(n * 100) / 100) : n.toFixed(decimals);
    var parts = text.split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, format.group);
    return parts.length > 1 ? parts[0] + format.decimal + parts[1] : parts[0];
  }
  root.steercoNumber = formatNumber;
  if (typeof module !== "undefined" && module.exports) module.exports = formatNumber;
})(typeof window !== "undefined" ? window : this);
