// Lists (core/_filter_panel.html, core/_list_controls.html). Every list works without this
// script: its filters, chips, "Clear all filters" and sort are links and GET forms. It only helps:
// - on a narrow screen the filter panel starts closed, so the results are near the top; it keeps
//   its state when htmx swaps the list, and opens again when the screen widens;
// - ticking a filter box applies the filters (htmx swaps the list in place);
// - after a swap the number of results is said by a polite live region outside the swapped part,
//   and when a link was followed (a chip, "Clear all filters"), which is gone from the new list,
//   focus moves to that number, the results' heading.
(function () {
  "use strict";

  var narrow = window.matchMedia("(max-width: 47.99rem)");
  var status = null;
  var panelWasOpen = null;

  function setup() {
    document.querySelectorAll("[data-filter-panel]").forEach(function (panel) {
      if (panelWasOpen !== null) {
        panel.open = panelWasOpen;
      } else if (narrow.matches) {
        panel.open = false;
      }
      // From now on the panel shows as open or closed; before this, html.js and the stylesheet
      // kept it closed on a narrow screen, so closing it here moves nothing on the page.
      panel.setAttribute("data-ready", "");
    });
    document.querySelectorAll("form[data-list-filters]:not([data-list-ready])").forEach(function (form) {
      form.setAttribute("data-list-ready", "");
      form.addEventListener("change", function (event) {
        if (event.target.matches("input[type=checkbox], input[type=radio]")) {
          form.requestSubmit();
        }
      });
    });
  }

  function announce(text) {
    if (!status) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 100);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var main = document.getElementById("main");
    if (!main || !document.querySelector("[data-list-count]")) { return; }
    status = document.createElement("div");
    status.id = "list-status";
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    main.appendChild(status);
    setup();
    narrow.addEventListener("change", function () {
      if (!narrow.matches) {
        document.querySelectorAll("[data-filter-panel]").forEach(function (panel) { panel.open = true; });
      }
    });
  });

  document.addEventListener("htmx:beforeSwap", function () {
    var panel = document.querySelector("[data-filter-panel]");
    panelWasOpen = panel ? panel.open : null;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var count = document.querySelector("[data-list-count]");
    if (!count) { return; }
    setup();
    announce(count.textContent.trim());
    var trigger = event.detail && event.detail.requestConfig && event.detail.requestConfig.elt;
    if (trigger && trigger.tagName === "A") {
      count.focus();
    }
  });
}());
