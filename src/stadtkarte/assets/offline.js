/* Stadtkarte Integration: offline use. Registers the site's own service worker (sw.js at the
 * site root) – only in a top-level window of the site, never inside an iframe (the map embedded
 * on other websites stays as it is) – and runs the button "Für unterwegs speichern": it shows
 * what is saved and how big it is (offline/bundle.json, written at build time), then puts those
 * files into the bundle cache the service worker answers from. No text is hard-coded: the
 * texts come from the page (data attributes).
 */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !window.caches || window.self !== window.top) return;
  var script = document.currentScript;
  if (!script || !script.src) return;
  var root = script.src.replace(/assets\/stadtkarte\/offline\.js(\?.*)?$/, "");
  if (root === script.src || new URL(root).origin !== location.origin) return;

  var registered = navigator.serviceWorker.register(root + "sw.js", {scope: root});
  registered.catch(function () {});

  var box = document.querySelector("[data-sk-offline]");
  if (!box) return;
  var button = box.querySelector("button");
  var status = box.querySelector("[data-sk-offline-status]");
  var number = new Intl.NumberFormat(document.documentElement.lang || "de", {maximumFractionDigits: 1});

  function megabytes(bytes) {
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
    var sizes = {download: megabytes(manifest.download_bytes), stored: megabytes(manifest.bytes), count: manifest.files.length};
    box.hidden = false;
    return caches.open(name).then(function (cache) {
      return saved(cache, manifest).then(function (done) {
        say(done ? "saved" : "size", sizes);
        button.addEventListener("click", function () {
          button.disabled = true;
          var count = 0;
          say("saving", {done: 0, count: manifest.files.length});
          var chain = Promise.resolve();
          manifest.files.forEach(function (f) {
            chain = chain.then(function () {
              var url = new URL(f.url, root).href;
              return fetch(url, {cache: "no-cache"}).then(function (response) {
                if (!response.ok) throw new Error(url);
                return cache.put(url, response);
              }).then(function () {
                count += 1;
                say("saving", {done: count, count: manifest.files.length});
              });
            });
          });
          chain.then(function () {
            say("saved", sizes);
          }).catch(function () {
            say("failed", sizes);
          }).then(function () {
            button.disabled = false;
          });
        });
      });
    });
  }).catch(function () {
    box.hidden = true;  // no bundle file (or no network): nothing to offer
  });
})();
