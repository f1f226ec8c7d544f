/* Stadtkarte Integration: filters for the directory list.
 * Without JavaScript the whole list is shown. With it, the filter form appears; its state is
 * kept in the URL (?kategorie=beratung&sprache=ar) so a view can be shared or linked, and the
 * number of results is announced to screen readers. No text is hard-coded: it comes from the page.
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-sk-filter]");
  if (!form) return;
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-sk-item]"));
  var status = document.getElementById("sk-status");
  var names = ["typ", "kategorie", "art", "thema", "sprache", "zielgruppe", "kommune", "rollstuhl", "kostenlos", "suche"];

  function fold(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ß/g, "ss");
  }
  var texts = items.map(function (item) { return fold(item.textContent); });

  function state() {
    var chosen = {};
    names.forEach(function (name) {
      var field = form.elements[name];
      if (!field) return;
      var value = field.type === "checkbox" ? (field.checked ? field.value : "") : field.value.trim();
      if (value) chosen[name] = value;
    });
    return chosen;
  }

  function matches(item, index, chosen) {
    for (var name in chosen) {
      if (name === "suche") {
        var words = fold(chosen.suche).split(/\s+/).filter(Boolean);
        for (var w = 0; w < words.length; w++) if (texts[index].indexOf(words[w]) < 0) return false;
      } else if ((item.getAttribute("data-" + name) || "").split(" ").indexOf(chosen[name]) < 0) {
        return false;
      }
    }
    return true;
  }

  function apply(updateUrl) {
    var chosen = state();
    var shown = 0;
    items.forEach(function (item, index) {
      var ok = matches(item, index, chosen);
      item.hidden = !ok;
      if (ok) shown++;
    });
    var template = shown ? form.getAttribute("data-sk-status") : form.getAttribute("data-sk-status-none");
    status.textContent = template.replace("{shown}", shown).replace("{total}", items.length);
    followMap(chosen);
    if (updateUrl) {
      var query = new URLSearchParams(chosen).toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  var frame = document.querySelector("[data-sk-map]");
  var frameTimer = null;
  function followMap(chosen) {
    // the map beside the list shows the same selection (its own parameters are a subset)
    if (!frame) return;
    var params = new URLSearchParams();
    ["kategorie", "kommune", "sprache", "zielgruppe", "art", "suche"].forEach(function (name) {
      if (chosen[name]) params.set(name, chosen[name]);
    });
    var src = frame.getAttribute("data-sk-map") + (params.toString() ? "?" + params.toString() : "");
    clearTimeout(frameTimer);
    frameTimer = setTimeout(function () { if (frame.getAttribute("src") !== src) frame.setAttribute("src", src); }, 400);
  }

  function read() {
    var query = new URLSearchParams(location.search);
    names.forEach(function (name) {
      var field = form.elements[name];
      if (!field || !query.has(name)) return;
      if (field.type === "checkbox") field.checked = query.get(name) === field.value;
      else field.value = query.get(name);
    });
  }

  form.hidden = false;
  read();
  apply(false);
  form.addEventListener("input", function () { apply(true); });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
})();
