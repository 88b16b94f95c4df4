// Small enhancements. Every page works without them.
(function () {
  "use strict";

  // Quick exit: leave this site at once, replacing it in the tab's history so
  // the Back button doesn't return here. Works with the button and the Esc key.
  var NEUTRAL = "https://www.weather.gov/";
  function leave() {
    document.body.style.display = "none";
    window.location.replace(NEUTRAL);
  }
  document.querySelectorAll("[data-quick-exit]").forEach(function (button) {
    button.addEventListener("click", function (event) { event.preventDefault(); leave(); });
  });
  if (document.querySelector("[data-quick-exit]")) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { leave(); }
    });
  }

  // Error summary: focus it so screen readers announce it; its links move
  // to the field and keep the field's label in view.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) { return; }
      event.preventDefault();
      var label = document.querySelector("label[for='" + input.id + "']") ||
        (input.closest("fieldset") && input.closest("fieldset").querySelector("legend"));
      (label || input).scrollIntoView({ block: "start" });
      input.focus({ preventScroll: true });
    });
  }

  // Conditional fields: data-reveal-when="name=value" shows the block only
  // while that radio is chosen.
  document.querySelectorAll("[data-reveal-when]").forEach(function (panel) {
    var rule = panel.getAttribute("data-reveal-when").split("=");
    var radios = document.querySelectorAll("input[type=radio][name='" + rule[0] + "']");
    function update() {
      var chosen = document.querySelector("input[type=radio][name='" + rule[0] + "']:checked");
      panel.hidden = !(chosen && chosen.value === rule[1]);
    }
    radios.forEach(function (radio) {
      if (radio.value === rule[1]) {
        radio.setAttribute("aria-controls", panel.id);
      }
      radio.addEventListener("change", update);
    });
    update();
  });

  // Print buttons: hidden without JavaScript, where the browser's menu remains.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
