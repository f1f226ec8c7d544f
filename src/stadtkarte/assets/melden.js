/* Stadtkarte Integration: "Fehler melden" opens a mail to the editors (built with the page's
 * address). Without site_url in mkdocs.yml the build knows only the path of the page; this puts
 * the address the visitor actually sees into the mail instead. Without JavaScript the path stays. */
(function () {
  "use strict";
  document.querySelectorAll("a[data-sk-report-mail][data-sk-page]").forEach(function (link) {
    var known = "%0A" + encodeURIComponent(link.getAttribute("data-sk-page-label") || "") +
      encodeURIComponent(link.getAttribute("data-sk-page")) + "%0A";
    var here = "%0A" + encodeURIComponent(link.getAttribute("data-sk-page-label") || "") +
      encodeURIComponent(location.origin + location.pathname) + "%0A";
    link.setAttribute("href", link.getAttribute("href").replace(known, here));
  });
})();
