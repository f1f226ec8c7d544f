/* Stadtkarte Integration: near me. Distances from a point the visitor chose: their own position
 * (asked for only when they press the button; it stays in this page, is never sent or stored)
 * or the centre of a Stadtteil, PLZ or Ort computed at build time (nearby.py), so no request
 * leaves the site. A protected place is known only as its area, its distance is "ca. …".
 *
 * window.stadtkarteNaehe: distance(a, b) in km; format(km, lang) "1,2 km" in the page's language.
 */
(function () {
  "use strict";
  var EARTH_RADIUS_KM = 6371.0088;

  function rad(degrees) { return degrees * Math.PI / 180; }

  function distance(a, b) {
    var dLat = rad(b.lat - a.lat), dLon = rad(b.lon - a.lon);
    var h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.pow(Math.sin(dLon / 2), 2);
    return EARTH_RADIUS_KM * 2 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /* one decimal below 10 km ("0,4 km", "1,2 km"), whole kilometres above ("12 km") */
  function format(km, lang) {
    var digits = km < 10 ? 1 : 0;
    return new Intl.NumberFormat(lang || "de", {
      style: "unit", unit: "kilometer", unitDisplay: "short",
      minimumFractionDigits: digits, maximumFractionDigits: digits
    }).format(km);
  }

  window.stadtkarteNaehe = { distance: distance, format: format };
})();
