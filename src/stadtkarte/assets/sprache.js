/* Stadtkarte Integration: the language switch (stadtkarte.chrome) remembers the
 * chosen language (localStorage); on the start page of the main language a remembered other
 * language is offered as a link to its start page – never a redirect. Switching keeps the
 * address's query (search, filters) and fragment. No text lives here: the offered link is the
 * switch's own link (the language's name in its own script). */
(function () {
  "use strict";
  var KEY = "stadtkarte:sprache";
  // the page's versions in the head get their rel back (theme/main.html took it so that Material's
  // script, which looks for them when the theme's document$ gives it the page, fetches no
  // sitemap.xml below each): after the theme has looked, as its own later subscriber
  function showAlternates() {
    var alternates = document.querySelectorAll("link[data-sk-alternate]");
    for (var a = 0; a < alternates.length; a++) alternates[a].rel = "alternate";
  }
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(showAlternates);
  else showAlternates();
  var choice = document.querySelector("[data-sk-language-switch]");
  if (!choice) return;

  function remembered() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }

  // the same page in another language keeps the search and the filters (?kategorie=…&suche=…)
  // and the place on the page: the switch's links get the address's query and fragment when
  // the page is shown and again when one is used (the directory's filters change the address
  // as they are set); each keeps its own address in data-sk-language-href
  function carry(link) {
    var own = link.getAttribute("data-sk-language-href");
    if (own === null) {
      own = link.getAttribute("href");
      link.setAttribute("data-sk-language-href", own);
    }
    link.setAttribute("href", own.split(/[?#]/)[0] + location.search + location.hash);
  }
  var switchLinks = choice.querySelectorAll("[data-sk-language-link]");
  for (var s = 0; s < switchLinks.length; s++) carry(switchLinks[s]);
  function used(event) {
    var link = event.target.closest ? event.target.closest("[data-sk-language-link]") : null;
    if (link) carry(link);
    return link;
  }
  ["auxclick", "contextmenu", "focusin", "pointerdown"].forEach(function (type) { choice.addEventListener(type, used); });

  choice.addEventListener("click", function (event) {
    var link = used(event);
    if (!link) return;
    try { localStorage.setItem(KEY, link.getAttribute("data-sk-language-link")); } catch (e) { /* private mode */ }
  });

  var offer = document.querySelector("[data-sk-language-offer]");
  if (!offer) return;  // only the start page offers; elsewhere the storage is not even opened (costly at first use)
  var wanted = remembered();
  if (!wanted || wanted === choice.getAttribute("data-sk-language")) return;
  var links = choice.querySelectorAll("[data-sk-language-link]");
  for (var i = 0; i < links.length; i++) {
    if (links[i].getAttribute("data-sk-language-link") !== wanted) continue;
    var link = document.createElement("a");
    link.href = links[i].href;
    link.hreflang = wanted;
    link.lang = wanted;
    link.dir = links[i].getAttribute("dir") || "auto";
    link.textContent = links[i].textContent.trim();
    link.setAttribute("data-sk-language-link", wanted);
    link.addEventListener("click", function () {
      try { localStorage.setItem(KEY, wanted); } catch (e) { /* private mode */ }
    });
    offer.appendChild(link);
    offer.hidden = false;
    return;
  }
})();
