/* Stadtkarte Integration: the one filter engine of the directory list, the map and the embed.
 *
 * One data file (karte/eintraege.json, maps.py: rows) and one rule, so the same URL parameters
 * give the same entries everywhere. The schedules (for the time filters) are in a second file,
 * karte/details.json (maps.py: details), fetched only when times are counted or chosen:
 *   - facets typ, kategorie, art, thema, sprache, zielgruppe, kommune, rollstuhl, kostenlos, pinnwand;
 *     several values per facet (repeated ?sprache=ru&sprache=uk or comma-joined ?sprache=ru,uk)
 *     match any of them (OR), different facets must all match (AND);
 *   - rollstuhl=ja: wheelchair accessible; rollstuhl=teilweise: also partly accessible;
 *   - pinnwand=sucht / pinnwand=bietet: organisations that seek support / offer something;
 *   - suche: the text query, answered by the site search (suche.js, Pagefind), best first;
 *   - zeit (jetzt, heute, woche, wochenende, unbekannt) and abends=1: computed at the moment of
 *     filtering in Europe/Berlin from each entry's dates or opening hours (zeit.js, which
 *     defines them); "heute" with "abends" means an occurrence today in the evening;
 *   - nahe (an area id of the near-me choice, nearby.py) and sortierung (naehe: by distance,
 *     termin: by next date; default: the page's order, or best first for a text query).
 *
 * window.stadtkarteFilter:
 *   load(root) → Promise of {data, entries: [{id: "o/slug", row, values: {facet: [values]}}]}
 *   details(root) → Promise of the second file (rows in the same order); sets entry.schedule
 *   parse(search) → chosen {facet: [values], suche: "text"}; query(chosen) → "a=b&…"
 *   accessWords(chosen, data.access) → chosen with accessibility words of the text as rollstuhl=ja
 *     (apply does it, too: "barrierefrei" typed into the search is the wheelchair filter)
 *   apply(root, entries, chosen, context) → Promise of {shown: [entries, best first], counts, relax,
 *     searchFailed, sorted}; context: {now: Date (default: the clock), position: {lat, lon} or null,
 *     optionCounts: false where no counts beside the options are shown (the map: counts stay empty)};
 *     with a position every entry with a point gets entry.distance (km)
 *     counts[facet][value]: the entries shown if that value were chosen too;
 *     relax[facet]: the entries shown without that facet (to name the filter to loosen).
 */
