/* Stadtkarte Integration: the one search of the site (Pagefind's JavaScript API at
 * pagefind/pagefind.js of the site root, written by search.py after the build).
 *
 * window.stadtkarteSuche.search(root, query) → Promise of results [{id, score, data()}], best first
 * window.stadtkarteSuche.entries(root, query) → Promise of entry ids ["o/slug", "a/slug", …], best first
 *
 * The header box, the directory's text field and the map's "suche" parameter all use it, so the
 * same words give the same entries everywhere. Query understanding besides Pagefind's own
 * (prefixes, accents, stemming): a word of 5 letters or more that is not in the vocabulary
 * (suche/woerter.json, built from the data) is also tried as each vocabulary word one typo
 * away, and as two vocabulary words when it is a compound of them (Arabischkurs → arabisch kurs);
 * when all words together find nothing, each word is searched alone and entries matching more
 * words rank first. The header box (stadtkarte.chrome.search_form) shows the best results as links.
 */
(function () {
  "use strict";
  var MAX_QUERIES = 12;
  var loading = {};
  // Pagefind's bundle and the search files exist once, at the site root beside assets/ (Pagefind
  // loads the index of the page's <html lang> itself); the root the callers give is the page's
  // language tree ("../ar/"), where the lists and entry pages are. The site root is where this
  // script is: on its own or in every page's bundle (seiten-paket.js).
  // in the bundle the part may run in a later task (bundles.py: paced), without currentScript
  var script = document.currentScript || document.querySelector("script[src*='assets/stadtkarte/seiten-paket.js']");
  var shared = script && script.src ? script.src.replace(/assets\/stadtkarte\/(?:suche|seiten-paket)\.js(\?.*)?$/, "") : "";
  if (shared === (script && script.src)) shared = "";

  function fold(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
  }

  function load(root) {
    var base = new URL(shared || root, location.href);
    var key = base.href;
    if (!loading[key]) {
      var pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (api) {
        // init loads the language's index metadata and WebAssembly now, not at the first query
        return api.options({ baseUrl: base.pathname }).then(function () { return api.init(); })
          .then(function () { return api; });
      });
      var words = fetch(new URL("suche/woerter.json", base).href)
        .then(function (r) { return r.ok ? r.json() : []; })
        .catch(function () { return []; });
      loading[key] = Promise.all([pagefind, words]).then(function (both) {
        return { pagefind: both[0], list: both[1], words: new Set(both[1]), base: base, ids: null };
      });
    }
    return loading[key];
  }

  /* a and b differ by at most one insertion, deletion, substitution or swap of neighbours */
  function oneTypo(a, b) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function split(word, index) {
    for (var cut = 4; cut <= word.length - 4; cut++) {
      var head = word.slice(0, cut), tail = word.slice(cut);
      if (!index.words.has(tail)) continue;
      if (index.words.has(head)) return head + " " + tail;
      if (/[sn]$/.test(head) && head.length > 4 && index.words.has(head.slice(0, -1))) return head.slice(0, -1) + " " + tail;
    }
    return null;
  }

  function alternatives(word, index) {
    var found = [word];
    if (word.length < 5 || index.words.has(word)) return found;
    var typo = index.list.filter(function (w) { return w.length >= 4 && oneTypo(word, w); });
    found = found.concat(typo.slice(0, 3));
    var parts = split(word, index);
    if (parts) found.push(parts);
    return found;
  }

  function combinations(lists) {
    var out = [[]];
    lists.forEach(function (list) {
      var next = [];
      out.forEach(function (head) { list.forEach(function (w) { next.push(head.concat([w])); }); });
      out = next.slice(0, MAX_QUERIES);
    });
    return out.map(function (words) { return words.join(" "); });
  }

  function merge(runs, add) {
    var best = {};
    runs.forEach(function (run) {
      run.results.forEach(function (r) {
        var score = r.score * run.weight;
        var have = best[r.id];
        if (!have) best[r.id] = { id: r.id, score: score, data: r.data };
        else have.score = add ? have.score + score : Math.max(have.score, score);
      });
    });
    return Object.keys(best).map(function (id) { return best[id]; })
      .sort(function (a, b) { return b.score - a.score || (a.id < b.id ? -1 : 1); });
  }

  function run(index, queries, weights) {
    return Promise.all(queries.map(function (q, i) {
      return index.pagefind.search(q).then(function (r) { return { results: r ? r.results : [], weight: weights[i] }; });
    }));
  }

  function search(root, query) {
    var words = fold(query).split(/[\s,;.!?]+/).filter(Boolean);
    if (!words.length) return Promise.resolve([]);
    return load(root).then(function (index) {
      var lists = words.map(function (w) { return alternatives(w, index); });
      var queries = combinations(lists);
      var weights = queries.map(function (q, i) { return i === 0 ? 1 : 0.8; });
      return run(index, queries, weights).then(function (runs) {
        // a word the data knows one typo away replaces Pagefind's own loose fallback for it
        var corrected = runs.slice(1).filter(function (r) { return r.results.length; });
        var found = merge(corrected.length ? corrected : runs, false);
        if (found.length || words.length < 2) return found;
        // nothing has all the words: each word alone, entries with more of them first
        var single = [];
        lists.forEach(function (list) { list.forEach(function (w, i) { single.push({ q: w, weight: i === 0 ? 1 : 0.8 }); }); });
        return run(index, single.map(function (s) { return s.q; }), single.map(function (s) { return s.weight; }))
          .then(function (more) { return merge(more, true); });
      });
    });
  }

  function entries(root, query) {
    return Promise.all([search(root, query), load(root)]).then(function (both) {
      var results = both[0], index = both[1];
      if (!index.ids) {
        index.ids = fetch(new URL("suche/treffer.json", index.base).href).then(function (r) { return r.json(); });
      }
      return index.ids.then(function (ids) {
        return results.map(function (r) { return ids[r.id]; }).filter(Boolean);
      });
    });
  }

  window.stadtkarteSuche = { search: search, entries: entries, fold: fold };

  /* --- the header box ------------------------------------------------------------------------ */

  function header(form) {
    var root = form.getAttribute("data-sk-root");
    var input = form.querySelector("input[type=search]");
    var panel = form.querySelector(".sk-header-search__panel");
    var status = form.querySelector("[role=status]");
    var list = form.querySelector("ol");
    var timer = null;
    var asked = 0;

    function text(name, values) {
      var template = form.getAttribute("data-sk-" + name) || "";
      Object.keys(values || {}).forEach(function (key) { template = template.replace("{" + key + "}", values[key]); });
      return template;
    }
    function close() { panel.hidden = true; }
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

    function show(query, results, number) {
      if (number !== asked) return;
      list.textContent = "";
      status.textContent = results.length === 0 ? text("none", { query: query })
        : results.length === 1 ? text("results-one") : text("results", { count: results.length });
      // one slot per result, filled as soon as its fragment arrives (the first need not wait for the rest)
      var top = results.slice(0, 5);
      var slots = top.map(function () { return list.appendChild(document.createElement("li")); });
      Promise.all(top.map(function (r, n) {
        return r.data().then(function (d) {
          if (number !== asked) return;
          var item = slots[n];
          var link = document.createElement("a");
          link.href = d.url;
          link.textContent = d.meta.title;
          item.appendChild(link);
          [d.meta.zeile, d.meta.teaser].forEach(function (value, i) {
            if (!value) return;
            var line = document.createElement("p");
            line.className = i === 0 ? "sk-header-search__line" : "";
            line.textContent = value;
            item.appendChild(line);
          });
        });
      })).then(function () {
        if (number !== asked || !top.length) return;
        var more = document.createElement("li");
        var all = document.createElement("a");
        all.href = new URL("verzeichnis/?suche=" + encodeURIComponent(query), new URL(root, location.href)).href;
        all.textContent = text("all");
        more.appendChild(all);
        list.appendChild(more);
      });
    }

    function ask() {
      var query = input.value.trim();
      var number = ++asked;
      if (!query) { close(); list.textContent = ""; status.textContent = ""; return; }
      panel.hidden = false;
      search(root, query).then(function (results) { show(query, results, number); }, function () {
        if (number === asked) status.textContent = text("failed");
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 30);
      // while the person types, Pagefind already fetches the index chunks for the words so far
      load(root).then(function (index) { if (input.value.trim()) index.pagefind.preload(fold(input.value.trim())); });
    });
    input.addEventListener("focus", function () { load(root); });
    form.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "Escape") { close(); input.focus(); event.preventDefault(); }
      else if (event.key === "ArrowDown" && all.length) {
        panel.hidden = false;
        all[Math.min(at + 1, all.length - 1)].focus();
        event.preventDefault();
      }
      else if (event.key === "ArrowUp" && at >= 0) { (at === 0 ? input : all[at - 1]).focus(); event.preventDefault(); }
    });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
    form.addEventListener("focusout", function (event) { if (event.relatedTarget && !form.contains(event.relatedTarget)) close(); });
  }

  document.querySelectorAll("[data-sk-search]").forEach(header);
})();
