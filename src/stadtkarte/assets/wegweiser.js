/* Stadtkarte Integration: the Wegweiser documents. Shows the toolbar (print, A4 / A5), and
 * switches to A5 (folded) with ?format=a5. Without JavaScript the document prints in A4. */
(function () {
  "use strict";
  var root = document.documentElement;
  if (new URLSearchParams(location.search).get("format") === "a5") root.classList.add("sk-wg-a5");
  var bar = document.querySelector("[data-sk-wg-toolbar]");
  if (!bar) return;
  bar.hidden = false;
  bar.querySelector("[data-sk-wg-print]").addEventListener("click", function () { window.print(); });
  var current = root.classList.contains("sk-wg-a5") ? "a5" : "a4";
  bar.querySelector('[data-sk-wg-format="' + current + '"]').setAttribute("aria-current", "true");
})();
