/* The sidebar buttons work on every device (transmit_kb.site_ui).
 *
 * pydata-sphinx-theme 0.20 and sphinx-book-theme 1.4 bind their drawer handlers
 * to the FIRST .primary-toggle / .secondary-toggle in the page (pydata #2451,
 * sbt #988): a copy in the hidden top bar. The visible buttons in the article
 * header therefore do nothing. A click (tap, Enter, Space) on any other toggle
 * is passed on to the first one, so the theme's own code opens the drawer (a
 * modal <dialog>: Escape closes it, focus returns to the button) or, on wide
 * screens, hides the sidebar. If the themes bind every toggle one day, the
 * first one is still the only one that acts: nothing runs twice.
 */
(() => {
  const kinds = ["primary-toggle", "secondary-toggle"];
  document.addEventListener(
    "click",
    (event) => {
      if (!(event.target instanceof Element)) return;
      for (const kind of kinds) {
        const button = event.target.closest(`.${kind}`);
        const bound = document.querySelector(`.${kind}`);
        if (!button || !bound || button === bound) continue;
        event.preventDefault();
        event.stopImmediatePropagation();
        button.focus(); // the theme returns focus to the element active when it opened
        bound.click();
        return;
      }
    },
    true,
  );
})();
