/* Stadtkarte Integration: the service worker (our own, no library). Written to the site root as
 * sw.js by stadtkarte.offline after the build, with CONFIG filled in; its scope is the site.
 *
 * - Pages: network first; what a visitor opened is kept (at most CONFIG.pages pages, the least
 *   recently loaded go first) and shown when there is no network.
 * - "Für unterwegs speichern" (offline.js asks, this worker saves) puts the files of
 *   offline/bundle.json into the bundle cache, gzip-compressed: start, directory, category
 *   pages, search index, map data and what they load.
 * - Other files of the site: from a cache when there, else from the network (kept, bounded).
 * - Requests to other servers (map tiles, links) are not touched: never cached, never answered.
 * - Every cache name carries the build's version; a new build removes the old caches (and saves
 *   the bundle again if the visitor had saved it).
 */
"use strict";
var CONFIG = /*CONFIG*/{};
var SCOPE = self.registration.scope;
var PREFIX = "stadtkarte:" + SCOPE + ":";
var PAGES = PREFIX + "pages:" + CONFIG.version;
var FILES = PREFIX + "files:" + CONFIG.version;
var BUNDLE = PREFIX + "bundle:" + CONFIG.version;
var OFFLINE_PAGE = new URL(CONFIG.offline, SCOPE).href;

function own(url) {
  return url.href.indexOf(SCOPE) === 0;
}

function key(request) {
  // filters live in the query (?kategorie=…): one document for all of them
  var url = new URL(request.url);
  url.search = "";
  url.hash = "";
  return url.href;
}

function trim(name, limit) {
  return caches.open(name).then(function (cache) {
    return cache.keys().then(function (keys) {
      // keys come in the order they were (last) put: the oldest first
      return Promise.all(keys.slice(0, Math.max(0, keys.length - limit)).map(function (k) { return cache.delete(k); }));
    });
  });
}

function keep(name, limit, request, response) {
  if (!response || !response.ok || response.type !== "basic") return Promise.resolve();
  var copy = response.clone();
  return caches.open(name).then(function (cache) {
    return cache.delete(request).then(function () { return cache.put(request, copy); });
  }).then(function () { return trim(name, limit); });
}

// The bundle is kept gzip-compressed (CompressionStream): on the device it takes about what it
// cost to download, not the uncompressed size. Served, it is unpacked again.
var PACKED = "X-Stadtkarte-Packed";

function pack(response) {
  if (!self.CompressionStream || !response.body) return response;
  var headers = new Headers(response.headers);
  headers.set(PACKED, "gzip");
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  return new Response(response.body.pipeThrough(new CompressionStream("gzip")),
                      {status: response.status, statusText: response.statusText, headers: headers});
}

function unpack(response) {
  if (!response || response.headers.get(PACKED) !== "gzip") return response;
  var headers = new Headers(response.headers);
  headers.delete(PACKED);
  return new Response(response.body.pipeThrough(new DecompressionStream("gzip")),
                      {status: response.status, statusText: response.statusText, headers: headers});
}

function saveBundle(report) {
  return fetch(new URL(CONFIG.bundle, SCOPE).href, {cache: "no-store"}).then(function (r) { return r.json(); })
    .then(function (manifest) {
      return caches.open(BUNDLE).then(function (cache) {
        var done = 0;
        var chain = Promise.resolve();
        manifest.files.forEach(function (f) {
          var url = new URL(f.url, SCOPE).href;
          chain = chain.then(function () {
            // revalidate with the server: the browser's HTTP cache may still hold an old build
            return fetch(url, {cache: "no-cache"});
          }).then(function (response) {
            if (!response.ok) throw new Error(url);
            return cache.put(url, pack(response));
          }).then(function () {
            done += 1;
            if (report) report({done: done, count: manifest.files.length});
          });
        });
        return chain;
      });
    });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(FILES).then(function (cache) {
    return cache.addAll([OFFLINE_PAGE].concat(CONFIG.shell.map(function (u) { return new URL(u, SCOPE).href; })));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    var hadBundle = false;
    var old = names.filter(function (n) { return n.indexOf(PREFIX) === 0 && n.slice(-CONFIG.version.length - 1) !== ":" + CONFIG.version; });
    old.forEach(function (n) { if (n.indexOf(PREFIX + "bundle:") === 0) hadBundle = true; });
    return Promise.all(old.map(function (n) { return caches.delete(n); })).then(function () {
      return self.clients.claim();
    }).then(function () {
      if (hadBundle) saveBundle().catch(function () {});  // saved before: save the new build too
    });
  }));
});

function fromCache(request) {
  return caches.match(key(request)).then(function (hit) {
    return hit || caches.match(request, {ignoreSearch: true});
  }).then(unpack);
}

function page(event) {
  var request = event.request;
  var network = fetch(request).then(function (response) {
    event.waitUntil(keep(PAGES, CONFIG.pages, key(request), response));
    return response;
  });
  return network.catch(function () {
    return fromCache(request).then(function (hit) {
      return hit || caches.match(OFFLINE_PAGE);
    });
  });
}

function file(event) {
  var request = event.request;
  return fromCache(request).then(function (hit) {
    if (hit) return hit;
    return fetch(request).then(function (response) {
      event.waitUntil(keep(FILES, CONFIG.files, key(request), response));
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (!own(url)) return;  // map tiles and every other server: not ours to cache
  if (url.pathname.slice(-6) === "/sw.js" || url.href === new URL(CONFIG.bundle, SCOPE).href) return;
  if (request.mode === "navigate") event.respondWith(page(event));
  else event.respondWith(file(event));
});

// "Für unterwegs speichern" (offline.js): save, telling the page how far it got
self.addEventListener("message", function (event) {
  if (!event.data || event.data.type !== "save-bundle" || !event.source) return;
  var client = event.source;
  event.waitUntil(saveBundle(function (progress) {
    client.postMessage({type: "save-progress", done: progress.done, count: progress.count});
  }).then(function () {
    client.postMessage({type: "save-done"});
  }, function () {
    client.postMessage({type: "save-failed"});
  }));
});
