// "Zitation kopieren": copies the citation next to the button. Without this
// script the buttons stay hidden and the citation text is selected by hand.
(function () {
  "use strict";

  function selectText(element) {
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(button) {
    const target = document.getElementById(button.dataset.tmCopy);
    const status = button.nextElementSibling;
    if (!target) {
      return;
    }
    const text = target.textContent.replace(/\s+/g, " ").trim();
    const done = function (message) {
      if (status) {
        status.textContent = message;
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { done("Kopiert."); },
        function () { selectText(target); done("Markiert: mit Strg+C kopieren."); }
      );
    } else {
      selectText(target);
      done("Markiert: mit Strg+C kopieren.");
    }
  }

  function init() {
    document.querySelectorAll("button[data-tm-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
