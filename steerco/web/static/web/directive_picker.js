// The directive picker (steerco/web/directive_picker.py): as the user types in an input
// marked data-directive-picker, ask the server for the directives they may open matching
// it and offer them in the input's <datalist> (value: the symbol; label: the title).
// Without this script the field still takes a symbol typed in.
(function () {
  "use strict";
  var timers = new WeakMap();
  var asked = new WeakMap();

  function fill(input, results) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    while (list.firstChild) list.removeChild(list.firstChild);
    results.forEach(function (d) {
      var option = document.createElement("option");
      option.value = d.symbol;
      option.textContent = d.title;
      list.appendChild(option);
    });
  }

  function search(input) {
    var text = input.value.trim();
    if (!text || asked.get(input) === text) return;
    asked.set(input, text);
    var url = input.dataset.directivePicker + "?q=" + encodeURIComponent(text);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        if (input.value.trim() === text) fill(input, data.results || []);
      })
      .catch(function () { /* the field still takes a typed symbol */ });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-directive-picker]")) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () { search(input); }, 150));
  });
})();
