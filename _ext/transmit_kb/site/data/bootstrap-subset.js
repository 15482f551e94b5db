/*! Not Bootstrap: transmit_kb's stand-in for the theme's bootstrap.js (transmit_light_pages). */
/* What the pydata theme's bootstrap.js does on these pages, without Bootstrap
 * (transmit_kb.site.page_weight).
 *
 * pydata-sphinx-theme 0.20 ships all of Bootstrap 5 and Popper (81 KB) for
 * three things: dropdown menus ([data-bs-toggle="dropdown"]: the colour
 * mode), tooltips on the header buttons ([data-bs-toggle="tooltip"]) and the
 * back-to-top button. This file does the same with Bootstrap's classes, so
 * the theme's stylesheet draws everything as before. It replaces the theme's
 * file only when the built site needs nothing else of Bootstrap.
 *
 * Keyboard: Enter/Space open a menu, ArrowDown/ArrowUp open it and move
 * between its items, Escape closes it and returns focus to its button, so
 * does choosing an item; Tab out of a menu closes it. A tooltip shows on
 * hover and on keyboard focus; Escape hides it.
 */
(() => {
  "use strict";
  const ready = (callback) => {
    if (document.readyState !== "loading") callback();
    else document.addEventListener("DOMContentLoaded", callback);
  };
  const element = (event) => (event.target instanceof Element ? event.target : null);

  /* ---- dropdown menus ---- */
  const DROPDOWN = '[data-bs-toggle="dropdown"]';
  const MENU_GAP = 2; // Bootstrap's offset between button and menu
  let open = null; // [button, menu] of the open menu

  const menuOf = (button) => {
    for (let next = button.nextElementSibling; next; next = next.nextElementSibling) {
      if (next.classList.contains("dropdown-menu")) return next;
    }
    return button.parentElement?.querySelector(".dropdown-menu") ?? null;
  };
  const itemsOf = (menu) =>
    [...menu.querySelectorAll(".dropdown-item:not(.disabled):not(:disabled)")].filter(
      (item) => item.getClientRects().length > 0,
    );

  const closeMenu = (returnFocus) => {
    if (!open) return;
    const [button, menu] = open;
    open = null;
    const hadFocus = menu.contains(document.activeElement);
    menu.classList.remove("show");
    menu.removeAttribute("style"); // as Popper leaves it: the theme's hover rules apply again
    button.classList.remove("show");
    button.setAttribute("aria-expanded", "false");
    if (returnFocus || hadFocus) button.focus();
  };
  const openMenu = (button) => {
    const menu = menuOf(button);
    if (!menu) return null;
    if (open && open[0] !== button) closeMenu(false);
    hideTip();
    menu.classList.add("show");
    button.classList.add("show");
    button.setAttribute("aria-expanded", "true");
    placeMenu(button, menu);
    open = [button, menu];
    return menu;
  };
  // where Popper puts it: below the button, at its end (.dropdown-menu-end) or start,
  // moved sideways into the window where it would stick out
  const placeMenu = (button, menu) => {
    const end = menu.classList.contains("dropdown-menu-end");
    const offset = button.offsetTop + button.offsetHeight + MENU_GAP;
    menu.style.cssText = `position:absolute;inset:0 ${end ? "0 auto auto" : "auto auto 0"};margin:0;transform:translate(0px, ${offset}px)`;
    const box = menu.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const shift = box.left < 0 ? -box.left : Math.min(0, width - box.right);
    if (shift) menu.style.transform = `translate(${shift}px, ${offset}px)`;
  };
  const moveFocus = (menu, target, down) => {
    const items = itemsOf(menu);
    if (!items.length) return;
    const index = items.indexOf(target);
    if (index === -1) (down ? items[0] : items[items.length - 1]).focus();
    else items[Math.max(0, Math.min(items.length - 1, index + (down ? 1 : -1)))].focus();
  };

  document.addEventListener("click", (event) => {
    const target = element(event);
    const button = target?.closest(DROPDOWN);
    if (button) {
      event.preventDefault();
      if (button.matches(":disabled, .disabled")) return;
      if (open && open[0] === button) closeMenu(false);
      else openMenu(button);
      return;
    }
    if (!open) return;
    // like Bootstrap: a click on a form field inside the menu keeps it open
    if (target && open[1].contains(target) && target.closest("input, select, textarea, label"))
      return;
    closeMenu(false);
  });

  document.addEventListener("keydown", (event) => {
    const target = element(event);
    if (!target) return;
    if (event.key === "Escape") hideTip();
    const button = target.closest(DROPDOWN);
    const inMenu = open && open[1].contains(target);
    if (!button && !inMenu) return;
    if (event.key === "Escape") {
      if (!open) return;
      event.preventDefault();
      event.stopPropagation();
      closeMenu(true);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (target.matches("input, textarea")) return;
      event.preventDefault();
      event.stopPropagation();
      const menu = inMenu ? open[1] : openMenu(button);
      if (menu) moveFocus(menu, target, event.key === "ArrowDown");
    }
  });

  // Tab (or anything else) moving focus out of the open menu closes it
  document.addEventListener("focusin", (event) => {
    const target = element(event);
    if (open && target && !open[0].contains(target) && !open[1].contains(target)) closeMenu(false);
  });

  /* ---- tooltips ---- */
  const TOOLTIP = '[data-bs-toggle="tooltip"]';
  const SHOW_DELAY = 500;
  const HIDE_DELAY = 100;
  const GAP = 6;
  let tip = null; // {owner, node}
  let timer = 0;
  let counter = 0;

  const titleOf = (owner) => owner.getAttribute("data-bs-original-title") || "";
  // like Bootstrap: the title moves to data-bs-original-title (no second, native tooltip)
  const adopt = (owner) => {
    const title = owner.getAttribute("title");
    if (!title) return;
    if (!owner.getAttribute("aria-label") && !owner.textContent.trim()) {
      owner.setAttribute("aria-label", title);
    }
    owner.setAttribute("data-bs-original-title", title);
    owner.removeAttribute("title");
  };

  function hideTip() {
    clearTimeout(timer);
    if (!tip) return;
    tip.owner.removeAttribute("aria-describedby");
    tip.node.remove();
    tip = null;
  }
  const place = (owner, node) => {
    const box = owner.getBoundingClientRect();
    const size = node.getBoundingClientRect();
    const wantsTop = owner.getAttribute("data-bs-placement") === "top";
    const roomBelow = window.innerHeight - box.bottom >= size.height + GAP;
    const roomAbove = box.top >= size.height + GAP;
    const below = wantsTop ? !roomAbove && roomBelow : roomBelow || !roomAbove;
    const top = below ? box.bottom + GAP : box.top - size.height - GAP;
    const widest = document.documentElement.clientWidth - size.width;
    const left = Math.max(0, Math.min(widest, box.left + (box.width - size.width) / 2));
    node.style.transform = `translate(${left + window.scrollX}px, ${top + window.scrollY}px)`;
    node.setAttribute("data-popper-placement", below ? "bottom" : "top");
  };
  const showTip = (owner) => {
    const title = titleOf(owner);
    if (!title || !owner.isConnected || owner.querySelector(".dropdown-menu.show")) return;
    hideTip();
    const node = document.createElement("div");
    node.className = "tooltip bs-tooltip-auto fade";
    node.id = `tooltip${++counter}`;
    node.setAttribute("role", "tooltip");
    node.style.cssText = "position:absolute;inset:0 auto auto 0;margin:0";
    const inner = document.createElement("div");
    inner.className = "tooltip-inner";
    inner.textContent = title;
    node.appendChild(inner);
    document.body.appendChild(node);
    place(owner, node);
    owner.setAttribute("aria-describedby", node.id);
    node.classList.add("show");
    tip = { owner, node };
  };
  const later = (callback, delay) => {
    clearTimeout(timer);
    timer = setTimeout(callback, delay);
  };
  const enter = (owner) => {
    if (tip && tip.owner === owner) clearTimeout(timer);
    else later(() => showTip(owner), SHOW_DELAY);
  };
  const leave = (owner) => {
    if (tip && tip.owner === owner) later(hideTip, HIDE_DELAY);
    else clearTimeout(timer);
  };
  const crossing = (event) => {
    const owner = element(event)?.closest(TOOLTIP);
    const other = event.relatedTarget instanceof Node ? event.relatedTarget : null;
    return owner && !(other && owner.contains(other)) ? owner : null;
  };

  document.addEventListener("mouseover", (event) => {
    const owner = crossing(event);
    if (owner) enter(owner);
  });
  document.addEventListener("mouseout", (event) => {
    const owner = crossing(event);
    if (owner) leave(owner);
  });
  document.addEventListener("focusin", (event) => {
    const owner = element(event)?.closest(TOOLTIP);
    if (owner) enter(owner);
  });
  document.addEventListener("focusout", (event) => {
    const owner = element(event)?.closest(TOOLTIP);
    if (owner) leave(owner);
  });
  document.addEventListener("click", (event) => {
    if (tip && element(event)?.closest(TOOLTIP) === tip.owner) hideTip();
  });
  window.addEventListener("resize", hideTip);

  /* ---- back to top (as the theme's bootstrap.js) ---- */
  const backToTop = () => {
    const button = document.getElementById("pst-back-to-top");
    const header = document.querySelector(".bd-header");
    if (!button || !header) return;
    button.addEventListener("click", () => {
      document.body.scrollTop = 0;
      document.documentElement.scrollTop = 0;
    });
    const below = header.getBoundingClientRect().bottom;
    let last = window.scrollY;
    window.addEventListener("scroll", () => {
      const up = last > window.scrollY && window.scrollY > below;
      button.style.display = up ? "block" : "none";
      last = window.scrollY;
    });
  };

  ready(() => {
    document.querySelectorAll(TOOLTIP).forEach(adopt);
    document.querySelectorAll(DROPDOWN).forEach((button) => {
      if (!button.hasAttribute("aria-expanded")) button.setAttribute("aria-expanded", "false");
    });
    backToTop();
  });
})();
