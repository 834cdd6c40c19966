// Budget ballot: keeps the line under the choices ("Your choices cost ...: ... left") current as
// a person ticks projects or types points. The form works the same without it; the server
// checks the ballot whatever this says. Texts come translated from the form's data-text-*.
// After a refused ballot it moves focus to the error summary.
(function () {
  "use strict";
  function format(number) {
    return number.toLocaleString(document.documentElement.lang || undefined);
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }
  function update(form) {
    var status = form.querySelector("#ballot-status");
    if (!status) { return; }
    var style = form.dataset.style;
    var currency = " " + form.dataset.currency;
    if (style === "points") {
      var given = 0;
      form.querySelectorAll("input.budget-points").forEach(function (input) {
        var value = parseInt(input.value, 10);
        if (value > 0) { given += value; }
      });
      status.textContent = fill(form.dataset.textPoints, {given: format(given), points: format(parseInt(form.dataset.points, 10))});
      return;
    }
    var ticked = form.querySelectorAll("input[type=checkbox][name=projects]:checked");
    if (style === "knapsack") {
      var total = parseInt(form.dataset.total, 10);
      var spent = 0;
      ticked.forEach(function (box) { spent += parseInt(box.dataset.cost, 10); });
      var values = {
        spent: format(spent) + currency, left: format(total - spent) + currency,
        total: format(total) + currency, over: format(spent - total) + currency
      };
      status.textContent = fill(spent <= total ? form.dataset.textKnapsack : form.dataset.textOver, values);
    } else {
      status.textContent = fill(form.dataset.textCount, {count: format(ticked.length)});
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    // GOV.UK error summary: move focus to it so screen readers announce the problem first.
    var summary = document.querySelector(".error-summary[data-autofocus]");
    if (summary) { summary.focus(); }
    document.querySelectorAll("form[data-budget-ballot]").forEach(function (form) {
      form.addEventListener("input", function () { update(form); });
      form.addEventListener("change", function () { update(form); });
    });
  });
})();
