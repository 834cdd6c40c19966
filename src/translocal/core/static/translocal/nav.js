// The main navigation (core/_main_nav.html) on a narrow screen: the list of links folds away
// behind a "Menu" button (aria-expanded, aria-controls), so the page starts near the top; it
// opens by mouse, touch or keyboard and stays as chosen until the screen widens, where the
// links are always shown and the button is hidden. Without this script the links are shown.
(function () {
  "use strict";

  var narrow = window.matchMedia("(max-width: 47.99rem)");

  function show(nav, open) {
    var button = nav.querySelector(".site-nav__toggle");
    var list = nav.querySelector(".site-nav__list");
    if (!button || !list) { return; }
    button.hidden = !narrow.matches;
    button.setAttribute("aria-expanded", String(open || !narrow.matches));
    list.hidden = narrow.matches && !open;
    nav.toggleAttribute("data-open", Boolean(open) && narrow.matches);
  }

  function layout() {
    document.querySelectorAll("[data-site-nav]").forEach(function (nav) {
      show(nav, nav.hasAttribute("data-open"));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-site-nav]").forEach(function (nav) {
      var button = nav.querySelector(".site-nav__toggle");
      if (!button) { return; }
      button.addEventListener("click", function () {
        show(nav, button.getAttribute("aria-expanded") !== "true");
      });
    });
    layout();
    narrow.addEventListener("change", layout);
  });
})();
