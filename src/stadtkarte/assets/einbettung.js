/* Stadtkarte Integration: the map document (karte/embed.html) names the filters it was opened
 * with (URL parameters kategorie, kommune, sprache, zielgruppe, art, pinnwand; comma-separated values) in
 * its title, its hidden h1 and its description. The names come from the document
 * (#sk-embed-texts, written by maps.py); values it does not know are left out. */
(function () {
  "use strict";
  function apply() {
    var element = document.getElementById("sk-embed-texts");
    if (!element) return;
    var texts = JSON.parse(element.textContent);
    var query = new URLSearchParams(location.search);
    var chosen = [];
    Object.keys(texts.names).forEach(function (param) {
      (query.get(param) || "").split(",").forEach(function (value) {
        var name = texts.names[param][value.trim()];
        if (name && chosen.indexOf(name) < 0) chosen.push(name);
      });
    });
    if (!chosen.length) return;
    var filters = chosen.join(", ");
    document.title = texts.title.replace("{filters}", function () { return filters; });
    var heading = document.querySelector("main h1");
    if (heading) heading.textContent = document.title;
    var description = document.querySelector('meta[name="description"]');
    if (description) description.setAttribute("content", texts.description.replace("{filters}", function () { return filters; }));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", apply);
  else apply();
})();
