/* Stadtkarte Integration: offline use. Registers the site's own service worker (sw.js at the
 * site root) – only in a top-level window of the site, never inside an iframe (the map embedded
 * on other websites stays as it is) – and runs the button "Für unterwegs speichern": it shows
 * what is saved and how big it is (offline/bundle.json, written at build time), then asks the
 * service worker to save those files (compressed) and shows its progress. No text is
 * hard-coded: the texts come from the page (data attributes).
 */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.caches || window.self !== window.top) return;
  // in the bundle the part may run in a later task (bundles.py: paced), without currentScript
  var script = document.currentScript || document.querySelector("script[src*='assets/stadtkarte/seiten-paket.js']");
  if (!script || !script.src) return;
  // the site root: where this script is, on its own or in every page's bundle (seiten-paket.js)
  var root = script.src.replace(/assets\/stadtkarte\/(?:offline|seiten-paket)\.js(\?.*)?$/, "");
  if (root === script.src || new URL(root).origin !== location.origin) return;

  var registered = navigator.serviceWorker.register(root + "sw.js", {scope: root});
  registered.catch(function () {});

  var box = document.querySelector("[data-sk-offline]");
  if (!box) return;
  var button = box.querySelector("button");
  var status = box.querySelector("[data-sk-offline-status]");
  var lang = document.documentElement.lang || "de";
  var number = null;

  /* "2,5 MB". German is written here as Intl writes it for "de" (one decimal at most, a comma):
     the first Intl formatter of a page costs a phone about a quarter of a second (README
     "Lighthouse (mobil)"); other languages get theirs when the size is shown. */
  function megabytes(bytes) {
    var value = Math.round(Math.max(bytes, 100000) / 100000) / 10;
    if ((lang === "de" || lang.slice(0, 3) === "de-") && value < 1000) return String(value).replace(".", ",") + " MB";
    if (!number) number = new Intl.NumberFormat(lang, {maximumFractionDigits: 1});
    return number.format(Math.max(bytes, 100000) / 1000000) + " MB";
  }

  function say(name, values) {
    var text = box.getAttribute("data-sk-" + name) || "";
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    status.textContent = text;
  }

  function saved(cache, manifest) {
    return Promise.all(manifest.files.map(function (f) { return cache.match(new URL(f.url, root).href); }))
      .then(function (hits) { return hits.every(Boolean); });
  }

  fetch(root + "offline/bundle.json", {cache: "no-store"}).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (manifest) {
    var name = "stadtkarte:" + root + ":bundle:" + manifest.version;
    var sizes = {size: megabytes(manifest.download_bytes), count: manifest.files.length};
    box.hidden = false;
    return caches.has(name).then(function (has) {
      return has ? caches.open(name).then(function (cache) { return saved(cache, manifest); }) : false;
    }).then(function (done) {
        say(done ? "saved" : "size", sizes);
        button.addEventListener("click", function () {
          // the service worker saves (compressed); it reports each file
          button.disabled = true;
          say("saving", {done: 0, count: manifest.files.length});
          navigator.serviceWorker.ready.then(function (registration) {
            registration.active.postMessage({type: "save-bundle"});
          });
        });
        navigator.serviceWorker.addEventListener("message", function (event) {
          var data = event.data || {};
          if (data.type === "save-progress") say("saving", {done: data.done, count: data.count});
          if (data.type === "save-done" || data.type === "save-failed") {
            say(data.type === "save-done" ? "saved" : "failed", sizes);
            button.disabled = false;
          }
        });
    });
  }).catch(function () {
    box.hidden = true;  // no bundle file (or no network): nothing to offer
  });
})();
