// Forms, the GOV.UK way. Every form works without this script; it only helps:
// - after a refused submit, focus moves to the error summary, so a screen reader announces the
//   problem first; each of its links moves focus to its field (the first box of a group) and
//   scrolls its label or legend into view;
// - the filter box of a collapsed group of checkboxes hides the boxes whose label does not
//   contain what is typed, and says how many are shown;
// - a picker (WAI-ARIA 1.2 combobox: a text box, a listbox of matches fetched by htmx, a live
//   region) is worked with the keyboard: Down and Up move through the matches
//   (aria-activedescendant), Enter chooses one, Escape closes the list (or clears the box).
//   What is chosen becomes a ticked checkbox of the field; its "Search" button, for use
//   without this script, is removed.
(function () {
  "use strict";

  function fieldFor(id) {
    var target = document.getElementById(id);
    if (!target) { return null; }
    if (target.matches("fieldset")) {
      target = target.querySelector("input, select, textarea") || target;
    }
    return target;
  }

  function labelFor(field) {
    var fieldset = field.closest("fieldset");
    if (fieldset && fieldset.querySelector("legend") && field.type !== "text") {
      return fieldset.querySelector("legend");
    }
    return (field.id && document.querySelector('label[for="' + field.id + '"]')) || field;
  }

  function focusField(id) {
    var field = fieldFor(id);
    if (!field) { return false; }
    var closed = field.closest("details:not([open])");
    if (closed) { closed.open = true; }
    field.focus({preventScroll: true});
    labelFor(field).scrollIntoView({block: "start"});
    return document.activeElement === field;
  }

  function errorSummary(summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      if (focusField(decodeURIComponent(link.getAttribute("href").slice(1)))) {
        event.preventDefault();
      }
    });
  }

  function filterBox(input) {
    var group = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById(input.dataset.status);
    if (!group) { return; }
    input.addEventListener("input", function () {
      var words = input.value.trim().toLocaleLowerCase();
      var shown = 0;
      group.querySelectorAll(".checkbox").forEach(function (row) {
        var match = !words || row.textContent.toLocaleLowerCase().indexOf(words) !== -1;
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      if (status) {
        status.textContent = (shown === 1 ? input.dataset.textOne : input.dataset.textMany).replace("{count}", shown);
      }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // filtering, not submitting
    });
  }


  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  function picker(root) {
    var input = root.querySelector("input[role=combobox]");
    var listbox = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById(input.id + "-status");
    var chosen = document.getElementById(input.id + "-chosen");
    var button = root.querySelector(".picker__button");
    var active = -1;
    if (button) { button.remove(); }  // Enter chooses a match instead

    function options() { return Array.prototype.slice.call(listbox.querySelectorAll("[role=option]")); }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var all = options();
      if (!all.length) { return; }
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
        option.classList.toggle("picker__option--active", i === active);
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({block: "nearest"});
    }

    function choose(option) {
      var label = option.dataset.label;
      if (root.dataset.fill === "true") {  // the box itself is the field: it takes the value
        input.value = option.dataset.value;
        close();
        listbox.innerHTML = "";
        status.textContent = fill(root.dataset.textAdded, {label: label});
        return;
      }
      if (option.dataset.action === "describe") {
        // "Add a new place": the typed name goes to "Propose a new place" (its country is asked
        // next) and, when empty, to "Location (as described)".
        var proposed = document.getElementById("id_new_place_name");
        var location = document.getElementById("id_location_name");
        if (proposed) { proposed.value = label; }
        if (location && !location.value) { location.value = label; }
      } else {
        var value = option.dataset.value;
        var existing = chosen.querySelector('input[value="' + CSS.escape(value) + '"]');
        if (root.dataset.multiple !== "true") {
          chosen.innerHTML = "";
          existing = null;
        }
        if (existing) {
          existing.checked = true;
        } else {
          var id = input.id + "-chosen-" + value;
          var item = document.createElement("li");
          item.className = "checkbox";
          var box = document.createElement("input");
          box.type = "checkbox";
          box.name = root.dataset.name;
          box.value = value;
          box.id = id;
          box.checked = true;
          var text = document.createElement("label");
          text.htmlFor = id;
          text.textContent = label;
          item.appendChild(box);
          item.appendChild(text);
          chosen.appendChild(item);
        }
        chosen.hidden = false;
      }
      input.value = "";
      close();
      listbox.innerHTML = "";
      status.textContent = fill(root.dataset.textAdded, {label: label});
    }

    listbox.addEventListener("htmx:afterSwap", function () {
      var count = options().length;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!input.value.trim() || document.activeElement !== input) { close(); return; }
      listbox.hidden = count === 0;
      input.setAttribute("aria-expanded", count ? "true" : "false");
      var text = count === 0 ? root.dataset.textNone : count === 1 ? root.dataset.textOne : root.dataset.textMany;
      status.textContent = fill(text, {count: count});
    });
    listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep focus in the box
    listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) { choose(option); input.focus(); }
    });
    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden && options().length > 0;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!options().length) { return; }
        event.preventDefault();
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(active === -1 && event.key === "ArrowUp" ? -1 : active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        event.preventDefault();  // never submits the form from here
        if (open && active >= 0) { choose(options()[active]); }
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); } else if (input.value) { event.preventDefault(); input.value = ""; }
      }
    });
    input.addEventListener("blur", function () { close(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-picker]").forEach(picker);
    document.querySelectorAll(".error-summary").forEach(errorSummary);
    var summary = document.querySelector(".error-summary[data-autofocus]");
    if (summary) { summary.focus(); }
    document.querySelectorAll("input[data-filter-checkboxes]").forEach(function (input) {
      var group = document.getElementById(input.getAttribute("aria-controls"));
      // A short group needs no filter.
      if (!group || group.querySelectorAll(".checkbox").length <= 8) { return; }
      input.closest(".choice-filter").hidden = false;
      filterBox(input);
    });
  });
})();
