/* Stadtkarte Integration: builds the iframe snippet for embedding the map on another site.
 * The address of the map is taken from this page's own location, so the snippet is right
 * wherever the site is published. Texts come from the page (data attributes). */
(function () {
  "use strict";
  var form = document.querySelector("[data-sk-embed]");
  if (!form) return;
  var code = document.getElementById("sk-embed-code");
  var preview = document.querySelector("[data-sk-preview]");
  // the map's filters (filter.js: FACETS, several values each, comma-joined), then its switches
  var facets = ["typ", "kategorie", "art", "thema", "sprache", "zielgruppe", "kommune", "rollstuhl", "kostenlos",
                "pinnwand", "zeit", "abends"];
  var switches = ["gesperrt", "einwilligung"];

  function escapeAttr(text) {
    return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function ticked(name) {
    return Array.prototype.filter.call(form.querySelectorAll("input[type=checkbox][name='" + name + "']"),
                                       function (box) { return box.checked; });
  }

  // the iframe's name for screen readers: the chosen filters only ("Karte: Beratung, Arabisch – …"),
  // never the map's language, height or switches; an option's name without its count and the
  // language's own name ("Arabisch (3) – العربية": "Arabisch")
  function title() {
    var chosen = [];
    facets.forEach(function (name) {
      ticked(name).forEach(function (box) {
        var label = box.parentNode.querySelector("[data-sk-label]");
        chosen.push(label.getAttribute("data-sk-label").replace(/\s*\(\d+\)(\s+–\s+.*)?$/, ""));
      });
    });
    if (!chosen.length) return form.getAttribute("data-sk-title");
    var filters = chosen.join(", ");
    return form.getAttribute("data-sk-title-filtered").replace("{filters}", function () { return filters; });
  }

  function update() {
    var params = new URLSearchParams();
    facets.concat(switches).forEach(function (name) {
      var values = ticked(name).map(function (box) { return box.value; });
      if (values.length) params.set(name, values.join(","));
    });
    var query = params.toString().replace(/%2C/g, ",");
    // the map in the chosen language: the way to that language's karte/ (the page's own: "../")
    var base = form.elements.kartensprache ? form.elements.kartensprache.value : "../";
    var relative = base + "embed.html" + (query ? "?" + query : "");
    var absolute = new URL(relative, location.href).href;
    var height = Math.max(250, Math.min(1200, parseInt(form.elements.hoehe.value, 10) || 500));
    code.value = '<iframe src="' + escapeAttr(absolute) + '" title="' + escapeAttr(title()) +
      '" width="100%" height="' + height + '" loading="lazy" allow="geolocation; fullscreen" style="border:0"></iframe>';
    if (preview.getAttribute("src") !== relative) preview.setAttribute("src", relative);
    preview.style.height = height + "px";
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  document.querySelector("[data-sk-copy]").addEventListener("click", function () {
    code.select();
    var done = document.querySelector("[data-sk-copied]");
    (navigator.clipboard ? navigator.clipboard.writeText(code.value) : Promise.reject()).then(
      function () { done.textContent = done.getAttribute("data-sk-text"); },
      function () { document.execCommand("copy"); done.textContent = done.getAttribute("data-sk-text"); }
    );
  });
  update();
})();
