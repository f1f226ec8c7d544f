/* Stadtkarte Integration: "Zurück zu den Ergebnissen" keeps the filters.
 * A list with filters (directory, map page, Pinnwand: [data-sk-filter]) remembers its address,
 * filters included (verzeichnis.js keeps them in the query string), when one of its results is
 * followed; an entry page's link [data-sk-back] then leads there. Without JavaScript, or when the
 * page was opened directly, the link leads to the whole directory (its href in the HTML). */
(function () {
  "use strict";
  var KEY = "stadtkarte-ergebnisse";

  if (document.querySelector("[data-sk-filter]")) {
    var remember = function (event) {
      var link = event.target.closest && event.target.closest("[data-sk-item] a[href]");
      if (!link) return;
      try { sessionStorage.setItem(KEY, location.href); } catch (e) { /* storage off: the plain link stays */ }
    };
    document.addEventListener("click", remember);
    document.addEventListener("auxclick", remember);  // a new tab copies this tab's sessionStorage
  }

  var back = document.querySelector("[data-sk-back]");
  if (!back) return;
  var saved = null;
  try { saved = sessionStorage.getItem(KEY); } catch (e) { return; }
  if (!saved) return;
  var url = new URL(saved, location.href);
  if (url.origin === location.origin) back.href = url.href;
})();
