/* Stadtkarte Integration: the layout of the list of results (directory.html), beside the filter
 * logic of verzeichnis.js:
 *   - "Filter (n)": the number of chosen filters; the button opens the filters as a modal dialog
 *     (a sheet on a phone; on /karte/ at every width). The filters move into the dialog while it
 *     is open and back when it closes; the dialog shows the count, Escape or "Ergebnisse
 *     anzeigen" closes it and the focus returns to the button.
 *   - the filter groups (<details>, one Tab stop each): collapsed in the side column, open where a
 *     value is chosen (from the address, too), all open in the dialog; "Zu den Ergebnissen" and
 *     the map's skip link land on the list.
 *   - /karte/ on a phone: "Karte | Liste" shows one of the two.
 *   - /karte/: hovering or focusing an entry of the list highlights its marker in the map frame
 *     (a message to the frame, same origin only; karte.js answers it).
 * Every text comes from the page (data-* attributes), none is written here.
 */
(function () {
  "use strict";
  var results = document.querySelector("[data-sk-layout]");
  var form = document.querySelector("[data-sk-filter]");
  if (!results || !form) return;
  var status = document.getElementById("sk-status");
  var facets = form.querySelector("[data-sk-facets]");
  var opener = form.querySelector("[data-sk-filter-open]");
  var sheet = form.querySelector("[data-sk-sheet]");
  var body = sheet && sheet.querySelector("[data-sk-sheet-body]");
  var count = sheet && sheet.querySelector("[data-sk-sheet-count]");

  /* the chosen filters: ticked boxes and radios and chosen options, the text search left out */
  function chosen() {
    var n = 0;
    Array.prototype.forEach.call(facets.querySelectorAll("input, select"), function (field) {
      if (field.type === "checkbox" || field.type === "radio") { if (field.checked && field.value !== "") n++; }
      else if (field.tagName === "SELECT" && field.value !== "") n++;
    });
    return n;
  }

  var groups = facets ? Array.prototype.slice.call(facets.querySelectorAll("details[data-sk-facet-group]")) : [];
  function picked(group) { return !!group.querySelector("input:checked"); }
  /* a group with a chosen value is open (a value chosen by the address or by a search word, too);
     one the visitor opened stays open */
  function openChosen() {
    groups.forEach(function (group) { if (picked(group) && !group.open) group.open = true; });
  }

  function refresh() {
    openChosen();
    var n = chosen();
    if (opener) {
      opener.textContent = n ? opener.getAttribute("data-sk-text").replace("{count}", n) : opener.getAttribute("data-sk-text-none");
    }
    if (count && status) count.textContent = status.textContent;
  }

  if (facets && opener && sheet && body && typeof sheet.showModal === "function") {
    var home = facets.nextSibling;  // where the filters stand outside the dialog
    var wasOpen = [];  // the groups open in the side column before the dialog opened every one
    opener.addEventListener("click", function () {
      wasOpen = groups.map(function (group) { return group.open; });
      groups.forEach(function (group) { group.open = true; });
      body.appendChild(facets);
      refresh();
      sheet.showModal();
    });
    Array.prototype.forEach.call(sheet.querySelectorAll("[data-sk-sheet-close]"), function (button) {
      button.addEventListener("click", function () { sheet.close(); });
    });
    sheet.addEventListener("close", function () {
      groups.forEach(function (group, i) { group.open = wasOpen[i] || picked(group); });
      form.insertBefore(facets, home);
      opener.focus();
    });
    // Tab and Shift+Tab stay inside the dialog (the page behind it is inert)
    sheet.addEventListener("keydown", function (event) {
      if (event.key !== "Tab") return;
      var focusable = Array.prototype.filter.call(
        sheet.querySelectorAll("button, input, select, textarea, a[href], [tabindex]:not([tabindex='-1'])"),
        function (el) { return !el.disabled && el.getClientRects().length > 0; });
      if (!focusable.length) return;
      var first = focusable[0], last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
      else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
    });
    // the side column came back (a wider window): the dialog is not needed
    window.addEventListener("resize", function () {
      if (sheet.open && opener.getClientRects().length === 0) sheet.close();
    });
  }
  if (facets) {
    form.addEventListener("change", refresh);
    form.addEventListener("reset", function () {
      setTimeout(function () { groups.forEach(function (group) { group.open = false; }); refresh(); }, 0);
    });
    // the count follows every update of the list (also "Ohne Filter X" buttons that untick boxes)
    if (status && window.MutationObserver) new MutationObserver(refresh).observe(status, { childList: true, characterData: true, subtree: true });
    refresh();
  }

  /* /karte/ on a phone: the map or the list */
  Array.prototype.forEach.call(results.querySelectorAll("[data-sk-view-button]"), function (button, i, all) {
    button.addEventListener("click", function () {
      results.setAttribute("data-sk-view", button.getAttribute("data-sk-view-button"));
      Array.prototype.forEach.call(all, function (other) { other.setAttribute("aria-pressed", String(other === button)); });
    });
  });

  /* a skip link to the list (on /karte/ "Karte überspringen, zur Liste"): on a phone the map view
     shows the list first, so the focus can land on it (the browser moves it there then) */
  Array.prototype.forEach.call(document.querySelectorAll("a[href='#sk-list']"), function (link) {
    link.addEventListener("click", function () {
      var target = document.getElementById("sk-list");
      var toList = results.querySelector("[data-sk-view-button=liste]");
      if (target && toList && target.getClientRects().length === 0) toList.click();
    });
  });

  /* /karte/: the entry under the pointer or the focus is highlighted on the map */
  var frame = results.querySelector("iframe[data-sk-map]");
  var list = document.getElementById("sk-list");
  if (!frame || !list) return;
  var origin = location.origin && location.origin !== "null" ? location.origin : "*";
  var current = null;
  function highlight(id) {
    if (id === current) return;
    current = id;
    if (frame.contentWindow) frame.contentWindow.postMessage({ stadtkarte: "highlight", id: id }, origin);
  }
  function cardOf(node) { return node && node.closest ? node.closest("[data-sk-item]") : null; }
  function enter(event) {
    var card = cardOf(event.target);
    if (card) highlight(card.getAttribute("data-sk-id"));
  }
  function leave(event) {
    var card = cardOf(event.target);
    if (card && !card.contains(event.relatedTarget)) highlight(null);
  }
  list.addEventListener("mouseover", enter);
  list.addEventListener("focusin", enter);
  list.addEventListener("mouseout", leave);
  list.addEventListener("focusout", leave);
  // a new map (other filters) starts without a highlight; the entry still under the pointer gets it again
  frame.addEventListener("load", function () { var id = current; current = null; if (id) highlight(id); });
})();