(function () {
  "use strict";
  var FACETS = ["typ", "kategorie", "art", "thema", "sprache", "zielgruppe", "kommune", "rollstuhl", "kostenlos",
                "pinnwand", "zeit", "abends"];
  var SORTS = ["naehe", "termin"];
  var loading = {};

  function list(value) { return value === null || value === undefined ? [] : [].concat(value); }

  /* an entry of the data file; its facet values are worked out when first asked for (a map
   * with nothing chosen never asks, a list counting its options asks for all) */
  function Entry(row, data, col) {
    this.id = row[col.id];
    this.row = row;
    this.schedule = null;  // details(): the schedule, for the time facets
    this.point = row[col.lat] === null ? null : { lat: row[col.lat], lon: row[col.lon], approx: !!row[col.approx] };
    this.distance = null;
    this._data = data;
    this._col = col;
    this._values = null;
  }
  Object.defineProperty(Entry.prototype, "values", { get: function () {
    if (this._values) return this._values;
    var row = this.row, data = this._data, col = this._col, id = this.id;
    var wheel = row[col.wheel];
    function names(indexes, lookup) { return list(indexes).map(function (i) { return lookup[i]; }); }
    this._values = {
      typ: [id.charAt(0) === "o" ? "organisation" : "angebot"],
      kategorie: names(row[col.cats], data.categories),
      art: row[col.kind] === null ? [] : [data.kinds[row[col.kind]]],
      thema: names(row[col.topics], data.topics),
      sprache: row[col.langs] ? row[col.langs].split(",") : [],
      zielgruppe: names(row[col.groups], data.groups),
      kommune: [row[col.mun] >= 0 ? data.municipalities[row[col.mun]] : "online"],
      // "teilweise" is chosen to include partly accessible places: "ja" is in it, too
      rollstuhl: wheel === "ja" ? ["ja", "teilweise"] : wheel === "teilweise" ? ["teilweise"] : [],
      kostenlos: row[col.free] ? ["1"] : [],
      // the Pinnwand (maps.py: board bits): sucht (seeks support), bietet (offers)
      pinnwand: (row[col.board] & 1 ? ["sucht"] : []).concat(row[col.board] & 2 ? ["bietet"] : []),
      zeit: [],  // set for the moment of filtering (times)
      abends: []
    };
    return this._values;
  } });

  function decode(data) {
    var col = {};
    data.columns.forEach(function (name, i) { col[name] = i; });
    return data.entries.map(function (row) { return new Entry(row, data, col); });
  }

  function load(root) {
    var url = new URL(root + "karte/eintraege.json", location.href).href;
    if (!loading[url]) {
      loading[url] = fetch(url).then(function (r) { return r.json(); }).then(function (data) {
        return { data: data, entries: decode(data) };
      });
    }
    return loading[url];
  }

  /* the second file: place in words, next date, schedule (maps.py: details), row for row */
  function details(root) {
    var url = new URL(root + "karte/details.json", location.href).href;
    if (!loading[url]) {
      var file = fetch(url).then(function (r) { return r.json(); });
      loading[url] = Promise.all([load(root), file]).then(function (both) {
        var more = both[1], zeit = more.columns.indexOf("zeit");
        both[0].entries.forEach(function (entry, i) { entry.schedule = (more.entries[i] || [])[zeit] || null; });
        return more;
      });
    }
    return loading[url];
  }

  function parse(search) {
    var params = new URLSearchParams(search);
    var chosen = {};
    FACETS.forEach(function (name) {
      var values = [];
      params.getAll(name).forEach(function (v) {
        v.split(",").forEach(function (part) {
          part = part.trim();
          if (part && values.indexOf(part) < 0) values.push(part);
        });
      });
      if (values.length) chosen[name] = values;
    });
    var text = (params.get("suche") || "").trim();
    if (text) chosen.suche = text;
    var near = (params.get("nahe") || "").trim();
    if (near) chosen.nahe = near;
    var sort = params.get("sortierung");
    if (SORTS.indexOf(sort) >= 0) chosen.sortierung = sort;
    return chosen;
  }

  function query(chosen) {
    var params = new URLSearchParams();
    if (chosen.suche) params.set("suche", chosen.suche);
    FACETS.forEach(function (name) { if (chosen[name] && chosen[name].length) params.set(name, chosen[name].join(",")); });
    // the visitor's own position ("hier") never goes into the address
    if (chosen.nahe && chosen.nahe !== "hier") params.set("nahe", chosen.nahe);
    if (chosen.sortierung) params.set("sortierung", chosen.sortierung);
    return params.toString().replace(/%2C/g, ",");
  }

  function has(entry, name, values) {
    var own = entry.values[name];
    for (var i = 0; i < values.length; i++) if (own.indexOf(values[i]) >= 0) return true;
    return false;
  }

  /* the facets an entry fails (0: shown; 1: exactly one facet keeps it out) */
  function misses(entry, chosen, found, active) {
    var failed = [];
    if (found && !(entry.id in found)) failed.push("suche");
    for (var i = 0; i < active.length; i++) if (!has(entry, active[i], chosen[active[i]])) failed.push(active[i]);
    return failed;
  }

  function count(entries, chosen, found, tally) {
    var counts = {}, relax = {}, shown = [];
    FACETS.forEach(function (name) { counts[name] = {}; relax[name] = 0; });
    relax.suche = 0;
    var active = FACETS.filter(function (name) { return chosen[name]; });  // the facets chosen
    entries.forEach(function (entry) {
      var failed = misses(entry, chosen, found, active);
      if (failed.length === 0) shown.push(entry);
      if (failed.length === 1) relax[failed[0]]++;
      if (tally) FACETS.forEach(function (name) {
        // counted for a value of this facet when every other facet matches
        var others = failed.length === 0 || (failed.length === 1 && failed[0] === name);
        if (!others) return;
        entry.values[name].forEach(function (value) { counts[name][value] = (counts[name][value] || 0) + 1; });
      });
    });
    Object.keys(relax).forEach(function (name) { if (name !== "suche" && !chosen[name]) delete relax[name]; });
    if (!found) delete relax.suche;
    else relax.suche = relax.suche + shown.length;
    FACETS.forEach(function (name) { if (chosen[name]) relax[name] += shown.length; });
    return { shown: shown, counts: counts, relax: relax };
  }

  /* the time facets for this moment (zeit.js; without it they stay empty) */
  function times(entries, chosen, now) {
    var zeit = window.stadtkarteZeit;
    if (!zeit) return;
    entries.forEach(function (entry) {
      var found = zeit.facets(entry.schedule, now, chosen);
      entry.values.zeit = found.zeit;
      entry.values.abends = found.abends;
    });
  }

  function distances(entries, position) {
    var near = window.stadtkarteNaehe;
    entries.forEach(function (entry) {
      entry.distance = position && near && entry.point ? near.distance(position, entry.point) : null;
    });
  }

  /* by distance or by next date; entries without one last, in their order */
  function sort(shown, chosen, now) {
    var key;
    if (chosen.sortierung === "naehe") {
      key = function (entry) { return entry.distance; };
    } else if (chosen.sortierung === "termin" && window.stadtkarteZeit) {
      key = function (entry) {
        var occ = window.stadtkarteZeit.next(entry.schedule, now);
        return occ ? occ.day * 1440 + (occ.start || 0) : null;
      };
    } else {
      return false;
    }
    var keyed = shown.map(function (entry, i) { return { entry: entry, key: key(entry), i: i }; });
    if (!keyed.some(function (k) { return k.key !== null; })) return false;
    keyed.sort(function (a, b) {
      if (a.key === null || b.key === null) return a.key === null ? (b.key === null ? a.i - b.i : 1) : -1;
      return a.key - b.key || a.i - b.i;
    });
    keyed.forEach(function (k, i) { shown[i] = k.entry; });
    return true;
  }

  /* Accessibility words in the text query ("barrierefrei", "Rollstuhl", "wheelchair" …, of every
   * site language: the data file's list "access", maps.py: access_words) choose the wheelchair
   * filter instead of a text match, which finds nearly every entry (each names its access, also
   * "nicht rollstuhlgerecht"); the rest of the text is still searched. Returns chosen itself when
   * there is no such word, else a copy with rollstuhl=ja (unless rollstuhl is chosen already). */
  function accessWords(chosen, words) {
    if (!chosen.suche || !words || !words.length) return chosen;
    var text = " " + chosen.suche.normalize("NFC").toLowerCase().replace(/[\s,;.!?()"]+/g, " ") + " ";
    var found = false;
    // the longest first: "wheelchair accessible" before "wheelchair"
    words.slice().sort(function (a, b) { return b.length - a.length; }).forEach(function (word) {
      while (text.indexOf(" " + word + " ") >= 0) { text = text.replace(" " + word + " ", " "); found = true; }
    });
    if (!found) return chosen;
    var copy = {};
    Object.keys(chosen).forEach(function (name) { copy[name] = chosen[name]; });
    if (text.trim()) copy.suche = text.trim(); else delete copy.suche;
    if (!copy.rollstuhl) copy.rollstuhl = ["ja"];
    return copy;
  }

  function apply(root, entries, chosen, context) {
    return load(root).then(function (loaded) { return applyChosen(root, entries, accessWords(chosen, loaded.data.access), context); });
  }

  function applyChosen(root, entries, chosen, context) {
    context = context || {};
    var now = context.now || new Date();
    var failed = false;
    // the time facets of every entry: for the counts beside the options (the list's form), or
    // when a time filter or the order by date is chosen; a map that shows no such counts says so
    // (optionCounts: false) and needs no schedules then
    var timed = context.optionCounts !== false || (chosen.zeit && chosen.zeit.length) ||
      (chosen.abends && chosen.abends.length) || chosen.sortierung === "termin";
    var schedules = timed ? details(root).catch(function () { return null; }) : Promise.resolve(null);
    var text = chosen.suche ? window.stadtkarteSuche.entries(root, chosen.suche) : Promise.resolve(null);
    // without the search index (e.g. pages generated for another tool, not yet indexed) the
    // text query is left out, and the result says so
    text = text.catch(function () { failed = true; return null; });
    return Promise.all([text, schedules]).then(function (both) {
      var ids = both[0];
      var found = null;
      if (ids) {
        found = {};
        ids.forEach(function (id, rank) { if (!(id in found)) found[id] = rank; });
      }
      if (timed) times(entries, chosen, now);
      distances(entries, context.position || null);
      var result = count(entries, chosen, found, context.optionCounts !== false);
      if (found) result.shown.sort(function (a, b) { return found[a.id] - found[b.id]; });
      result.sorted = sort(result.shown, chosen, now);
      result.searchFailed = failed;
      return result;
    });
  }

  window.stadtkarteFilter = { FACETS: FACETS, SORTS: SORTS, load: load, details: details, parse: parse, query: query, apply: apply,
                              accessWords: accessWords };
})();
