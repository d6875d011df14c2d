// Small enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    const form = select.form;
    const button = form.querySelector("button[type=submit]");
    if (button) button.hidden = true;
    select.addEventListener("change", () => form.submit());
  }
  menus();
});

// The navigation's menus and the user's menu, as disclosure buttons. Without this
// script a menu opens while the pointer or the keyboard focus is in its group (CSS);
// with it, its button opens and closes it: Escape closes it and gives the focus back
// to the button, the arrow keys (and Home, End) move between its links, and a click
// elsewhere, the focus leaving it or another menu opening closes it.
function menus() {
  const groups = [...document.querySelectorAll("[data-menu]")];
  if (!groups.length) return;
  document.documentElement.classList.add("menus-ready");

  const toggleOf = (group) => group.querySelector("[data-menu-toggle]");
  const panelOf = (group) => document.getElementById(toggleOf(group).getAttribute("aria-controls"));
  const itemsOf = (group) => [...panelOf(group).querySelectorAll("a, button")];
  const isOpen = (group) => toggleOf(group).getAttribute("aria-expanded") === "true";

  function close(group, { focus = false } = {}) {
    if (!isOpen(group)) return;
    toggleOf(group).setAttribute("aria-expanded", "false");
    if (focus) toggleOf(group).focus();
  }

  function open(group, { first = false, last = false } = {}) {
    for (const other of groups) if (other !== group) close(other);
    toggleOf(group).setAttribute("aria-expanded", "true");
    const items = itemsOf(group);
    if (first && items.length) items[0].focus();
    if (last && items.length) items[items.length - 1].focus();
  }

  for (const group of groups) {
    const toggle = toggleOf(group);
    toggle.addEventListener("click", () => (isOpen(group) ? close(group) : open(group)));
    toggle.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "Home") {
        event.preventDefault();
        open(group, { first: true });
      } else if (event.key === "ArrowUp" || event.key === "End") {
        event.preventDefault();
        open(group, { last: true });
      }
    });
    panelOf(group).addEventListener("keydown", (event) => {
      const items = itemsOf(group);
      const index = items.indexOf(document.activeElement);
      let next = null;
      if (event.key === "ArrowDown") next = items[(index + 1) % items.length];
      else if (event.key === "ArrowUp") next = items[(index - 1 + items.length) % items.length];
      else if (event.key === "Home") next = items[0];
      else if (event.key === "End") next = items[items.length - 1];
      if (next) {
        event.preventDefault();
        next.focus();
      }
    });
    group.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && isOpen(group)) {
        event.preventDefault();
        close(group, { focus: true });
      }
    });
    group.addEventListener("focusout", (event) => {
      if (event.relatedTarget && !group.contains(event.relatedTarget)) close(group);
    });
  }

  document.addEventListener("click", (event) => {
    for (const group of groups) if (!group.contains(event.target)) close(group);
  });
}
