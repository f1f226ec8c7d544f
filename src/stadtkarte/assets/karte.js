/* Stadtkarte Integration: the map client. Loads the entries once (the shared data file of
 * filter.js), clusters them, shows what the shared filter engine selects, and builds every
 * popup, tooltip and list item with DOM methods and textContent, so no text from the data is
 * ever interpreted as HTML.
 *
 * URL parameters: those of the directory (filter.js: typ, kategorie, art, thema, sprache,
 * zielgruppe, kommune, rollstuhl, kostenlos, several values each, and suche), so the list and
 * the map always show the same entries; eintrag (o/<slug>: one entry and its offers);
 * gesperrt=1 locks them (the legend can no longer switch categories); einwilligung=1 asks
 * before loading any map tile (two-click consent).
 */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* The data file holds compact rows (see maps.py: COLUMNS); turn them back into features. */
  function decode(data) {
    var col = {};
    data.columns.forEach(function (name, i) { col[name] = i; });
    var rows = data.entries;
    var features = rows.map(function (row) {
      var id = row[col.id];
      var kind = id.charAt(0);
      var org = row[col.org] === null ? null : rows[row[col.org]];
      var props = {
        t: row[col.title],
        u: (kind === "o" ? "organisationen/" : "angebote/") + id.slice(2) + "/",
        k: kind,
        c: row[col.cats].map(function (i) { return data.categories[i]; }),
        m: row[col.mun] >= 0 ? data.municipalities[row[col.mun]] : "online",
        s: row[col.langs] ? row[col.langs].split(",") : [],
        z: row[col.groups].map(function (i) { return data.groups[i]; }),
        a: row[col.kind] === null ? null : data.kinds[row[col.kind]],
        o: org ? org[col.title] : null,
        orgId: org ? org[col.id] : null,
        p: row[col.place] || (org ? org[col.place] : null),
        d: row[col.date],
        x: row[col.approx]
      };
      var geometry = row[col.lon] === null ? null : { type: "Point", coordinates: [row[col.lon], row[col.lat]] };
      return { id: id, geometry: geometry, properties: props };
    });
    return { features: features };
  }

  function start(map, opts) {
    // with two-click consent there is no tile layer yet to take maxZoom from; clustering needs it
    map.setMaxZoom(opts.maxZoom);
    var query = new URLSearchParams(location.search);
    var engine = window.stadtkarteFilter;
    var chosen = engine.parse(location.search);
    var only = query.get("eintrag");
    var selected = {};  // id → true for the entries the filter engine selects
    var locked = query.get("gesperrt") === "1";
    var hiddenCategories = {};
    var texts = opts.texts;
    var clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
    var areas = L.layerGroup();
    var entries = [];
    var status = el("p", "sk-map-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    function addTiles() {
      L.tileLayer(opts.tiles, { maxZoom: opts.maxZoom, attribution: opts.attribution }).addTo(map);
    }
    if (opts.consent || query.get("einwilligung") === "1") {
      var overlay = el("div", "sk-consent");
      overlay.appendChild(el("p", null, texts.consent_text));
      var load = el("button", "sk-button", texts.consent_button);
      load.type = "button";
      load.addEventListener("click", function () { overlay.remove(); addTiles(); });
      overlay.appendChild(load);
      map.getContainer().appendChild(overlay);
    } else {
      addTiles();
    }

    function popup(feature) {
      var p = feature.properties;
      var box = el("div", "sk-popup");
      box.appendChild(el("strong", null, p.t));
      var names = p.c.map(function (slug) { return (opts.categories[slug] || { name: slug }).name; });
      box.appendChild(el("p", "sk-popup-cats", names.join(" · ")));
      if (p.o) box.appendChild(el("p", null, texts.offer_by + " " + p.o));
      if (p.p) box.appendChild(el("p", null, p.p));
      if (p.x) box.appendChild(el("p", "sk-popup-note", texts.approximate));
      if (p.d) box.appendChild(el("p", null, p.d));
      var links = el("p", "sk-popup-links");
      var details = el("a", null, texts.details);
      details.href = opts.root + p.u;
      details.target = "_top";
      links.appendChild(details);
      if (!p.x && feature.geometry) {
        var route = el("a", null, texts.route);
        route.href = "https://www.openstreetmap.org/directions?route=%3B" + feature.geometry.coordinates[1] + "%2C" + feature.geometry.coordinates[0];
        route.rel = "noopener";
        route.target = "_blank";
        links.appendChild(document.createTextNode(" · "));
        links.appendChild(route);
      }
      box.appendChild(links);
      return box;
    }

    function pin(p) {
      var category = opts.categories[p.c[0]] || { colour: "#555", symbol: "?" };
      var span = el("span", "sk-pin" + (p.k === "a" ? " sk-pin-offer" : ""), category.symbol);
      span.style.setProperty("--sk-color", category.colour);
      return L.divIcon({ html: span, className: "sk-pin-wrap", iconSize: [30, 30], iconAnchor: [15, 15], popupAnchor: [0, -14] });
    }

    function build(collection) {
      var online = [];
      collection.features.forEach(function (feature) {
        var p = feature.properties;
        // no point: online only, or a protected place shown without point (only in the list)
        if (!feature.geometry) { if (!p.x) online.push(feature); return; }
        var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
        var layer;
        if (p.x) {
          var colour = (opts.categories[p.c[0]] || { colour: "#555" }).colour;
          layer = L.circle(latlng, { radius: 400, color: colour, weight: 2, dashArray: "4 4", fillOpacity: 0.15 });
        } else {
          layer = L.marker(latlng, { icon: pin(p), title: p.t, alt: p.t, keyboard: true });
        }
        layer.bindPopup(function () { return popup(feature); });
        layer.bindTooltip(el("span", null, p.t));
        entries.push({ feature: feature, layer: layer, area: !!p.x });
      });
      map.addLayer(clusters);
      map.addLayer(areas);
      addLegend();
      addOnline(online);
      apply(true);
    }

    function matches(feature) {
      if (only && only !== feature.id && only !== feature.properties.orgId) return false;
      return !!selected[feature.id];
    }

    function visible(entry) {
      var p = entry.feature.properties;
      if (!matches(entry.feature)) return false;
      return p.c.some(function (slug) { return !hiddenCategories[slug]; });
    }

    function apply(fit) {
      clusters.clearLayers();
      areas.clearLayers();
      var shown = entries.filter(visible);
      clusters.addLayers(shown.filter(function (e) { return !e.area; }).map(function (e) { return e.layer; }));
      shown.filter(function (e) { return e.area; }).forEach(function (e) { areas.addLayer(e.layer); });
      status.textContent = texts.shown.replace("{shown}", shown.length).replace("{total}", entries.length);
      if (fit && shown.length) {
        // an area counts with its whole extent, so a protected place is never cut off
        var bounds = L.latLngBounds([]);
        shown.forEach(function (e) { bounds.extend(e.area ? e.layer.getLatLng().toBounds(800) : e.layer.getLatLng()); });
        map.fitBounds(bounds.pad(0.1), { maxZoom: only ? 16 : 15 });
      }
      window.stadtkarte.shown = shown.map(function (e) { return e.feature.id; });
      window.stadtkarte.ready = true;
    }

    function addLegend() {
      var legend = L.control({ position: "bottomright" });
      // only the categories that occur among the chosen entries; collapsed on small maps
      var present = {};
      entries.forEach(function (e) {
        if (matches(e.feature)) e.feature.properties.c.forEach(function (c) { present[c] = true; });
      });
      legend.onAdd = function () {
        var box = el("details", "sk-legend");
        var size = map.getSize();
        box.open = size.x >= 600 && size.y >= 400;
        box.appendChild(el("summary", null, texts.legend));
        var list = el("ul");
        Object.keys(opts.categories).forEach(function (slug) {
          if (!present[slug] || (chosen.kategorie && chosen.kategorie.indexOf(slug) < 0)) return;
          var category = opts.categories[slug];
          var item = el("li");
          var label = el("label");
          var box2 = el("input");
          box2.type = "checkbox";
          box2.checked = true;
          box2.disabled = locked;
          box2.addEventListener("change", function () { hiddenCategories[slug] = !box2.checked; apply(false); });
          var swatch = el("span", "sk-pin sk-pin-small", category.symbol);
          swatch.style.setProperty("--sk-color", category.colour);
          swatch.setAttribute("aria-hidden", "true");
          label.appendChild(box2);
          label.appendChild(swatch);
          label.appendChild(document.createTextNode(" " + category.name));
          item.appendChild(label);
          list.appendChild(item);
        });
        box.appendChild(list);
        box.appendChild(status);
        L.DomEvent.disableClickPropagation(box);
        return box;
      };
      legend.addTo(map);
    }

    function addOnline(online) {
      var shown = online.filter(matches);
      window.stadtkarte.online = shown.map(function (f) { return f.id; });
      var panel = L.control({ position: "bottomleft" });
      panel.onAdd = function () {
        var box = el("details", "sk-online");
        box.appendChild(el("summary", null, texts.online + " (" + shown.length + ")"));
        var list = el("ul");
        shown.forEach(function (f) {
          var link = el("a", null, f.properties.t);
          link.href = opts.root + f.properties.u;
          link.target = "_top";
          var item = el("li");
          item.appendChild(link);
          list.appendChild(item);
        });
        if (!shown.length) box.appendChild(el("p", null, texts.online_none));
        box.appendChild(list);
        L.DomEvent.disableClickPropagation(box);
        return box;
      };
      panel.addTo(map);
    }

    function button(label, action) {
      var control = L.control({ position: "topleft" });
      control.onAdd = function () {
        var b = el("button", "sk-map-button", label);
        b.type = "button";
        b.addEventListener("click", action);
        L.DomEvent.disableClickPropagation(b);
        return b;
      };
      control.addTo(map);
    }
    button(texts.locate, function () {
      if (!navigator.geolocation) { status.textContent = texts.locate_failed; return; }
      navigator.geolocation.getCurrentPosition(function (position) {
        var here = [position.coords.latitude, position.coords.longitude];
        L.circleMarker(here, { radius: 8 }).addTo(map);
        map.setView(here, 15);
      }, function () { status.textContent = texts.locate_failed; });
    });
    button(texts.fullscreen, function () {
      var container = map.getContainer();
      if (document.fullscreenElement) document.exitFullscreen();
      else if (container.requestFullscreen) container.requestFullscreen();
    });

    engine.load(opts.root).then(function (loaded) {
      return engine.apply(opts.root, loaded.entries, chosen).then(function (result) {
        result.shown.forEach(function (entry) { selected[entry.id] = true; });
        build(decode(loaded.data));
      });
    });
  }

  // shown: the entries with a marker or area; online: those in the "Nur online" list; ready: drawn
  window.stadtkarte = { start: start, shown: [], online: [], ready: false };
})();
