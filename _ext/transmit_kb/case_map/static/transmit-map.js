/* Case-study map: districts filter the finder (?kreis=<AGS>) and follow its filters.
 *
 * Without JavaScript each district links to its municipality's overview page.
 * With it, a district links to the finder filtered to it; on the finder page a
 * click sets the finder's "Kreis" filter, and every change of the finder
 * (event "transmit-finder-change" from transmit-finder.js) recounts the districts
 * under the other filters (topic, issue, …). No request leaves the page.
 */
(function () {
  "use strict";

  function countText(n) {
    if (n === 0) {
      return "keine Praxisbeispiele";
    }
    return n === 1 ? "1 Praxisbeispiel" : n + " Praxisbeispiele";
  }

  function level(n) {
    return Math.max(0, Math.min(n, 3));
  }

  function init() {
    var svgs = Array.prototype.slice.call(document.querySelectorAll("svg.tm-map-svg"));
    var form = document.querySelector("form.tm-finder");
    var select = form && form.querySelector("select[data-facet='district']");
    var list = document.querySelector(".tm-finder-list");
    var cards = list ? Array.prototype.slice.call(list.querySelectorAll(".tm-case-listing-card")) : [];

    svgs.forEach(function (svg) {
      var finder = svg.dataset.finder;
      svg.querySelectorAll("a.tm-map-district").forEach(function (link) {
        var ags = link.dataset.district;
        if (select) {
          link.setAttribute("href", "?kreis=" + encodeURIComponent(ags));
          link.addEventListener("click", function (event) {
            event.preventDefault();
            select.value = ags;
            select.dispatchEvent(new Event("change"));
            var status = form.querySelector(".tm-finder-status");
            if (status) {
              status.scrollIntoView({block: "nearest"});
            }
          });
        } else if (finder) {
          link.setAttribute("href", finder + "?kreis=" + encodeURIComponent(ags));
        }
      });
    });
    if (!select) {
      return;
    }

    function recount() {
      var others = [];
      form.querySelectorAll("select[data-facet]").forEach(function (s) {
        if (s !== select && s.value) {
          others.push("tm-cs-" + s.dataset.facet + "-" + s.value);
        }
      });
      var matching = cards.filter(function (card) {
        return others.every(function (name) {
          return card.classList.contains(name);
        });
      });
      svgs.forEach(function (svg) {
        svg.querySelectorAll("a.tm-map-district").forEach(function (link) {
          var ags = link.dataset.district;
          var n = matching.filter(function (card) {
            return card.classList.contains("tm-cs-district-" + ags);
          }).length;
          link.setAttribute("class", "tm-map-district tm-map-level-" + level(n));
          link.setAttribute("aria-label", link.dataset.name + ": " + countText(n));
          if (select.value === ags) {
            link.setAttribute("aria-current", "true");
          } else {
            link.removeAttribute("aria-current");
          }
          var text = link.querySelector("text");
          if (text) {
            text.textContent = String(n);
          }
          var cell = document.querySelector(".tm-map-row-" + ags + " .tm-map-count");
          if (cell) {
            cell.textContent = String(n);
          }
        });
      });
    }

    document.addEventListener("transmit-finder-change", recount);
    recount();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
