/* Stadtkarte Integration: the map client. Loads the entries once (the shared data file of
 * filter.js), clusters them, shows what the shared filter engine selects, and builds every
 * popup, tooltip and list item with DOM methods and textContent, so no text from the data is
 * ever interpreted as HTML.
 *
 * URL parameters: those of the directory (filter.js: typ, kategorie, art, thema, sprache,
 * zielgruppe, kommune, rollstuhl, kostenlos, several values each, and suche), so the list and
 * the map always show the same entries; eintrag (o/<slug>: one entry and its offers);
 * gesperrt=1 locks them (the legend can no longer switch categories); einwilligung=1 asks
 * before loading any map tile (two-click consent; the settings ask for it unless the tile server
 * is the city's own); pinnwand=sucht shows only organisations that seek support (a layer the
 * legend switches; their pins are marked and named so).
 *
 * A consent given once holds for the visit: it is kept in sessionStorage (never a cookie, never
 * localStorage) for this tile server, so the next map in the same tab, the embed included, loads
 * its tiles without asking again; closing the tab forgets it.
 *
 * The page around the frame (/karte/, ergebnisse.js) may ask to highlight one entry's marker
 * (or the bundle it is in) with a message {stadtkarte: "highlight", id: "o/slug" or null}; only
 * the page of the same origin that holds the frame is heard.
 */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* The data file holds compact rows (see maps.py: COLUMNS); turn them into features with what
   * drawing needs. The place in words, the next date and the schedule come later, from the
   * second file (details, maps.py: DETAIL_COLUMNS); a popup asks for them by the row (i, org). */
  function decode(data) {
    var col = {};
    data.columns.forEach(function (name, i) { col[name] = i; });
    var rows = data.entries;
    var features = rows.map(function (row, i) {
      var id = row[col.id];
      var kind = id.charAt(0);
      var org = row[col.org];
      var props = {
        t: row[col.title],
        u: (kind === "o" ? "organisationen/" : "angebote/") + id.slice(2) + "/",
        k: kind,
        c: row[col.cats].map(function (c) { return data.categories[c]; }),
        o: org === null ? null : rows[org][col.title],
        orgId: org === null ? null : rows[org][col.id],
        i: i,
        org: org,
        x: row[col.approx],
        n: row[col.board] || 0
      };
      var geometry = row[col.lon] === null ? null : { type: "Point", coordinates: [row[col.lon], row[col.lat]] };
      return { id: id, geometry: geometry, properties: props };
    });
    return { features: features };
  }

  /* A divIcon with an accessible name on the element Leaflet makes focusable (role=button);
   * without a label (the first view's stand-ins) it is hidden from screen readers. */
  var NamedIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      if (this.options.label) div.setAttribute("aria-label", this.options.label);
      else div.setAttribute("aria-hidden", "true");
      return div;
    }
  });

  var BOARD = { sucht: 1, bietet: 2 };  // the bits of the data file's board column (maps.py)
  var MIN_ZOOM = 7;  // about 500 km across on a phone: a region, never the world

  /* A marker whose icon, popup, tooltip and handlers are made when it is first drawn (options.bind),
   * as if made before: of thousands of pins most stay inside clusters and never need them. */
  var Pin = L.Marker.extend({
    onAdd: function (map) {
      var bind = this.options.bind;
      if (bind) {
        this.options.bind = null;
        this._map = null;  // bound as off the map: the tooltip's focus handlers follow every "add"
        bind(this);
        this._map = map;
      }
      return L.Marker.prototype.onAdd.call(this, map);
    }
  });

  /* A task boundary: what follows runs in a task of its own, so the page answers a tap or a key
   * in between and no part of the map's start is a long task (scheduler.yield where there is one:
   * the map's next step comes before other waiting work). */
  function pause() {
    if (window.scheduler && typeof window.scheduler.yield === "function") return window.scheduler.yield();
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  /* The consent to the tile server, for this visit only (sessionStorage: this tab, until it is
   * closed; no cookie). Without storage (blocked) every map asks again. */
  var CONSENT_KEY = "stadtkarte-kacheln-erlaubt";
  function consented(tiles) {
    try { return sessionStorage.getItem(CONSENT_KEY) === tiles; } catch (e) { return false; }
  }
  function remember(tiles) {
    try { sessionStorage.setItem(CONSENT_KEY, tiles); } catch (e) { /* storage off: ask again next time */ }
  }

  /* The map document's script has made the map (Leaflet); the rest in tasks of its own. */
  function start(map, opts) {
    pause().then(function () { setUp(map, opts); });
  }

  function setUp(map, opts) {
    // with two-click consent there is no tile layer yet to take maxZoom from; clustering needs it
    map.setMaxZoom(opts.maxZoom);
    // a city's map, never the world: markercluster makes its bundles for every zoom level from
    // the least, so fewer levels make the first markers appear sooner
    map.setMinZoom(Math.max(map.getMinZoom(), MIN_ZOOM));
    var query = new URLSearchParams(location.search);
    var engine = window.stadtkarteFilter;
    var chosen = engine.parse(location.search);
    // the Pinnwand layer is the map's own (the legend switches it), not the engine's
    var board = chosen.pinnwand || [];
    delete chosen.pinnwand;
    var only = query.get("eintrag");
    var selected = {};  // id → true for the entries the filter engine selects
    var locked = query.get("gesperrt") === "1";
    // two-click consent: no tile request before "Karte laden", unless given before in this visit
    var consent = (opts.consent || query.get("einwilligung") === "1") && !consented(opts.tiles);
    var hiddenCategories = {};
    var texts = opts.texts;
    // the locked map of one entry (a Steckbrief: eintrag=…&gesperrt=1) shows pins, never a cluster
    var single = only && locked;
    var opener = null;  // the pin or area whose popup is open: Escape returns the focus there
    // the first clustering goes in pieces of at most 30 ms (no long task for the page; chunkProgress)
    var clusters = single ? L.featureGroup() : L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 80, iconCreateFunction: clusterIcon,
      chunkInterval: 30, chunkDelay: 0, chunkProgress: function (done, total) { if (done === total && clustered) clustered(); }
    });
    var clustered = null;  // what follows the clustering under way (apply)
    var pending = false;  // apply() was asked for again while clustering
    // pins are never dragged or moved: no drag handlers on each of thousands (markercluster adds them)
    clusters._childMarkerEventHandlers = {};
    // Enter on a bundle zooms in; the bundle is gone then, so the focus goes to the map (arrow keys, Tab to the pins)
    clusters.on("clusterkeypress", function () {
      map.once("zoomend", function () { map.getContainer().focus({ preventScroll: true }); });
    });
    var areas = L.layerGroup();
    var entries = [];
    var offMap = [];  // the entries without a point (online, or a protected place without one)
    var byId = {};  // id → entry (for the highlight)
    var wanted = null;  // the id the page asked to highlight
    var marked = [];  // the elements highlighted now
    var status = el("p", "sk-map-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    accessible();

    /* German (page-language) controls, a metric scale, a named map, a skip link past the map;
     * popups take the focus when they open and give it back to their pin when they close. */
    function accessible() {
      var container = map.getContainer();
      if (map.zoomControl) map.removeControl(map.zoomControl);
      map.zoomControl = L.control.zoom({ zoomInTitle: texts.zoom_in, zoomOutTitle: texts.zoom_out }).addTo(map);
      L.control.scale({ imperial: false }).addTo(map);
      if (map.attributionControl) {
        // the tiles' credit from the start: the tiles come after the first view, and the line
        // appearing then would push the controls above it up
        if (!consent) map.attributionControl.addAttribution(opts.attribution);
        var leaflet = el("a", null, "Leaflet");
        leaflet.href = "https://leafletjs.com";
        leaflet.title = texts.leaflet_title;
        map.attributionControl.setPrefix(leaflet.outerHTML);
        map.on("resize", creditClear);
      }
      // one tab stop for the map itself (arrow keys pan, + and - zoom: Leaflet's keyboard handler)
      container.setAttribute("role", "region");
      container.setAttribute("aria-label", texts.map_label);
      var skip = el("a", "sk-skip", texts.skip);
      skip.href = "#sk-map-end";
      var end = el("p", "sk-map-end", texts.map_end);
      end.id = "sk-map-end";
      end.tabIndex = -1;
      skip.addEventListener("click", function (event) {
        event.preventDefault();
        var online = document.getElementById("sk-online");
        var target = online ? online.querySelector("summary") : end;
        target.focus({ preventScroll: true });
      });
      container.parentNode.insertBefore(skip, container);
      container.appendChild(end);  // last in the map's region, after its controls

      map.on("popupopen", function (event) {
        var box = event.popup.getElement();
        var close = box.querySelector(".leaflet-popup-close-button");
        if (close) { close.setAttribute("aria-label", texts.close_popup); close.title = texts.close_popup; }
        // keep the popup clear of the controls (on a phone they would cover its text)
        var corners = map._controlCorners;
        var height = function (a, b) {
          return Math.max(corners[a].getBoundingClientRect().height, corners[b].getBoundingClientRect().height);
        };
        var top = height("topleft", "topright") + 10, bottom = height("bottomleft", "bottomright") + 10;
        event.popup.options.autoPanPaddingTopLeft = L.point(10, top);
        event.popup.options.autoPanPaddingBottomRight = L.point(10, bottom);
        // on a small map a long popup scrolls instead of reaching under the controls (40 px: tip and padding)
        var room = Math.max(60, map.getSize().y - top - bottom - 40);
        event.popup.options.maxHeight = room;
        event.popup.update();  // lays out again with that height and pans clear of the controls
        var heading = box.querySelector(".sk-popup [tabindex]");
        if (heading) heading.focus({ preventScroll: true });
      });
      map.on("popupclose", function (event) {
        var box = event.popup.getElement();
        var active = document.activeElement;
        var back = opener && opener.getElement && opener.getElement();
        opener = null;
        if (back && document.contains(back) && (!active || active === document.body || (box && box.contains(active)))) {
          back.focus({ preventScroll: true });
        }
      });
      L.DomEvent.on(container, "keydown", function (event) {
        if (event.key === "Escape" && map._popup && map.hasLayer(map._popup)) {
          var back = opener && opener.getElement && opener.getElement();
          map.closePopup();
          if (back && document.contains(back)) back.focus({ preventScroll: true });
        }
      });
    }

    /* The tiles come once the first view is set (not for a default view first and then again). */
    var tiles = null;
    function addTiles() {
      if (tiles) return;
      tiles = L.tileLayer(opts.tiles, { maxZoom: opts.maxZoom, attribution: opts.attribution }).addTo(map);
      creditClear();
    }

    /* On a narrow map the credit line (bottom right) reaches across to the scale and the online
     * panel (bottom left): they then stand above it, not on it. */
    function creditClear() {
      var credit = map.attributionControl && map.attributionControl.getContainer();
      var corner = map._controlCorners.bottomleft;
      if (!credit || !corner) return;
      var across = credit.offsetWidth && credit.offsetWidth + corner.offsetWidth + 10 > map.getSize().x;
      corner.style.bottom = across ? credit.offsetHeight + "px" : "";
    }
    if (consent) {
      var overlay = el("div", "sk-consent");
      overlay.appendChild(el("p", null, texts.consent_text));
      var load = el("button", "sk-button", texts.consent_button);
      load.type = "button";
      load.addEventListener("click", function () { remember(opts.tiles); overlay.remove(); addTiles(); });
      overlay.appendChild(load);
      map.getContainer().appendChild(overlay);
    }
    function viewSet() { if (!consent) addTiles(); }

    /* the place in words, the build day's date and the schedule of a feature (null until loaded) */
    var more = null;
    function detailsOf(p) {
      if (!more) return { place: null, date: null, zeit: null };
      var c = more.columns, row = more.entries[p.i] || [], org = p.org === null ? [] : more.entries[p.org] || [];
      return { place: row[c.indexOf("place")] || org[c.indexOf("place")] || null,
               date: row[c.indexOf("date")] || null, zeit: row[c.indexOf("zeit")] || null };
    }
    /* fetched once the markers are drawn; a popup asked for before it arrives opens when it is
     * there (a popup opens once, with everything: its size, pan and focus are worked out once) */
    var detailsLoading = null;
    function loadDetails() {
      if (!detailsLoading) {
        detailsLoading = engine.details(opts.root).then(function (data) { more = data; }, function () {
          more = { columns: [], entries: [] };  // without the file: popups without place and date
        });
      }
      return detailsLoading;
    }
    function afterDetails(target) {
      var open = target.openPopup;
      target.openPopup = function () {
        var self = this, args = arguments;
        if (more) return open.apply(self, args);
        loadDetails().then(function () { open.apply(self, args); });
        return self;
      };
    }

    function popup(feature, also) {
      var p = feature.properties;
      var d = detailsOf(p);
      var box = el("div", "sk-popup");
      var heading = box.appendChild(el("strong", null, p.t));
      heading.tabIndex = -1;  // opening the popup moves the focus here
      var names = p.c.map(function (slug) { return (opts.categories[slug] || { name: slug }).name; });
      box.appendChild(el("p", "sk-popup-cats", names.join(" · ")));
      if (p.o) box.appendChild(el("p", null, texts.offer_by + " " + p.o));
      if (d.place) box.appendChild(el("p", null, d.place));
      if (p.x) box.appendChild(el("p", "sk-popup-note", texts.approximate));
      // the next date computed now in Europe/Berlin (zeit.js), else the one of the build day
      var zeit = window.stadtkarteZeit;
      var live = zeit && d.zeit && opts.zeit ? zeit.describe(d.zeit, new Date(), opts.zeit, document.documentElement.lang || "de", p.k === "o") : null;
      if (live) box.appendChild(el("p", "sk-popup-when", live));
      else if (d.date) box.appendChild(el("p", null, d.date));
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
      if (also && also.length) {
        box.appendChild(el("p", "sk-popup-also", texts.also_here));
        var list = el("ul", "sk-popup-also");
        also.forEach(function (other) {
          var link = el("a", null, other.properties.t);
          link.href = opts.root + other.properties.u;
          link.target = "_top";
          list.appendChild(el("li")).appendChild(link);
        });
        box.appendChild(list);
      }
      return box;
    }

    // the accessible name of an entry: "Sprachcafé West, Angebot, Sprache/Bildung"
    function name(p) {
      var names = p.c.map(function (slug) { return (opts.categories[slug] || { name: slug }).name; });
      return [p.t, p.k === "a" ? texts.kind_a : texts.kind_o].concat(names)
        .concat(p.n & BOARD.sucht ? [texts.board_seeks] : []).join(texts.comma);
    }

    function pin(p) {
      var category = opts.categories[p.c[0]] || { colour: "#555", symbol: "?" };
      var span = el("span", "sk-pin" + (p.k === "a" ? " sk-pin-offer" : "") + (p.n & BOARD.sucht ? " sk-pin-seeks" : ""), category.symbol);
      span.style.setProperty("--sk-color", category.colour);
      span.setAttribute("aria-hidden", "true");  // the letter is the category, named in full below
      return new NamedIcon({ html: span, className: "sk-pin-wrap", iconSize: [30, 30], iconAnchor: [15, 15],
                             popupAnchor: [0, -14], label: name(p) });
    }

    function clusterIcon(cluster) {
      var count = cluster.getChildCount();
      var inner = el("div");
      inner.appendChild(el("span", null, String(count))).setAttribute("aria-hidden", "true");
      var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      return new NamedIcon({ html: inner, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40),
                             label: texts.cluster.replace("{count}", count) });
    }

    // a protected place is an area (an SVG path): reachable and named like a pin
    function nameArea(layer, p) {
      layer.on("add", function () {
        var path = layer.getElement();
        if (!path) return;
        path.setAttribute("tabindex", "0");
        path.setAttribute("role", "button");
        path.setAttribute("aria-label", name(p) + ", " + texts.area);
        L.DomEvent.on(path, "keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { L.DomEvent.preventDefault(event); layer.openPopup(); }
        });
      });
    }

    function build(collection) {
      var here = {};  // on the map of one entry: "lat,lon" → the entry whose pin stands there
      collection.features.forEach(function (feature) {
        var p = feature.properties;
        // no point: online only, or a protected place shown without point (only in the list)
        if (!feature.geometry) { offMap.push(feature); return; }
        var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
        var layer, key = single ? latlng.join(",") : null;  // "lat,lon": only the map of one entry shares pins
        if (p.x) {
          var colour = (opts.categories[p.c[0]] || { colour: "#555" }).colour;
          layer = L.circle(latlng, { radius: 400, color: colour, weight: 2, dashArray: "4 4", fillOpacity: 0.15 });
          nameArea(layer, p);
        } else {
          // an entry's offers at its own place share its pin (listed in its popup): one pin, not a cluster
          if (single && here[key] && matches(feature) && matches(here[key].feature)) {
            here[key].also.push(feature);
            entries.push({ feature: feature, layer: null, area: false });
            return;
          }
          layer = new Pin(latlng, { title: p.t, alt: p.t, keyboard: true, bind: bind });
          if (single && matches(feature)) here[key] = { feature: feature, also: [] };
        }
        var entry = { feature: feature, layer: layer, area: !!p.x, also: key === null ? undefined : here[key] };
        byId[feature.id] = entry;
        if (p.x) bind(layer);
        entries.push(entry);

        function bind(target) {
          if (!p.x) target.options.icon = pin(p);
          target.bindPopup(function () { return popup(feature, entry.also && entry.also.feature === feature ? entry.also.also : []); },
                           { autoPanPadding: L.point(10, 10) });
          afterDetails(target);
          target.bindTooltip(function () { return el("span", null, p.t); });
          target.on("popupopen", function () { opener = target; });
        }
      });
      map.addLayer(clusters);
      map.addLayer(areas);
      // the clustering next (in pieces of at most 30 ms), so the real bundles come soon; legend
      // and online list in a task of their own, queued before the clustering's next piece, so
      // they stand before the map reports itself ready
      pause().then(function () {
        setTimeout(function () {
          addLegend();
          addOnline();
        }, 0);
        apply(true);
      });
    }

    function matches(feature) {
      if (only && only !== feature.id && only !== feature.properties.orgId) return false;
      return !!selected[feature.id];
    }

    /* chosen by the filters, the Pinnwand layer and the legend's categories: a pin on the map,
     * or an entry without a point in the "Nur online" list, by the same rule */
    function picked(feature) {
      var p = feature.properties;
      if (!matches(feature)) return false;
      if (board.length && !board.some(function (value) { return p.n & BOARD[value]; })) return false;
      return p.c.some(function (slug) { return !hiddenCategories[slug]; });
    }
    function visible(entry) { return picked(entry.feature); }

    /* "25 von 73 Einträgen, davon 4 online ohne Ort auf der Karte": the same number and total as
     * the list beside the map (every entry of the data file, those without a point included) */
    function countText(shown) {
      var without = offMap.filter(picked);
      var online = without.filter(function (f) { return !f.properties.x; }).length;
      var text = texts.shown.replace("{shown}", shown.length + without.length).replace("{total}", entries.length + offMap.length);
      return online ? text + texts.shown_online.replace("{count}", online) : text;
    }

    function apply(fit) {
      var shown = entries.filter(visible);
      // the first view is set before the pins are clustered (without animation), so the clusters
      // are made once, for that view; the first view from the build is that view already (and
      // who moved the map meanwhile keeps the view chosen)
      if (fit && shown.length && !viewFirst) {
        // an area counts with its whole extent, so a protected place is never cut off
        var bounds = L.latLngBounds([]);
        shown.forEach(function (e) {
          var point = L.latLng(e.feature.geometry.coordinates[1], e.feature.geometry.coordinates[0]);
          bounds.extend(e.area ? point.toBounds(800) : point);
        });
        fitView(bounds.pad(0.1));  // the same as the first view (maps.py: first_view) without filters
      }
      if (fit) viewSet();
      if (clustered) { pending = true; return; }  // again once the clustering under way is done
      clusters.clearLayers();
      areas.clearLayers();
      var pins = shown.filter(function (e) { return !e.area && e.layer; }).map(function (e) { return e.layer; });
      clustered = function () {
        clustered = null;
        // markercluster puts its bundles on the map right after its last piece, in the same task:
        // the stand-ins go with them (no frame shows both or neither); the rest in a task of its own
        Promise.resolve().then(function () {
          if (firstLayer) { map.removeLayer(firstLayer); firstLayer = null; }
          shown.filter(function (e) { return e.area; }).forEach(function (e) { areas.addLayer(e.layer); });
        });
        setTimeout(function () {
          status.textContent = countText(shown);
          fillOnline();
          window.stadtkarte.shown = shown.map(function (e) { return e.feature.id; });
          window.stadtkarte.ready = true;
          highlight();
          loadDetails();  // popups and time: after the markers (once)
          if (pending) { pending = false; apply(false); }
        }, 0);
      };
      // in pieces only the first time (a switch in the legend redraws at once)
      if (clusters.options) clusters.options.chunkedLoading = !!fit;
      if (clusters.addLayers) clusters.addLayers(pins, true);  // true: no "layeradd" event per pin (none listens)
      else { pins.forEach(function (layer) { clusters.addLayer(layer); }); clustered(); }
    }

    /* the view for these bounds, every pin clear of the controls (a covered pin is hard to hit and to see) */
    function fitView(bounds) {
      var corner = function (name) { return map._controlCorners[name].getBoundingClientRect(); };
      var bottom = Math.max(corner("bottomleft").height, corner("bottomright").height);
      var size = map.getSize();
      // right to left, the "left" corners stand on the right (karte.css)
      var side = Math.min(corner("topleft").width, size.x / 4) + 10, rtl = document.documentElement.dir === "rtl";
      // the legend stands open at the bottom right on a large map (added after the first view):
      // the pins keep clear of its width (at most 16rem and its padding, karte.css)
      var legend = legendOpens() ? Math.min(16 * parseFloat(getComputedStyle(document.documentElement).fontSize) + 30, size.x / 3) : 10;
      var options = {
        maxZoom: only ? 16 : 15, animate: false,
        paddingTopLeft: L.point(rtl ? legend : side, Math.min(corner("topright").height, size.y / 4) + 10),
        paddingBottomRight: L.point(rtl ? side : legend, Math.min(bottom, size.y / 4) + 10)
      };
      // the view the map has already (the first view, from the build): not set again, since
      // every tile and bundle would be worked out anew for the same picture
      if (map._loaded) {
        var target = map._getBoundsCenterZoom(bounds, options);
        if (target.zoom === map.getZoom() &&
            map.project(target.center, target.zoom).distanceTo(map.project(map.getCenter(), target.zoom)) < 1) return;
      }
      map.fitBounds(bounds, options);
    }

    /* Without filters the first view and its bundles come with the page (maps.py: first_view):
     * drawn at once, before the data, as stand-ins hidden from screen readers and not clickable;
     * markercluster's own bundles replace them as soon as the data is in (apply). */
    var firstLayer = null;
    function firstView() {
      var first = opts.first;
      if (!first || only || board.length || Object.keys(chosen).length) return false;
      fitView(L.latLngBounds(first.bounds));
      var level = first.levels[String(map.getZoom())];
      if (!level || single) return true;
      var slugs = Object.keys(opts.categories);
      firstLayer = L.layerGroup(level.map(function (row) {
        var icon;
        if (row[2] === 1) {
          var category = opts.categories[slugs[row[3]]] || { colour: "#555", symbol: "?" };
          var span = el("span", "sk-pin" + (row[4] & 1 ? " sk-pin-offer" : "") + (row[4] & 2 ? " sk-pin-seeks" : ""), category.symbol);
          span.style.setProperty("--sk-color", category.colour);
          icon = new NamedIcon({ html: span, className: "sk-pin-wrap sk-first", iconSize: [30, 30], iconAnchor: [15, 15] });
        } else {
          var inner = el("div");
          inner.appendChild(el("span", null, String(row[2])));
          var size = row[2] < 10 ? "small" : row[2] < 100 ? "medium" : "large";
          icon = new NamedIcon({ html: inner, className: "marker-cluster marker-cluster-" + size + " sk-first", iconSize: L.point(40, 40) });
        }
        return L.marker([row[0], row[1]], { icon: icon, interactive: false, keyboard: false });
      })).addTo(map);
      return true;
    }

    /* The marker of the entry the page points at, or the bundle that holds it, or its area:
     * class sk-highlight and data-sk-highlight (the entry's id) while the pointer or focus is there. */
    function highlight() {
      marked.forEach(function (node) { node.classList.remove("sk-highlight"); node.removeAttribute("data-sk-highlight"); });
      marked = [];
      var entry = wanted && byId[wanted];
      if (!entry || !entry.layer || !visible(entry)) return;
      var shown = entry.layer;
      if (!entry.area && clusters.getVisibleParent) shown = clusters.getVisibleParent(entry.layer);
      var node = shown && (shown.getElement ? shown.getElement() : shown._icon);
      if (!node) return;
      node.classList.add("sk-highlight");
      node.setAttribute("data-sk-highlight", wanted);
      marked.push(node);
    }
    window.addEventListener("message", function (event) {
      if (window.parent === window || event.source !== window.parent || event.origin !== location.origin) return;
      var data = event.data;
      if (!data || data.stadtkarte !== "highlight") return;
      wanted = typeof data.id === "string" ? data.id : null;
      highlight();
    });
    // bundles are made anew on zooming: the highlight follows
    map.on("zoomend moveend", highlight);
    if (clusters.on) clusters.on("animationend", highlight);

    /* the legend is open on a large map, collapsed on a small one */
    function legendOpens() {
      var size = map.getSize();
      return size.x >= 600 && size.y >= 400;
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
        box.open = legendOpens();
        box.appendChild(el("summary", null, texts.legend));
        var list = el("ul");
        var seeking = entries.some(function (e) { return e.feature.properties.n & BOARD.sucht && matches(e.feature); });
        if (seeking) {  // the Pinnwand layer: only organisations that seek support
          var needs = el("input");
          needs.type = "checkbox";
          needs.name = "pinnwand";
          needs.checked = board.indexOf("sucht") >= 0;
          needs.disabled = locked;
          needs.addEventListener("change", function () { board = needs.checked ? ["sucht"] : []; apply(false); });
          var needsLabel = el("label");
          needsLabel.appendChild(needs);
          needsLabel.appendChild(document.createTextNode(" " + texts.board_only));
          list.appendChild(el("li", "sk-legend-board")).appendChild(needsLabel);
        }
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

    /* "Nur online (n)": the online entries the filters, the Pinnwand layer and the legend choose
     * (picked), filled anew with every change; no empty panel "Nur online (0)" */
    var onlinePanel = null;
    function addOnline() {
      onlinePanel = L.control({ position: "bottomleft" });
      onlinePanel.onAdd = function () {
        var box = el("details", "sk-online");
        box.id = "sk-online";
        box.appendChild(el("summary"));
        box.appendChild(el("ul"));
        L.DomEvent.disableClickPropagation(box);
        box.addEventListener("toggle", creditClear);
        return box;
      };
      fillOnline();
    }
    function fillOnline() {
      if (!onlinePanel) return;  // before the legend and the panel are made
      var shown = offMap.filter(function (f) { return !f.properties.x && picked(f); });
      window.stadtkarte.online = shown.map(function (f) { return f.id; });
      if (!shown.length) { if (onlinePanel._map) onlinePanel.remove(); creditClear(); return; }
      if (!onlinePanel._map) onlinePanel.addTo(map);
      var box = onlinePanel.getContainer();
      box.querySelector("summary").textContent = texts.online + " (" + shown.length + ")";
      var list = box.querySelector("ul");
      list.textContent = "";
      shown.forEach(function (f) {
        var link = el("a", null, f.properties.t);
        link.href = opts.root + f.properties.u;
        link.target = "_top";
        list.appendChild(el("li")).appendChild(link);
      });
      creditClear();
    }

    function button(label, action) {
      var control = L.control({ position: "topright" });
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

    // the first view in a task of its own (after the controls: it keeps clear of them)
    var viewFirst = false;
    pause().then(function () {
      viewFirst = firstView();
      // the data is asked for at once; it is read after the first view is painted (below)
      if (viewFirst) engine.load(opts.root);
      // with the first view drawn, the browser paints it (a frame, then a task) before the tiles
      // are asked for, and the data is read in a task after that
      return new Promise(function (resolve) {
        if (!firstLayer) resolve();
        else requestAnimationFrame(function () { setTimeout(resolve, 0); });
      });
    }).then(function () {
      if (viewFirst) viewSet();
      return pause();
    }).then(function () {
      return engine.load(opts.root);
    }).then(function (loaded) {
      // the map counts no time options: the time of each entry only when a time filter is chosen
      return engine.apply(opts.root, loaded.entries, chosen, { optionCounts: false }).then(function (result) {
        result.shown.forEach(function (entry) { selected[entry.id] = true; });
        build(decode(loaded.data));
      });
    }).catch(function (error) { viewSet(); throw error; });
  }

  // shown: the entries with a marker or area; online: those in the "Nur online" list; ready: drawn
  window.stadtkarte = { start: start, shown: [], online: [], ready: false };
})();
