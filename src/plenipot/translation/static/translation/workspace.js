// Translator workspace: keyboard-first, optimistic saving that never loses work.
// Each save names the revision it was made against; a stale save is refused by the
// server with the current text, which is shown while the translator's own text stays
// in the box. Unsaved text is also kept in the browser until the server has it.
// A suggestion from the memory or the machine that needs no change is confirmed as it
// is ("Confirm as it is", or Ctrl+Enter): saved unchanged, it becomes the translator's.
(function () {
  "use strict";
  const root = document.querySelector(".workspace");
  if (!root) return;
  const saveUrl = root.dataset.saveUrl;
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const storeKey = (eid) => "plenipot-tr-" + root.dataset.expression + "-" + eid;
  const rows = Array.from(root.querySelectorAll(".ws-row"));

  function state(row, text, kind) {
    const el = row.querySelector(".ws-state");
    el.textContent = text;
    el.dataset.kind = kind || "";
  }

  // A row whose text came from the memory's fuzzy match or the machine, not yet
  // confirmed or changed by a person.
  function unconfirmed(row) {
    return row.classList.contains("origin-fuzzy") || row.classList.contains("origin-machine");
  }

  // One save at a time per provision: a save asked for while another is on its way
  // waits for it, then goes with the revision that save returned. `confirm` saves the
  // text even when it is unchanged.
  function save(row, confirm) {
    if (row.saving) {
      row.saveAgain = true;
      row.confirmAgain = row.confirmAgain || Boolean(confirm);
      return row.saving;
    }
    row.saving = send(row, confirm).finally(() => {
      row.saving = null;
      if (row.saveAgain) {
        const again = row.confirmAgain;
        row.saveAgain = false;
        row.confirmAgain = false;
        save(row, again && unconfirmed(row));
      }
    });
    return row.saving;
  }

  async function send(row, confirm) {
    const box = row.querySelector("textarea");
    if (box.readOnly) return true;
    if (box.dataset.dirty !== "1" && !(confirm && box.value.trim())) return true;
    const sent = box.value;
    const eid = row.dataset.eid;
    const body = new URLSearchParams({ text: sent, revision: row.dataset.revision });
    let response;
    try {
      response = await fetch(saveUrl + encodeURIComponent(eid) + "/", {
        method: "POST",
        headers: { "X-CSRFToken": csrf },
        body: body,
      });
    } catch (error) {
      state(row, root.dataset.msgOffline, "error");
      return false;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      row.dataset.revision = answer.revision;
      if (box.value === sent) {
        box.dataset.dirty = "0";
        localStorage.removeItem(storeKey(eid));
      }
      state(row, root.dataset.msgSaved, "saved");
      const list = row.querySelector(".ws-failures");
      list.replaceChildren(...(answer.failures || []).map((message) => {
        const li = document.createElement("li");
        li.textContent = message;
        return li;
      }));
      row.classList.remove("origin-fuzzy", "origin-machine", "origin-none");
      row.classList.add("origin-human");
      row.querySelector(".ws-origin").textContent = root.dataset.msgTranslated;
      const button = row.querySelector(".ws-confirm");
      if (button) button.remove();
      return true;
    }
    if (response.status === 409) {
      // Keep ours in the box; show theirs and take their revision so the next save wins knowingly.
      row.dataset.revision = answer.revision;
      state(row, answer.error + " — " + answer.text, "conflict");
      return false;
    }
    state(row, answer.error || response.statusText, "error");
    return false;
  }

  function focusRow(index) {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    const box = row.querySelector("textarea");
    box.focus();
    row.scrollIntoView({ block: "center" });
  }

  rows.forEach((row, index) => {
    const box = row.querySelector("textarea");
    const confirmButton = row.querySelector(".ws-confirm");
    if (confirmButton) {
      confirmButton.hidden = false;
      confirmButton.addEventListener("click", () => { save(row, true); });
    }
    const kept = localStorage.getItem(storeKey(row.dataset.eid));
    if (kept !== null && kept !== box.value && !box.readOnly) {
      box.value = kept;
      box.dataset.dirty = "1";
      state(row, root.dataset.msgUnsaved, "dirty");
    }
    box.addEventListener("input", () => {
      box.dataset.dirty = "1";
      localStorage.setItem(storeKey(row.dataset.eid), box.value);
      state(row, root.dataset.msgUnsaved, "dirty");
    });
    box.addEventListener("blur", () => { save(row); });
    box.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
        event.preventDefault();
        save(row, unconfirmed(row));
        focusRow(index + 1);
      } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        save(row);
      } else if (event.altKey && event.key === "ArrowDown") {
        event.preventDefault();
        focusRow(index + 1);
      } else if (event.altKey && event.key === "ArrowUp") {
        event.preventDefault();
        focusRow(index - 1);
      } else if (event.altKey && ["1", "2", "3"].includes(event.key)) {
        const match = row.querySelectorAll(".ws-matches li")[Number(event.key) - 1];
        if (match && !box.readOnly) {
          event.preventDefault();
          box.value = match.dataset.target;
          box.dispatchEvent(new Event("input"));
        }
      }
    });
  });
  window.addEventListener("beforeunload", (event) => {
    if (root.querySelector("textarea[data-dirty='1']")) event.preventDefault();
  });
})();
