// Small enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    const form = select.form;
    const button = form.querySelector("button[type=submit]");
    if (button) button.hidden = true;
    select.addEventListener("change", () => form.submit());
  }
});
