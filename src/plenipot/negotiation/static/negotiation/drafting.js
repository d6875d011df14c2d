// The drafting room: renders the draft, applies live revisions in order, resumes after
// a reconnect, shows presence and, for the pen, edits provisions against the revision
// it saw when it began. Protocol: docs/drafting-room.md.
(function () {
  "use strict";

  const room = JSON.parse(document.getElementById("room-data").textContent);
  const t = room.strings;
  const state = {
    head: room.snapshot.head,
    order: room.snapshot.order,
    numbers: room.snapshot.numbers,
    labels: room.snapshot.labels || {},
    provisions: room.snapshot.provisions,
    pending: new Map(), // revisions that arrived ahead of the one we wait for
    editing: null, // {eid, base}
    presence: new Map(),
    socket: null,
    retry: 0,
    refs: 0,
  };
  const draftEl = document.getElementById("draft");
  const headEl = document.getElementById("head");
  const liveEl = document.getElementById("live");
  const conflictEl = document.getElementById("conflict");
  const presenceEl = document.getElementById("presence");
  const historyEl = document.getElementById("history");
  const byOrigin = document.getElementById("by-origin");
  const suggestionsEl = document.getElementById("suggestions");
  state.suggestions = new Map(room.suggestions.map((s) => [s.id, s]));
  const snapshotForm = document.getElementById("snapshot-form");
  if (snapshotForm) {
    snapshotForm.addEventListener("submit", function (event) {
      event.preventDefault();
      send({ type: "snapshot", name: document.getElementById("snapshot-name").value });
    });
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

  // The draft's own language and direction, which its text keeps whatever the page's
  // (English text on an Arabic page stays left to right, its punctuation at the end).
  const textLang = room.snapshot.language || "";
  const textDir = room.snapshot.direction || "ltr";
  const pageDir = document.documentElement.dir || "ltr";
  const pageLang = document.documentElement.lang || "";

  // Text of the draft set apart in the page: its language and direction on the element.
  function inText(node) {
    if (textLang) node.setAttribute("lang", textLang);
    node.setAttribute("dir", textDir);
    return node;
  }

  // A control of the page (the editor, a list) inside the draft: the page's own.
  function inPage(node) {
    if (pageLang) node.setAttribute("lang", pageLang);
    node.setAttribute("dir", pageDir);
    return node;
  }

  // A provision named as people name it ("considering b)", "the title"), from its label
  // in parts: the text's words isolated in their own direction, the rest in the page's.
  function labelParts(eid) {
    const label = state.labels[eid];
    if (!label) return [t.labels.unknown, ""];
    const words = label.words ? (label.occurrence ? label.words + " (" + label.occurrence + ")" : label.words) : "";
    const numbers = (label.path || []).join(" ");
    switch (label.kind) {
      case "number":
      case "title":
      case "formula":
        return [t.labels[label.kind], ""];
      case "heading":
        return [t.labels.heading, words];
      case "annex_paragraph":
        return [t.labels.annex_paragraph.replace("%(n)s", numbers), words];
      default:
        return ["%(words)s", [words, numbers].filter(Boolean).join(" ")];
    }
  }

  // The label as nodes: a <bdi> with the text's language for the text's words.
  function labelNode(eid) {
    const [pattern, words] = labelParts(eid);
    const out = el("span", { class: "label" });
    const at = pattern.search(/%\((words|annex)\)s/);
    if (at < 0) {
      out.textContent = pattern;
      return out;
    }
    const end = pattern.indexOf(")s", at) + 2;
    out.append(pattern.slice(0, at), inText(el("bdi", { text: words })), pattern.slice(end));
    return out;
  }

  // The label as plain text (an option of a list), the text's words isolated.
  function labelText(eid) {
    const [pattern, words] = labelParts(eid);
    const isolated = textDir === pageDir ? words : "\u2068" + words + "\u2069";
    return pattern.replace(/%\((words|annex)\)s/, isolated);
  }

  function hue(origin) {
    let h = 0;
    for (const c of origin.split("/")[0]) h = (h * 31 + c.charCodeAt(0)) % 360;
    return h;
  }

  // Words of a piece with their origins, when the view is coloured by origin.
  function words(text, origins) {
    if (!byOrigin.checked) return document.createTextNode(text);
    const out = el("span");
    const tokens = text.match(/\s+|[^\s\p{P}]+|./gu) || [];
    tokens.forEach(function (token) {
      const origin = origins.shift() || "";
      const span = el("span", { class: "word", "data-origin": origin, title: origin, text: token });
      if (!/^\s+$/.test(token)) span.style.background = "hsl(" + hue(origin) + " 70% 88%)";
      out.append(span);
    });
    return out;
  }

  function renderProvision(eid) {
    const p = state.provisions[eid];
    const origins = (p.origins || []).slice();
    // The provision's line is the control that opens its editor; the editor is its
    // sibling, not its child, so that assistive technology sees the editor's fields.
    const block = el("div", { class: "provision-block", id: "p-" + eid, "data-eid": eid, "data-status": p.status });
    const line = el("div", { class: "provision kind-" + p.kind + " depth-" + p.depth + " status-" + p.status });
    block.append(line);
    if (p.sponsors.length) line.append(el("span", { class: "add", text: "[ADD " + p.sponsors.join(", ") + "] " }));
    const number = state.numbers[eid];
    if (number) line.append(el("span", { class: "num", text: number + " " }));
    const text = el("span", { class: "text" });
    p.segments.forEach(function (segment, k) {
      if (typeof segment === "string") {
        text.append(el("span", { class: "agreed" }, [words(segment, origins)]));
        return;
      }
      // A space a wording carries at its end (an inserted word brings its own) is shown
      // outside the bracket, or the next word would stick to it: "…plenipotentiary]conference".
      const before = p.segments[k - 1];
      const after = p.segments[k + 1];
      const lead = segment.some((alt) => /^\s/.test(alt.text)) && before !== undefined && !(typeof before === "string" && /\s$/.test(before));
      const trail = segment.some((alt) => /\s$/.test(alt.text)) && after !== undefined && !(typeof after === "string" && /^\s/.test(after));
      if (lead) text.append(" ");
      const bracket = el("span", { class: "bracket" }, [document.createTextNode("[")]);
      segment.forEach(function (alt, k) {
        if (k) bracket.append(document.createTextNode(" | "));
        const altEl = el("span", { class: "alt", "data-sources": alt.sources.join(", ") });
        altEl.append(alt.text ? words(alt.text, origins) : el("em", { text: t.no_text }));
        altEl.append(el("sup", { text: " " + alt.sources.join(", ") }));
        bracket.append(altEl);
      });
      bracket.append(document.createTextNode("]"));
      text.append(bracket);
      if (trail) text.append(" ");
    });
    line.append(text);
    if (p.status !== "open") line.append(el("span", { class: "badge", text: t.statuses[p.status] }));
    p.footnotes.forEach(function (note) {
      line.append(el("small", { class: "footnote", text: note }));
    });
    const holders = [...state.presence.values()].filter((who) => who.pen && who.focus === eid);
    if (holders.length) {
      line.append(el("span", { class: "holder", text: "✎ " + holders.map((h) => h.who).join(", ") }));
    }
    if (room.pen || room.suggest) {
      line.tabIndex = 0;
      line.setAttribute("role", "button");
      line.setAttribute("aria-expanded", state.editing && state.editing.eid === eid ? "true" : "false");
      line.addEventListener("click", function () {
        if (state.editing && state.editing.eid === eid) return;
        if (room.pen) openEditor(eid);
        else openSuggestion(eid);
      });
      line.addEventListener("keydown", function (event) {
        if (event.target !== line || (event.key !== "Enter" && event.key !== " ")) return;
        event.preventDefault();
        if (room.pen) openEditor(eid);
        else openSuggestion(eid);
      });
    }
    if (state.editing && state.editing.eid === eid) block.append(state.editing.node);
    return block;
  }

  function render() {
    inText(draftEl);
    const nodes = state.order.filter((eid) => state.provisions[eid]).map(renderProvision);
    draftEl.replaceChildren(...nodes);
    headEl.textContent = state.head;
  }

  // --- the pen's editor ---------------------------------------------------------------

  function send(message) {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) {
      state.socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  const meetingEl = document.getElementById("meeting");

  // The meeting the pen's edits belong to (null for none).
  function meeting() {
    return meetingEl && meetingEl.value ? Number(meetingEl.value) : null;
  }

  function apply(op, description) {
    state.refs += 1;
    send({ type: "apply", ref: "r" + state.refs, base: state.editing ? state.editing.base : state.head, op: op, description: description || "", meeting: meeting() });
  }

  // A message about the edit in progress, shown in its editor and at the top of the text.
  function showError(message) {
    delete conflictEl.dataset.kind;
    conflictEl.replaceChildren(el("p", { text: message }));
    conflictEl.hidden = false;
    const box = state.editing && state.editing.node.querySelector(".editor-error");
    if (box) {
      box.textContent = message;
      box.hidden = false;
    }
  }

  function clearError() {
    const box = state.editing && state.editing.node.querySelector(".editor-error");
    if (box) {
      box.textContent = "";
      box.hidden = true;
    }
  }

  function field(label, input) {
    const id = "f" + (state.fields = (state.fields || 0) + 1);
    input.id = id;
    return el("label", { class: "field", for: id }, [el("span", { text: label }), input]);
  }

  function closeEditor() {
    const eid = state.editing && state.editing.eid;
    state.editing = null;
    if (room.pen) send({ type: "focus", eid: "" });
    render();
    const line = eid && document.querySelector("#p-" + CSS.escape(eid) + " > .provision");
    if (line) line.focus();
  }

  // An id for a new provision that no provision of the draft has had: the server refuses
  // an id used before, since undoing that provision's deletion would restore it.
  function newEid(after) {
    return after + "_" + Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36);
  }

  function excerpt(eid) {
    const p = state.provisions[eid];
    const text = p.segments.map((s) => (typeof s === "string" ? s : s[0].text)).join("");
    const short = text.length > 40 ? text.slice(0, 40) + "…" : text;
    const isolated = textDir === pageDir ? short : "\u2068" + short + "\u2069";
    return labelText(eid) + (p.kind.endsWith("heading") || !short ? "" : ": " + isolated);
  }

  // After the pen's own edit has arrived, show the editor on the text as it now reads.
  function refreshEditor() {
    const editing = state.editing;
    if (!editing || !editing.awaiting || state.head < editing.awaiting) return false;
    openEditor(editing.eid, state.head, true);
    document.body.dataset.head = state.head;
    return true;
  }

  function openEditor(eid, keepBase, quiet) {
    const p = state.provisions[eid];
    const base = keepBase !== undefined ? keepBase : state.head;
    const node = inPage(el("div", { class: "editor", "data-eid": eid }));
    p.segments.forEach(function (segment, k) {
      if (typeof segment === "string") {
        const input = inText(el("textarea", { class: "edit-text", "data-segment": k, rows: 2 }));
        input.value = segment;
        const save = el("button", { type: "button", class: "save", text: t.save });
        save.addEventListener("click", function () {
          apply({ op: "edit_text", eid: eid, segment: k, text: input.value });
        });
        node.append(el("div", { class: "edit-row" }, [input, save]));
        const source = el("input", { class: "bracket-source", size: 8, autocomplete: "off" });
        const wording = inText(el("input", { class: "bracket-text", autocomplete: "off" }));
        const bracket = el("button", { type: "button", class: "bracket-span", text: t.bracket });
        bracket.addEventListener("click", function () {
          if (input.value !== segment) return showError(t.text_changed);
          if (input.selectionStart === input.selectionEnd) return showError(t.select_first);
          apply({ op: "bracket_span", eid: eid, segment: k, start: input.selectionStart, end: input.selectionEnd, source: source.value.trim().toUpperCase(), text: wording.value });
        });
        node.append(el("div", { class: "edit-row bracket-row" }, [field(t.bracket_source, source), field(t.bracket_text, wording), bracket]));
      } else {
        const row = el("div", { class: "edit-row" });
        segment.forEach(function (alt, a) {
          const choose = el("button", { type: "button", class: "choose", text: t.choose + ": " + (alt.text || t.no_text) + " (" + alt.sources.join(", ") + ")" });
          choose.addEventListener("click", function () {
            apply({ op: "choose_alternative", eid: eid, segment: k, alternative: a });
          });
          row.append(choose);
        });
        node.append(row);
        segment.forEach(function (alt, a) {
          const input = inText(el("textarea", { class: "edit-alternative", "data-segment": k, "data-alternative": a, rows: 1 }));
          input.value = alt.text;
          const save = el("button", { type: "button", class: "save-alternative", text: t.save + " (" + alt.sources.join(", ") + ")" });
          save.addEventListener("click", function () {
            apply({ op: "edit_alternative", eid: eid, segment: k, alternative: a, text: input.value });
          });
          node.append(el("div", { class: "edit-row" }, [input, save]));
        });
      }
    });
    const status = el("select", { class: "set-status", "aria-label": t.status });
    Object.entries(t.statuses).forEach(function ([value, label]) {
      const option = el("option", { value: value, text: label });
      if (value === p.status) option.selected = true;
      status.append(option);
    });
    status.addEventListener("change", function () {
      apply({ op: "set_status", eid: eid, status: status.value });
    });
    const agree = el("button", { type: "button", class: "agree", text: t.agree });
    agree.addEventListener("click", function () {
      apply({ op: "remove_brackets", eid: eid });
    });
    const note = inText(el("input", { class: "footnote-text", "aria-label": t.footnote }));
    const addNote = el("button", { type: "button", class: "add-footnote", text: t.footnote });
    addNote.addEventListener("click", function () {
      apply({ op: "add_footnote", eid: eid, text: note.value });
    });
    node.append(el("div", { class: "edit-row" }, [note, addNote]));
    const close = el("button", { type: "button", class: "close", text: t.close });
    close.addEventListener("click", closeEditor);
    node.append(el("div", { class: "edit-row" }, [status, agree, close]));
    if (!["number", "title", "formula"].includes(p.kind)) {
      // Move or delete this provision.
      const after = el("select", { class: "move-after" });
      const at = state.order.indexOf(eid);
      state.order.forEach(function (other, i) {
        if (i < 2 || other === eid || !state.provisions[other]) return;
        const option = el("option", { value: other, text: excerpt(other) });
        if (i === at - 1) option.selected = true;
        after.append(option);
      });
      const move = el("button", { type: "button", class: "move", text: t.move });
      move.addEventListener("click", function () {
        apply({ op: "move_provision", eid: eid, after: after.value });
      });
      const remove = el("button", { type: "button", class: "delete-provision", text: t.delete });
      remove.addEventListener("click", function () {
        apply({ op: "delete_provision", eid: eid });
      });
      node.append(el("div", { class: "edit-row" }, [field(t.move_after, after), move, remove]));
    }
    if (p.kind !== "number" && p.kind !== "title") {
      // Add a provision after this one: by default one like it (an item under a heading).
      const kind = el("select", { class: "new-kind" });
      const itemOf = { preamble_heading: "preamble_item", operative_heading: "operative_item", annex: "annex_paragraph", formula: "preamble_heading" };
      const defaultKind = itemOf[p.kind] || p.kind;
      Object.entries(t.kinds).forEach(function ([value, label]) {
        const option = el("option", { value: value, text: label });
        if (value === defaultKind) option.selected = true;
        kind.append(option);
      });
      const depth = el("select", { class: "new-depth" });
      [0, 1, 2].forEach(function (d) {
        const option = el("option", { value: d, text: String(d) });
        if (d === (itemOf[p.kind] ? 0 : p.depth)) option.selected = true;
        depth.append(option);
      });
      const words = inText(el("input", { class: "new-text", autocomplete: "off" }));
      const sponsors = el("input", { class: "new-sponsors", size: 10, autocomplete: "off" });
      const add = el("button", { type: "button", class: "add-provision", text: t.add_after });
      add.addEventListener("click", function () {
        const names = sponsors.value.split(/[\s,;]+/).filter(Boolean).map((x) => x.toUpperCase());
        apply({ op: "add_provision", eid: newEid(eid), after: eid, kind: kind.value, depth: Number(depth.value), text: words.value, sponsors: names });
      });
      node.append(el("div", { class: "edit-row add-row" }, [field(t.kind, kind), field(t.depth, depth), field(t.new_text, words), field(t.sponsors, sponsors), add]));
    }
    node.append(el("p", { class: "editor-error", role: "alert", hidden: "" }));
    node.addEventListener("keydown", function (event) {
      if (event.key === "Escape") closeEditor();
    });
    state.editing = { eid: eid, base: base, node: node };
    if (!quiet) send({ type: "focus", eid: eid });
    render();
    const first = node.querySelector("textarea");
    if (first && !quiet) first.focus();
  }

  // --- suggestions --------------------------------------------------------------------

  function openSuggestion(eid) {
    const p = state.provisions[eid];
    const node = inPage(el("div", { class: "editor suggest-editor", "data-eid": eid }));
    const target = el("select", { class: "suggest-target" });
    target.append(el("option", { value: "whole", text: t.whole }));
    const spanOption = el("option", { value: "span", text: t.span, disabled: "" });
    target.append(spanOption);
    p.segments.forEach(function (segment, k) {
      if (typeof segment !== "string") {
        const alternatives = "[" + segment.map((a) => a.text).join(" | ") + "]";
        target.append(el("option", { value: "b" + k, text: t.in_bracket + " " + (textDir === pageDir ? alternatives : "\u2068" + alternatives + "\u2069") }));
      }
    });
    let span = null;
    const spanLabel = el("p", { class: "muted span-label", text: t.select_span });
    // The agreed text, read-only: the delegate selects the words the suggestion replaces.
    p.segments.forEach(function (segment, k) {
      if (typeof segment !== "string") return;
      const source = inText(el("textarea", { class: "suggest-source", "data-segment": k, rows: 2, readonly: "" }));
      source.value = segment;
      function pick() {
        if (source.selectionStart === source.selectionEnd) return;
        span = { segment: k, start: source.selectionStart, end: source.selectionEnd };
        spanOption.disabled = false;
        target.value = "span";
        spanLabel.replaceChildren(t.span + ": «", inText(el("bdi", { text: segment.slice(span.start, span.end) })), "»");
      }
      source.addEventListener("select", pick);
      source.addEventListener("mouseup", pick);
      source.addEventListener("keyup", pick);
      node.append(el("div", { class: "edit-row" }, [source]));
    });
    const input = inText(el("textarea", { class: "suggest-text", rows: 2 }));
    const sendButton = el("button", { type: "button", class: "send-suggestion", text: t.send });
    sendButton.addEventListener("click", function () {
      if (!input.value.trim()) return showError(t.empty_suggestion);
      clearError();
      const message = { type: "suggest", eid: eid, text: input.value };
      if (target.value === "span" && span) Object.assign(message, span);
      else if (target.value.startsWith("b")) message.segment = Number(target.value.slice(1));
      send(message);
    });
    const close = el("button", { type: "button", class: "close", text: t.close });
    close.addEventListener("click", closeEditor);
    node.append(
      spanLabel,
      el("div", { class: "edit-row" }, [field(t.suggest, target)]),
      el("div", { class: "edit-row" }, [input, sendButton, close]),
      el("p", { class: "editor-error", role: "alert", hidden: "" })
    );
    node.addEventListener("keydown", function (event) {
      if (event.key === "Escape") closeEditor();
    });
    state.editing = { eid: eid, base: state.head, node: node };
    render();
    input.focus();
  }

  function renderSuggestions() {
    const items = [...state.suggestions.values()].map(function (s) {
      const p = state.provisions[s.eid];
      const piece = p && s.segment !== null && s.segment !== undefined ? p.segments[s.segment] : null;
      const spanned = typeof piece === "string" && s.start !== null && s.start !== undefined;
      const item = el("li", { "data-suggestion": s.id }, [
        el("strong", { text: s.delegation + " " }),
        labelNode(s.eid),
        document.createTextNode(": "),
      ]);
      if (spanned) {
        item.append("«", inText(el("bdi", { text: piece.slice(s.start, s.end) })), "» " + t.replaced_by + " ");
      }
      item.append(inText(el("bdi", { class: "suggested-text", text: s.text })), " ");
      if (room.pen) {
        const accept = el("button", { type: "button", class: "button-small accept", text: t.accept });
        accept.addEventListener("click", function () {
          send({ type: "accept", suggestion: s.id, meeting: meeting() });
        });
        const decline = el("button", { type: "button", class: "button-small decline", text: t.decline });
        decline.addEventListener("click", function () {
          send({ type: "decline", suggestion: s.id });
        });
        item.append(accept, decline);
      }
      return item;
    });
    suggestionsEl.replaceChildren(...items);
  }

  function showConflict(error) {
    delete conflictEl.dataset.kind;
    conflictEl.replaceChildren();
    conflictEl.append(el("p", { text: t.conflict + " " + error.detail }));
    for (const [eid, p] of Object.entries(error.provisions || {})) {
      if (!p) continue;
      const reading = p.segments
        .map((s) => (typeof s === "string" ? s : "[" + s.map((a) => a.sources.join(", ") + ": " + a.text).join(" | ") + "]"))
        .join("");
      conflictEl.append(el("p", { class: "current" }, [el("strong", { text: t.current + " " }), inText(el("bdi", { class: "current-text", text: reading }))]));
      const again = el("button", { type: "button", text: t.reload });
      again.addEventListener("click", function () {
        conflictEl.hidden = true;
        openEditor(eid);
      });
      conflictEl.append(again);
    }
    conflictEl.hidden = false;
    const box = state.editing && state.editing.node.querySelector(".editor-error");
    if (box) {
      box.textContent = t.conflict;
      box.hidden = false;
    }
  }

  // --- live revisions -------------------------------------------------------------------

  function addHistory(event) {
    const item = el("li", { value: event.number, "data-number": event.number });
    item.append(document.createTextNode(t.revision + " " + event.number + " · " + event.author));
    if (event.description) item.append(" · ", el("bdi", { dir: "auto", text: event.description }));
    item.append(" ");
    if (room.pen) {
      const undo = el("button", { type: "button", class: "button-small undo", text: t.undo });
      undo.addEventListener("click", function () {
        state.refs += 1;
        send({ type: "undo", ref: "r" + state.refs, number: event.number, meeting: meeting() });
      });
      item.append(undo);
    }
    historyEl.prepend(item);
    while (historyEl.children.length > 20) historyEl.lastChild.remove();
  }

  function takeRevision(event) {
    if (event.number <= state.head) return; // already seen
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
      if (next.labels) state.labels = next.labels;
      state.head = next.number;
      addHistory(next);
      applied = true;
    }
    if (state.pending.size) send({ type: "resume", after: state.head }); // a gap: ask again
    if (applied) {
      if (state.editing && !state.provisions[state.editing.eid]) {
        state.editing = null;
        if (room.pen) send({ type: "focus", eid: "" });
      }
      if (refreshEditor()) return;
      render();
      document.body.dataset.head = state.head;
    }
  }

  function onMessage(message) {
    switch (message.type) {
      case "hello":
        send({ type: "resume", after: state.head });
        break;
      case "revision":
        takeRevision(message);
        break;
      case "resumed":
        liveEl.dataset.state = "live";
        liveEl.textContent = t.live;
        break;
      case "applied":
        conflictEl.hidden = true;
        clearError();
        if (state.editing && room.pen) {
          // Reopen the editor on the provision as the edit left it, once it has arrived.
          state.editing.base = message.number;
          state.editing.awaiting = message.number;
          refreshEditor();
        }
        break;
      case "suggestion":
        if (message.status === "pending") state.suggestions.set(message.id, message);
        else state.suggestions.delete(message.id);
        renderSuggestions();
        break;
      case "suggested":
        if (state.editing) state.editing = null;
        conflictEl.replaceChildren(el("p", { text: t.suggested }));
        conflictEl.dataset.kind = "notice";
        conflictEl.hidden = false;
        render();
        break;
      case "snapshot":
        document.getElementById("snapshot-result").textContent = t.snapshot_saved + " " + message.document;
        break;
      case "watchers":
        state.anonymous = message.anonymous;
        renderPresence();
        break;
      case "presence":
        if (message.state === "leave") state.presence.delete(message.channel);
        else state.presence.set(message.channel, message);
        renderPresence();
        render();
        break;
      case "error":
        if (message.code === "conflict") showConflict(message);
        else showError(message.detail);
        break;
      case "access":
        // What this account may do here changed while the page was open (the pen given
        // or taken): the pen's tools come with the page, so it says to reload.
        room.pen = message.pen;
        if (!room.pen && state.editing) closeEditor();
        render();
        conflictEl.replaceChildren(el("p", { text: t.access_changed }));
        conflictEl.dataset.kind = "notice";
        conflictEl.hidden = false;
        break;
    }
  }

  function renderPresence() {
    const items = [...state.presence.values()].map(function (who) {
      const item = el("li", { text: who.who });
      if (who.pen) {
        item.append(" (" + t.pen);
        if (who.focus) item.append(" " + t.on + " ", labelNode(who.focus));
        item.append(")");
      }
      return item;
    });
    if (state.anonymous) {
      items.push(el("li", { class: "public-watchers", text: t.public_watchers.replace("%(n)s", state.anonymous) }));
    }
    presenceEl.replaceChildren(...items);
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + room.socket);
    state.socket = socket;
    socket.addEventListener("open", function () {
      state.retry = 0;
    });
    socket.addEventListener("message", function (event) {
      onMessage(JSON.parse(event.data));
    });
    socket.addEventListener("close", function (event) {
      state.presence.clear();
      renderPresence();
      // Refused (4404: no longer allowed to watch) or too many sockets open (4429):
      // trying again would be refused again; the page says why and stops.
      const final = { 4404: t.gone, 4429: t.too_many }[event.code];
      if (final) {
        liveEl.dataset.state = "closed";
        liveEl.textContent = final;
        return;
      }
      liveEl.dataset.state = "reconnecting";
      liveEl.textContent = t.reconnecting;
      const delay = Math.min(10000, 250 * 2 ** state.retry);
      state.retry += 1;
      setTimeout(connect, delay);
    });
  }

  byOrigin.addEventListener("change", render);
  // For tests and for people: drop the connection, as a network would.
  window.plenipotDraftingRoom = {
    state: state,
    drop: function () {
      if (state.socket) state.socket.close();
    },
  };
  render();
  renderSuggestions();
  connect();
})();
