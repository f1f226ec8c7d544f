/* Stadtkarte Integration: the directory list with filters (directory.html), on the shared
 * filter engine (filter.js) and the site search (suche.js).
 * Without JavaScript the whole list is shown (the form is hidden by a style in <noscript>). With
 * it, the form filters the list; its state is kept in the URL (?kategorie=beratung,bildung&sprache=ar) so a view can be shared or linked,
 * the map beside the list gets the same parameters, every option shows how many entries it
 * would give (0: disabled), a text query orders the list best first, and when nothing
 * matches the status names the filters to loosen. The number of results is announced to
 * screen readers. No text is hard-coded: it comes from the page.
 * No layout shift: with filters in the address the list is invisible (not removed) until they
 * are applied, and the map frame gets its address once, with those filters.
 * Near me ([data-sk-near]): a Stadtteil/PLZ (its centre is in the option) or, only after the
 * button is pressed, the visitor's position (kept in this page only) gives every card its
 * distance and the order "Nähe"; the time filters and "Nächster Termin" use the browser's clock.
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-sk-filter]");
  var engine = window.stadtkarteFilter;
  if (!form || !engine) return;
  var root = form.getAttribute("data-sk-root");
  // data-sk-fixed: facets that always apply unless the form chooses values of its own
  // (the Pinnwand lists only organisations with a post: pinnwand=sucht,bietet)
  var fixed = engine.parse(form.getAttribute("data-sk-fixed") || "");
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-sk-item]"));
  var byId = {};
  cards.forEach(function (card) { byId[card.getAttribute("data-sk-id")] = card; });
  var container = cards.length ? cards[0].parentNode : null;
  var status = document.getElementById("sk-status");
  var relaxList = document.getElementById("sk-relax");
  var text = form.elements.suche;
  var entries = null;
  var data = null;  // the data file (its list of accessibility words)
  var asked = 0;
  var near = form.querySelector("[data-sk-near]");
  var area = form.elements.nahe || null;
  var order = form.elements.sortierung || null;
  var here = null;  // the visitor's position, only after "Meinen Standort verwenden"
  var lang = document.documentElement.lang || "de";
  var timer = null;

  function boxes(name) {
    return Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][name='" + name + "']"));
  }

  function fromForm() {
    var chosen = {};
    engine.FACETS.forEach(function (name) {
      var values = boxes(name).filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      if (values.length) chosen[name] = values;
    });
    if (text.value.trim()) chosen.suche = text.value.trim();
    if (area && area.value) chosen.nahe = area.value;
    if (order && order.value) chosen.sortierung = order.value;
    return chosen;
  }

  /* the chosen point: the visitor's position or the centre of the chosen area */
  function position(chosen) {
    if (chosen.nahe === "hier") return here;
    var option = area && chosen.nahe ? area.querySelector("option[value='" + CSS.escape(chosen.nahe) + "']") : null;
    if (!option || !option.hasAttribute("data-sk-lat")) return null;
    return { lat: Number(option.getAttribute("data-sk-lat")), lon: Number(option.getAttribute("data-sk-lon")) };
  }

  function nearStatus(message) {
    var box = near && near.querySelector("[data-sk-near-status]");
    if (box) { box.textContent = message || ""; box.hidden = !message; }
  }

  function toForm(chosen) {
    engine.FACETS.forEach(function (name) {
      boxes(name).forEach(function (b) { b.checked = (chosen[name] || []).indexOf(b.value) >= 0; });
    });
    text.value = chosen.suche || "";
    if (area) area.value = chosen.nahe && area.querySelector("option[value='" + CSS.escape(chosen.nahe) + "']") ? chosen.nahe : "";
    if (order) order.value = chosen.sortierung || "";
  }

  function facetName(name) {
    if (name === "suche") return form.querySelector("label[for='" + text.id + "']").textContent;
    return form.querySelector("[data-sk-facet='" + name + "'] legend").textContent;
  }

  // a text in the number's plural form: the page gives one per category (data-sk-relax-one, -other …)
  function plural(attribute, count) {
    var category = new Intl.PluralRules(document.documentElement.lang || "de").select(count);
    return form.getAttribute(attribute + "-" + category) || form.getAttribute(attribute + "-other");
  }

  function show(result, chosen) {
    var shown = {};
    result.shown.forEach(function (entry) { shown[entry.id] = true; });
    cards.forEach(function (card) {
      var hide = !shown[card.getAttribute("data-sk-id")];
      if (card.hidden !== hide) card.hidden = hide;
    });
    if (container) {
      // a text query lists the best matches first, a chosen order ("Nähe", "Nächster Termin")
      // goes by it; otherwise the page's own order
      var ordered = chosen.suche || result.sorted;
      var sequence = ordered ? result.shown.map(function (e) { return byId[e.id]; }).filter(Boolean) : cards;
      if (ordered) sequence = sequence.concat(cards.filter(function (card) { return card.hidden; }));
      arrange(sequence);
    }
    showDistances(result, chosen);
    engine.FACETS.forEach(function (name) {
      boxes(name).forEach(function (box) {
        var n = result.counts[name][box.value] || 0;
        var label = box.parentNode.querySelector("[data-sk-label]");
        var count = label.getAttribute("data-sk-label").replace(/\(\d+\)/, "(" + n + ")");
        if (label.textContent !== count) label.textContent = count;  // unchanged text: no new layout
        box.disabled = n === 0 && !box.checked;
        box.parentNode.classList.toggle("sk-option-empty", n === 0);
      });
    });
    var template = result.shown.length ? form.getAttribute("data-sk-status") : form.getAttribute("data-sk-status-none");
    status.textContent = template.replace("{shown}", result.shown.length).replace("{total}", cards.length) +
      (result.searchFailed ? " " + form.getAttribute("data-sk-search-failed") : "");
    relaxList.textContent = "";
    relaxList.hidden = result.shown.length > 0;
    if (result.shown.length) return;
    Object.keys(result.relax).filter(function (name) { return result.relax[name] > 0 && !fixed[name]; })
      .sort(function (a, b) { return result.relax[b] - result.relax[a]; })
      .forEach(function (name) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button";
        button.setAttribute("data-sk-relax-facet", name);
        button.textContent = plural("data-sk-relax", result.relax[name])
          .replace("{filter}", facetName(name)).replace("{count}", result.relax[name]);
        button.addEventListener("click", function () {
          if (name === "suche") text.value = "";
          else boxes(name).forEach(function (b) { b.checked = false; });
          update(true);
          status.focus();
        });
        item.appendChild(button);
        relaxList.appendChild(item);
      });
  }

  /* the cards in this order, moving only those out of place: a list already in order (the page's
     own, at the start) is left untouched, so the browser lays out and paints nothing again */
  function arrange(sequence) {
    var place = container.firstElementChild;
    sequence.forEach(function (card) {
      if (card === place) place = place.nextElementSibling;
      else container.insertBefore(card, place);
    });
  }

  /* "1,2 km" on every card with a place ("ca. 1,2 km" for a protected place's area) */
  function showDistances(result, chosen) {
    var known = {};
    entries.forEach(function (entry) { known[entry.id] = entry; });
    var texts = container && container.hasAttribute("data-sk-zeit-texts") ? JSON.parse(container.getAttribute("data-sk-zeit-texts")) : null;
    cards.forEach(function (card) {
      var slot = card.querySelector("[data-sk-distance]");
      if (!slot) return;
      var entry = known[card.getAttribute("data-sk-id")];
      var km = entry ? entry.distance : null;
      if (slot.hidden !== (km === null)) slot.hidden = km === null;
      if (km === null) { if (slot.firstChild) slot.textContent = ""; return; }
      var value = window.stadtkarteNaehe.format(km, lang);
      slot.textContent = " · " + (entry.point.approx && texts ? texts.about.replace("{distance}", value) : value);
    });
    if (near) nearStatus(chosen.sortierung === "naehe" && !position(chosen) ? near.getAttribute("data-sk-needs-place") : "");
  }

  var frame = document.querySelector("[data-sk-map]");
  var frameTimer = null;
  function mapAddress(chosen) {
    var query = engine.query(chosen);
    return frame.getAttribute("data-sk-map") + (query ? "?" + query : "");
  }
  function followMap(chosen) {
    // the map beside the list gets the same parameters, so it shows the same entries
    if (!frame) return;
    var src = mapAddress(chosen);
    clearTimeout(frameTimer);
    frameTimer = setTimeout(function () { if (frame.getAttribute("src") !== src) frame.setAttribute("src", src); }, 400);
  }

  /* typing: the text is left as it is (apply still reads accessibility words in it as the
     * wheelchair filter); otherwise the form shows that filter ticked instead of the words */
  function update(updateUrl, typing) {
    if (!entries) return;
    var chosen = fromForm();
    var rewrite = false;
    if (!typing) {
      var plain = engine.accessWords(chosen, data.access);
      if (plain !== chosen) { chosen = plain; toForm(chosen); rewrite = true; }
    }
    var number = ++asked;
    var applied = {};
    Object.keys(fixed).concat(Object.keys(chosen)).forEach(function (name) { applied[name] = chosen[name] || fixed[name]; });
    engine.apply(root, entries, applied, { position: position(chosen) }).then(function (result) {
      if (number !== asked) return;
      show(result, chosen);
      if (container) container.classList.remove("sk-pending");
      form.setAttribute("data-sk-ready", "");
      if (updateUrl || rewrite) {
        var query = engine.query(chosen);
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    });
    if (updateUrl) followMap(chosen);  // the first time, the frame has the address already
  }

  if (near) {
    // choosing a place orders the list by distance, unless another order was chosen
    if (area) area.addEventListener("change", function () { if (area.value && order && !order.value) order.value = "naehe"; });
    var locate = near.querySelector("[data-sk-locate]");
    if (locate) {
      locate.hidden = !navigator.geolocation;
      locate.addEventListener("click", function () {
        nearStatus(near.getAttribute("data-sk-locating"));
        navigator.geolocation.getCurrentPosition(function (found) {
          here = { lat: found.coords.latitude, lon: found.coords.longitude };
          var mine = area.querySelector("option[value='hier']");
          if (!mine) {
            mine = document.createElement("option");
            mine.value = "hier";
            mine.textContent = near.getAttribute("data-sk-here-option");
            area.insertBefore(mine, area.options[0].nextSibling);  // after "– bitte wählen –", before the groups
          }
          area.value = "hier";
          if (order && !order.value) order.value = "naehe";
          nearStatus("");
          update(true);
        }, function () {
          nearStatus(near.getAttribute("data-sk-failed"));
        }, { maximumAge: 300000, timeout: 15000 });
      });
    }
  }

  status.setAttribute("tabindex", "-1");
  var start = engine.parse(location.search);
  toForm(start);
  if (frame) frame.setAttribute("src", mapAddress(start));  // once, with the filters of the address
  // the list in its final order and selection, or not at all (no entries jumping up)
  if (container && Object.keys(start).length) container.classList.add("sk-pending");
  engine.details(root).catch(function () {});  // the schedules, to count the time options: beside the entries
  engine.load(root).then(function (loaded) {
    entries = loaded.entries;
    data = loaded.data;
    update(false);
  }, function () { if (container) container.classList.remove("sk-pending"); });
  form.addEventListener("change", function (event) { if (event.target !== text) update(true); });
  text.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { update(true, true); }, 150); });
  form.addEventListener("submit", function (event) { event.preventDefault(); update(true); });
  form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
})();
