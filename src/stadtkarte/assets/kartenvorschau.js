/* Stadtkarte Integration: the small map of an entry page (_minimap.html) loads only on request.
 * "Karte anzeigen" puts the map document (its address and title are in the page, data-sk-src and
 * data-sk-title) in an iframe where the button stood and moves the focus into it; before that no
 * map library runs and no map tile is requested. No text is written here. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-sk-minimap-open]"), function (button) {
    button.addEventListener("click", function () {
      var box = button.closest("[data-sk-minimap]");
      var frame = document.createElement("iframe");
      frame.className = "sk-map-frame sk-map-small";
      frame.title = button.getAttribute("data-sk-title");
      frame.setAttribute("src", button.getAttribute("data-sk-src"));
      box.insertBefore(frame, box.firstChild);
      var text = box.querySelector(".sk-minimap-text");
      if (text) text.parentNode.removeChild(text);
      frame.focus();  // before the button goes: the focus is never lost to the page's start
      button.parentNode.removeChild(button);
    });
  });
})();
