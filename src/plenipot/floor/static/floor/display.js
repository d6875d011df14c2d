// The room display: the text under negotiation as the pen edits it, following the
// provision the pen is on, beside the list of speakers and the clock. It listens to
// the drafting room's socket as any watcher does, and never sends an edit.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("display-data").textContent);
  const draftEl = document.getElementById("display-draft");
  const panel = document.getElementById("display-panel");
  let focus = "";
  let penSaid = false; // once the pen says where it is, the display follows the pen

  // Until the pen says where it is, the display shows the provision being spoken on.
  function speakingOn() {
    const floor = panel && panel.querySelector("[data-speaking-on]");
    return floor ? floor.dataset.speakingOn : "";
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value;
      else if (key === "class") node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  function startText() {
    const state = {
      head: data.snapshot.head,
      order: data.snapshot.order,
      numbers: data.snapshot.numbers,
      provisions: data.snapshot.provisions,
      pending: new Map(),
    };
    let socket = null;
    let retry = 0;

    function renderProvision(eid) {
      const p = state.provisions[eid];
      const block = el("div", {
        class: "display-provision kind-" + p.kind + " depth-" + p.depth + " status-" + p.status,
        id: "d-" + eid,
        "data-eid": eid,
      });
      const number = state.numbers[eid];
      if (number) block.append(el("span", { class: "num", text: number + " " }));
      const text = el("span", { class: "text", dir: "auto" });
      p.segments.forEach(function (segment) {
        if (typeof segment === "string") {
          text.append(document.createTextNode(segment));
          return;
        }
        const bracket = el("span", { class: "bracket" }, [document.createTextNode("[")]);
        segment.forEach(function (alt, k) {
          if (k) bracket.append(document.createTextNode(" | "));
          const altEl = el("span", { class: "alt" });
          altEl.append(document.createTextNode(alt.text || "…"));
          if (alt.sources.length) altEl.append(el("sup", { class: "sources", text: " " + alt.sources.join(", ") }));
          bracket.append(altEl);
        });
        bracket.append(document.createTextNode("]"));
        text.append(bracket);
      });
      block.append(text);
      if (eid === focus) block.classList.add("pen-here");
      return block;
    }

    function render() {
      draftEl.replaceChildren(...state.order.filter((eid) => state.provisions[eid]).map(renderProvision));
      document.body.dataset.head = state.head;
      follow();
    }

    function follow() {
      const here = focus && document.getElementById("d-" + focus);
      if (here) here.scrollIntoView({ block: "center", behavior: "smooth" });
    }

    function take(event) {
      if (event.number <= state.head) return;
      state.pending.set(event.number, event);
      let applied = false;
      while (state.pending.has(state.head + 1)) {
        const next = state.pending.get(state.head + 1);
        state.pending.delete(state.head + 1);
        for (const [eid, p] of Object.entries(next.provisions)) {
          if (p) state.provisions[eid] = p;
          else delete state.provisions[eid];
        }
        state.order = next.order;
        state.numbers = next.numbers;
        state.head = next.number;
        // An edit shows where the pen is even before it says so.
        const changed = Object.keys(next.provisions).filter((eid) => next.provisions[eid]);
        if (changed.length) {
          focus = changed[0];
          penSaid = true;
        }
        applied = true;
      }
      if (state.pending.size && socket) socket.send(JSON.stringify({ type: "resume", after: state.head }));
      if (applied) render();
    }

    function connect() {
      const scheme = location.protocol === "https:" ? "wss://" : "ws://";
      socket = new WebSocket(scheme + location.host + data.socket);
      socket.addEventListener("open", function () {
        retry = 0;
      });
      socket.addEventListener("message", function (message) {
        const frame = JSON.parse(message.data);
        if (frame.type === "hello") socket.send(JSON.stringify({ type: "resume", after: state.head }));
        else if (frame.type === "revision") take(frame);
        else if (frame.type === "presence" && frame.pen && frame.focus && frame.state !== "leave") {
          focus = frame.focus;
          penSaid = true;
          render();
        }
      });
      socket.addEventListener("close", function (event) {
        if (event.code === 4404 || event.code === 4429) return;
        const delay = Math.min(10000, 250 * 2 ** retry);
        retry += 1;
        setTimeout(connect, delay);
      });
    }

    window.plenipotDisplay = {
      state: state,
      focus: () => focus,
      speaking: function () {
        if (penSaid) return;
        const eid = speakingOn();
        if (eid && eid !== focus) {
          focus = eid;
          render();
        }
      },
    };
    focus = speakingOn();
    render();
    connect();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (data && draftEl) startText();
    if (panel) {
      window.plenipotFloor.livePanel(panel, {
        noticeId: "display-notice",
        onReload: function () {
          if (window.plenipotDisplay) window.plenipotDisplay.speaking();
        },
      });
    }
  });
})();
