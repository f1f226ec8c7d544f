/* Stadtkarte Integration: builds the iframe snippet for embedding the map on another site.
 * The address of the map is taken from this page's own location, so the snippet is right
 * wherever the site is published. Texts come from the page (data attributes). */
(function () {
  "use strict";
  var form = document.querySelector("[data-sk-embed]");
  if (!form) return;
  var code = document.getElementById("sk-embed-code");
  var preview = document.querySelector("[data-sk-preview]");
  var names = ["kategorie", "kommune", "sprache", "zielgruppe", "art", "pinnwand", "gesperrt", "einwilligung"];

  function escapeAttr(text) {
    return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // the iframe's name for screen readers: the site and the chosen filters ("Karte: Beratung – …")
  function title() {
    var chosen = [];
    form.querySelectorAll("select").forEach(function (select) {
      if (select.value) chosen.push(select.options[select.selectedIndex].text.replace(/\s*\(\d+\)$/, ""));
    });
    if (form.elements.pinnwand.checked) chosen.push(form.getAttribute("data-sk-board"));
    if (!chosen.length) return form.getAttribute("data-sk-title");
    var filters = chosen.join(", ");
    return form.getAttribute("data-sk-title-filtered").replace("{filters}", function () { return filters; });
  }

  function update() {
    var params = new URLSearchParams();
    names.forEach(function (name) {
      var field = form.elements[name];
      if (!field) return;
      var value = field.type === "checkbox" ? (field.checked ? field.value : "") : field.value;
      if (value) params.set(name, value);
    });
    var query = params.toString();
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
