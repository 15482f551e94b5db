// "Zitation kopieren": a button under each citation of the "Zitieren" block.
// The script adds the buttons itself, so without it no dead button is shown
// and the citation text is selected by hand.
(function () {
  "use strict";

  function selectText(element) {
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(target, status) {
    const text = target.textContent.replace(/\s+/g, " ").trim();
    const selectInstead = function () {
      selectText(target);
      status.textContent = "Markiert: mit Strg+C kopieren.";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = "Kopiert.";
      }, selectInstead);
    } else {
      selectInstead();
    }
  }

  function init() {
    document.querySelectorAll(".tm-citation-text[id]").forEach(function (target) {
      const label = target.previousElementSibling;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "tm-copy-button";
      button.dataset.tmCopy = target.id;
      button.textContent = "Zitation kopieren";
      if (label) {
        label.id = label.id || "tm-zitierstil-" + target.id.replace(/^tm-zitat-/, "");
        button.setAttribute("aria-describedby", label.id);
      }
      const status = document.createElement("span");
      status.className = "tm-copy-status";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () { copy(target, status); });
      target.after(button, status);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
