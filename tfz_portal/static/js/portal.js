// Quick exit: leave this site at once, replacing it in the tab's history so
// the Back button doesn't return here. Works with the button and the Esc key.
(function () {
  "use strict";
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
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
