/* Case-study finder: filters that combine, counts per option, state in the URL.
 *
 * The page lists every case study without JavaScript. Each card carries its
 * filter values as classes (tm-cs-<facet>-<value>); this script shows the
 * form, hides the cards that do not match and keeps ?land=…&art=…&thema=…&ausgabe=…
 * in the address so a filtered view can be shared. No request leaves the page.
 * An option that would leave no case study says "(0)" and cannot be chosen;
 * should a shared address still lead to an empty list, the list says so and
 * offers to reset the filters.
 */
(function () {
  "use strict";

  function hasValue(card, facet, value) {
    return card.classList.contains("tm-cs-" + facet + "-" + value);
  }

  function matches(card, selection, skipFacet) {
    return Object.keys(selection).every(function (facet) {
      var value = selection[facet];
      return facet === skipFacet || !value || hasValue(card, facet, value);
    });
  }

  function count(n) {
    return n === 1 ? "1 Praxisbeispiel" : n + " Praxisbeispiele";
  }

  /** Show an option's count; one that leaves nothing is marked and cannot be chosen. */
  function markOption(option, n) {
    option.textContent = option.dataset.label + " (" + n + ")";
    option.disabled = n === 0 && !option.selected;
    option.classList.toggle("tm-finder-option-empty", n === 0);
  }

  /** The message for an empty result: what happened and the ways back. */
  function emptyNotice(selects, reset) {
    var box = document.createElement("div");
    box.className = "tm-finder-empty";
    box.hidden = true;
    var text = document.createElement("p");
    text.textContent = "Kein Praxisbeispiel passt zu allen gewählten Filtern. " +
      "Setzen Sie die Filter zurück oder wählen Sie weniger Filter.";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Alle Filter zurücksetzen";
    button.addEventListener("click", function () {
      reset();
      selects[0].focus();
    });
    box.append(text, button);
    return box;
  }

  function init() {
    var form = document.querySelector("form.tm-finder");
    var list = document.querySelector(".tm-finder-list");
    if (!form || !list) {
      return;
    }
    var cards = Array.prototype.slice.call(list.querySelectorAll(".tm-case-listing-card"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facet]"));
    var status = form.querySelector(".tm-finder-status");
    var staticCount = list.querySelector(".tm-case-count");
    var empty = emptyNotice(selects, function () {
      form.reset();
    });
    list.insertBefore(empty, list.firstChild);

    function selection() {
      var chosen = {};
      selects.forEach(function (select) {
        chosen[select.dataset.facet] = select.value;
      });
      return chosen;
    }

    function update(writeUrl) {
      var chosen = selection();
      var shown = 0;
      cards.forEach(function (card) {
        var visible = matches(card, chosen, null);
        card.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      // Counts per option: how many cards the option would leave, given the other filters.
      selects.forEach(function (select) {
        var facet = select.dataset.facet;
        Array.prototype.forEach.call(select.options, function (option) {
          if (!option.value) {
            return;
          }
          var n = cards.filter(function (card) {
            return matches(card, chosen, facet) && hasValue(card, facet, option.value);
          }).length;
          markOption(option, n);
        });
      });
      var text = shown === cards.length
        ? count(cards.length)
        : count(shown) + " von " + cards.length + " angezeigt";
      status.textContent = text;
      empty.hidden = shown !== 0;
      if (staticCount) {
        staticCount.hidden = true;
      }
      if (writeUrl) {
        var params = new URLSearchParams(window.location.search);
        selects.forEach(function (select) {
          if (select.value) {
            params.set(select.name, select.value);
          } else {
            params.delete(select.name);
          }
        });
        var query = params.toString();
        var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
        window.history.replaceState(null, "", url);
      }
      // Other parts of the page (the map, transmit-map.js) follow the filters.
      form.dispatchEvent(new CustomEvent("transmit-finder-change", {bubbles: true}));
    }

    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted && Array.prototype.some.call(select.options, function (o) {
        return o.value === wanted;
      })) {
        select.value = wanted;
      }
      select.addEventListener("change", function () {
        update(true);
      });
    });
    form.addEventListener("reset", function () {
      window.setTimeout(function () {
        update(true);
      }, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.hidden = false;
    update(false);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
