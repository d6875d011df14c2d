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
    // Drawing the text again moves the editor: the focus and selection in it stay.
    const active = document.activeElement;
    const keep = state.editing && active && state.editing.node.contains(active) ? active : null;
    const range = keep && "selectionStart" in keep ? [keep.selectionStart, keep.selectionEnd] : null;
    const nodes = state.order.filter((eid) => state.provisions[eid]).map(renderProvision);
    draftEl.replaceChildren(...nodes);
    if (keep && keep.isConnected) {
      keep.focus({ preventScroll: true });
      if (range && range[0] !== null) {
        try {
          keep.setSelectionRange(range[0], range[1]);
        } catch (error) {
          // A control without a text selection (a select, a button).
        }
      }
    }
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

  // The pen's editor: a toolbar acting on the selected words (bracket, choose a wording,
  // remove brackets, footnote, status), the provision's pieces, and the structural
  // actions (add, move, delete) set apart. Every control has a `data-key`, so that when
  // the editor is drawn again on the text as the edit left it, the focus goes back to
  // the same control. Shortcuts: SHORTCUTS below, listed on the page.
  const SHORTCUTS = {
    KeyB: "bracket", KeyC: "choose", KeyR: "agree", KeyF: "footnote", KeyS: "status",
    KeyT: "toolbar", KeyN: "add", KeyM: "move", KeyD: "delete", KeyU: "undo",
  };
  const KEYS = {
    bracket: "Alt+Shift+B", choose: "Alt+Shift+C", agree: "Alt+Shift+R", footnote: "Alt+Shift+F",
    status: "Alt+Shift+S", toolbar: "Alt+Shift+T", add: "Alt+Shift+N", move: "Alt+Shift+M",
    delete: "Alt+Shift+D", undo: "Alt+Shift+U",
  };

  function keyed(node, key) {
    node.dataset.key = key;
    return node;
  }

  // A toolbar button: its name, and its shortcut shown beside it and told to assistive
  // technology.
  function tool(action, label, cls) {
    const button = el("button", { type: "button", class: "tool " + cls, "data-action": action, title: label + " (" + KEYS[action] + ")", "aria-keyshortcuts": KEYS[action], tabindex: "-1" }, [
      el("span", { class: "tool-label", text: label }),
      el("kbd", { text: KEYS[action].slice(-1) }),
    ]);
    return keyed(button, "tool-" + action);
  }

  // Arrow keys move between a toolbar's buttons (mirrored in a right-to-left page);
  // Tab leaves it, and comes back to the button used last.
  function roving(toolbar) {
    const buttons = () => [...toolbar.querySelectorAll("button")];
    buttons()[0].tabIndex = 0;
    toolbar.addEventListener("focusin", function (event) {
      if (event.target.tagName !== "BUTTON") return;
      buttons().forEach((b) => (b.tabIndex = b === event.target ? 0 : -1));
    });
    toolbar.addEventListener("keydown", function (event) {
      const all = buttons();
      const at = all.indexOf(document.activeElement);
      if (at < 0) return;
      const forward = pageDir === "rtl" ? "ArrowLeft" : "ArrowRight";
      const back = pageDir === "rtl" ? "ArrowRight" : "ArrowLeft";
      let next = null;
      if (event.key === forward) next = (at + 1) % all.length;
      else if (event.key === back) next = (at - 1 + all.length) % all.length;
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = all.length - 1;
      if (next === null) return;
      event.preventDefault();
      all[next].focus();
    });
  }

  function openEditor(eid, keepBase, quiet) {
    const p = state.provisions[eid];
    const base = keepBase !== undefined ? keepBase : state.head;
    const previous = state.editing && state.editing.eid === eid ? state.editing : null;
    const active = document.activeElement;
    const focusKey = quiet && previous && previous.node.contains(active) ? active.dataset.key : null;
    const node = inPage(el("div", { class: "editor", "data-eid": eid, role: "group" }));
    node.setAttribute("aria-label", t.editing + " " + labelText(eid));
    const hasBrackets = p.segments.some((s) => typeof s !== "string");
    const hasAgreed = p.segments.some((s) => typeof s === "string");
    // The text box the words are selected in, and the wording box used last.
    const picked = { text: previous ? previous.text : null, alternative: previous ? previous.alternative : null };

    const close = keyed(el("button", { type: "button", class: "close", "aria-keyshortcuts": "Escape", title: t.close + " (Esc)" }, [
      el("span", { text: t.close }), el("kbd", { text: "Esc" }),
    ]), "close");
    close.addEventListener("click", closeEditor);
    node.append(el("div", { class: "editor-head" }, [
      el("p", { class: "editor-title" }, [el("span", { class: "editor-kicker", text: t.editing + " " }), labelNode(eid)]),
      close,
    ]));

    // The toolbar.
    const toolbar = el("div", { class: "toolbar", role: "toolbar", "aria-label": t.toolbar });
    const bracketTool = tool("bracket", t.tb_bracket, "bracket-span");
    const chooseTool = tool("choose", t.tb_choose, "tool-choose");
    const agreeTool = tool("agree", t.agree, "agree");
    const noteTool = tool("footnote", t.tb_footnote, "tool-footnote");
    const statusTool = tool("status", t.status, "tool-status");
    if (!hasAgreed) bracketTool.setAttribute("aria-disabled", "true");
    if (!hasBrackets) chooseTool.setAttribute("aria-disabled", "true");
    if (!hasBrackets && !p.sponsors.length) agreeTool.setAttribute("aria-disabled", "true");
    toolbar.append(bracketTool, chooseTool, agreeTool, el("span", { class: "tool-gap", "aria-hidden": "true" }), noteTool, statusTool);
    toolbar.append(el("span", { class: "tool-hint", "aria-hidden": "true" }, [el("kbd", { text: "Alt+Shift" }), " + " + t.the_letter]));
    roving(toolbar);
    node.append(toolbar);

    // What a new bracket holds: who contests the selected words, and their wording.
    const source = keyed(el("input", { class: "bracket-source", size: 8, autocomplete: "off", "aria-describedby": "" }), "bracket-source");
    const wording = keyed(inText(el("input", { class: "bracket-text", autocomplete: "off" })), "bracket-text");
    if (previous) {
      source.value = previous.source || "";
      wording.value = previous.wording || "";
    }
    const pieces = el("div", { class: "pieces" });
    let bracketNumber = 0;
    p.segments.forEach(function (segment, k) {
      if (typeof segment === "string") {
        const input = keyed(inText(el("textarea", { class: "edit-text", "data-segment": k, rows: 2, "aria-label": t.agreed_text })), "text-" + k);
        input.value = segment;
        input.addEventListener("focus", function () {
          picked.text = k;
        });
        const save = keyed(el("button", { type: "button", class: "save", "aria-keyshortcuts": "Control+Enter", title: t.save + " (Ctrl+Enter)", text: t.save }), "save-" + k);
        save.addEventListener("click", function () {
          apply({ op: "edit_text", eid: eid, segment: k, text: input.value });
        });
        pieces.append(el("div", { class: "edit-row piece" }, [input, save]));
        return;
      }
      bracketNumber += 1;
      const group = el("fieldset", { class: "bracket-piece", "data-segment": k });
      group.append(el("legend", { text: t.bracket_n.replace("%(n)s", bracketNumber) }));
      segment.forEach(function (alt, a) {
        const input = keyed(inText(el("textarea", { class: "edit-alternative", "data-segment": k, "data-alternative": a, rows: 1, "aria-label": t.wording_of.replace("%(sources)s", alt.sources.join(", ")) })), "alt-" + k + "-" + a);
        input.value = alt.text;
        input.addEventListener("focus", function () {
          picked.alternative = [k, a];
        });
        const save = keyed(el("button", { type: "button", class: "save-alternative", "aria-keyshortcuts": "Control+Enter", text: t.save + " (" + alt.sources.join(", ") + ")" }), "save-alt-" + k + "-" + a);
        save.addEventListener("click", function () {
          apply({ op: "edit_alternative", eid: eid, segment: k, alternative: a, text: input.value });
        });
        const choose = keyed(el("button", { type: "button", class: "choose", "aria-label": t.choose + ": " + (alt.text || t.no_text) + " (" + alt.sources.join(", ") + ")", text: t.choose }), "choose-" + k + "-" + a);
        choose.addEventListener("click", function () {
          apply({ op: "choose_alternative", eid: eid, segment: k, alternative: a });
        });
        group.append(el("div", { class: "edit-row alternative" }, [el("span", { class: "sources", text: alt.sources.join(", ") }), input, save, choose]));
      });
      pieces.append(group);
    });
    node.append(pieces);
    if (hasAgreed) {
      node.append(el("div", { class: "edit-row bracket-row" }, [
        el("span", { class: "row-label", text: t.new_bracket }),
        field(t.bracket_source, source),
        field(t.bracket_text, wording),
      ]));
    }


    // Footnote and status: what the toolbar's last two buttons go to.
    const note = keyed(inText(el("input", { class: "footnote-text", autocomplete: "off" })), "footnote");
    const addNote = keyed(el("button", { type: "button", class: "add-footnote", text: t.footnote }), "add-footnote");
    addNote.addEventListener("click", function () {
      if (!note.value.trim()) return showError(t.empty_footnote);
      apply({ op: "add_footnote", eid: eid, text: note.value });
    });
    note.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        addNote.click();
      }
    });
    const status = keyed(el("select", { class: "set-status" }), "status");
    Object.entries(t.statuses).forEach(function ([value, label]) {
      const option = el("option", { value: value, text: label });
      if (value === p.status) option.selected = true;
      status.append(option);
    });
    const setStatus = keyed(el("button", { type: "button", class: "set-status-apply", text: t.set_status }), "set-status");
    setStatus.addEventListener("click", function () {
      apply({ op: "set_status", eid: eid, status: status.value });
    });
    node.append(el("div", { class: "edit-row note-row" }, [field(t.tb_footnote, note), addNote, field(t.status, status), setStatus]));

    function bracketSelection() {
      const box = picked.text !== null && node.querySelector('textarea.edit-text[data-segment="' + picked.text + '"]');
      const input = box || node.querySelector("textarea.edit-text");
      if (!input) return;
      const segment = p.segments[Number(input.dataset.segment)];
      if (input.value !== segment) return showError(t.text_changed);
      if (input.selectionStart === input.selectionEnd) return showError(t.select_first);
      apply({ op: "bracket_span", eid: eid, segment: Number(input.dataset.segment), start: input.selectionStart, end: input.selectionEnd, source: source.value.trim().toUpperCase(), text: wording.value });
    }

    function chooseWording() {
      if (picked.alternative) {
        const [k, a] = picked.alternative;
        if (Array.isArray(p.segments[k]) && p.segments[k][a]) {
          return apply({ op: "choose_alternative", eid: eid, segment: k, alternative: a });
        }
      }
      // No wording box used yet: go to the first wording to choose.
      const first = node.querySelector("button.choose");
      if (first) first.focus();
    }

    const actions = {
      bracket: () => (hasAgreed ? bracketSelection() : null),
      choose: () => (hasBrackets ? chooseWording() : null),
      agree: () => (agreeTool.getAttribute("aria-disabled") ? null : apply({ op: "remove_brackets", eid: eid })),
      footnote: () => note.focus(),
      status: () => status.focus(),
      toolbar: () => toolbar.querySelector('button[tabindex="0"]').focus(),
    };
    toolbar.addEventListener("click", function (event) {
      const button = event.target.closest("button[data-action]");
      if (button && actions[button.dataset.action]) actions[button.dataset.action]();
    });

    // Structural actions, apart from the toolbar.
    const structure = el("section", { class: "structure", "aria-label": t.structure });
    structure.append(el("h3", { class: "structure-title", text: t.structure }));
    if (p.kind !== "number" && p.kind !== "title") {
      // Add a provision after this one: by default one like it (an item under a heading).
      const kind = keyed(el("select", { class: "new-kind" }), "new-kind");
      const itemOf = { preamble_heading: "preamble_item", operative_heading: "operative_item", annex: "annex_paragraph", formula: "preamble_heading" };
      const defaultKind = itemOf[p.kind] || p.kind;
      Object.entries(t.kinds).forEach(function ([value, label]) {
        const option = el("option", { value: value, text: label });
        if (value === defaultKind) option.selected = true;
        kind.append(option);
      });
      const depth = keyed(el("select", { class: "new-depth" }), "new-depth");
      [0, 1, 2].forEach(function (d) {
        const option = el("option", { value: d, text: String(d) });
        if (d === (itemOf[p.kind] ? 0 : p.depth)) option.selected = true;
        depth.append(option);
      });
      const words = keyed(inText(el("input", { class: "new-text", autocomplete: "off", "aria-keyshortcuts": KEYS.add })), "new-text");
      const sponsors = keyed(el("input", { class: "new-sponsors", size: 10, autocomplete: "off" }), "new-sponsors");
      const add = keyed(el("button", { type: "button", class: "add-provision", text: t.add_after }), "add-provision");
      add.addEventListener("click", function () {
        const names = sponsors.value.split(/[\s,;]+/).filter(Boolean).map((x) => x.toUpperCase());
        apply({ op: "add_provision", eid: newEid(eid), after: eid, kind: kind.value, depth: Number(depth.value), text: words.value, sponsors: names });
      });
      structure.append(el("div", { class: "edit-row add-row" }, [field(t.new_text, words), field(t.kind, kind), field(t.depth, depth), field(t.sponsors, sponsors), add]));
      actions.add = () => words.focus();
    }
    if (!["number", "title", "formula"].includes(p.kind)) {
      const after = keyed(el("select", { class: "move-after", "aria-keyshortcuts": KEYS.move }), "move-after");
      const at = state.order.indexOf(eid);
      state.order.forEach(function (other, i) {
        if (i < 2 || other === eid || !state.provisions[other]) return;
        const option = el("option", { value: other, text: excerpt(other) });
        if (i === at - 1) option.selected = true;
        after.append(option);
      });
      const move = keyed(el("button", { type: "button", class: "move", text: t.move }), "move");
      move.addEventListener("click", function () {
        apply({ op: "move_provision", eid: eid, after: after.value });
      });
      const remove = keyed(el("button", { type: "button", class: "delete-provision danger", "aria-keyshortcuts": KEYS.delete, "aria-haspopup": "dialog", text: t.delete + "…" }), "delete");
      remove.addEventListener("click", function () {
        askDelete(eid);
      });
      structure.append(el("div", { class: "edit-row move-row" }, [field(t.move_after, after), move, el("span", { class: "spacer" }), remove]));
      actions.move = () => after.focus();
      actions.delete = () => askDelete(eid);
    }
    if (structure.children.length > 1) node.append(structure);
    node.append(el("p", { class: "editor-error", role: "alert", hidden: "" }));

    node.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        closeEditor();
      } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.tagName === "TEXTAREA") {
        // Ctrl+Enter saves the box you are in.
        event.preventDefault();
        const save = event.target.parentNode.querySelector("button.save, button.save-alternative");
        if (save) save.click();
      }
    });
    node.addEventListener("input", function (event) {
      if (event.target === source) state.editing.source = source.value;
      if (event.target === wording) state.editing.wording = wording.value;
    });

    state.editing = { eid: eid, base: base, node: node, actions: actions, source: source.value, wording: wording.value };
    Object.defineProperty(state.editing, "text", { get: () => picked.text });
    Object.defineProperty(state.editing, "alternative", { get: () => picked.alternative });
    if (!quiet) send({ type: "focus", eid: eid });
    render();
    if (quiet) {
      // Drawn again after the pen's own edit: the focus goes back where it was.
      const again = focusKey && node.querySelector('[data-key="' + focusKey + '"]');
      if (again) again.focus();
      else if (focusKey) (node.querySelector("textarea") || toolbar.querySelector("button")).focus();
      return;
    }
    const first = node.querySelector("textarea");
    if (first) first.focus();
  }

  // --- deleting with a confirmation, and undoing it ---------------------------------------

  const dialog = document.getElementById("delete-dialog");
  const undoBar = document.getElementById("undo-bar");

  function askDelete(eid) {
    if (!dialog || !state.provisions[eid]) return;
    dialog.querySelector(".delete-what").replaceChildren(labelNode(eid));
    dialog.dataset.eid = eid;
    dialog.showModal();
  }

  if (dialog) {
    dialog.addEventListener("close", function () {
      const eid = dialog.dataset.eid;
      delete dialog.dataset.eid;
      if (dialog.returnValue !== "delete" || !eid || !state.provisions[eid]) {
        // Kept: back to the button that asked.
        const again = state.editing && state.editing.node.querySelector("button.delete-provision");
        if (again) again.focus();
        return;
      }
      state.refs += 1;
      const ref = "r" + state.refs;
      state.deleting = { ref: ref, eid: eid, label: labelText(eid) };
      send({ type: "apply", ref: ref, base: state.editing && state.editing.eid === eid ? state.editing.base : state.head, op: { op: "delete_provision", eid: eid }, description: "", meeting: meeting() });
    });
  }

  // The pen's own deletion went through: say so, with an Undo right there.
  function offerUndo(number) {
    const deleted = state.deleting;
    state.deleting = null;
    if (!undoBar || !deleted) return;
    const undo = el("button", { type: "button", class: "button-small undo-delete", "aria-keyshortcuts": KEYS.undo, title: t.undo + " (" + KEYS.undo + ")", text: t.undo });
    undo.addEventListener("click", function () {
      state.refs += 1;
      state.restoring = { ref: "r" + state.refs, eid: deleted.eid };
      send({ type: "undo", ref: state.restoring.ref, number: number, meeting: meeting() });
    });
    undoBar.replaceChildren(el("span", { text: t.deleted.replace("%(label)s", deleted.label) + " " }), undo);
    undoBar.dataset.number = number;
    undoBar.hidden = false;
    undo.focus();
  }

  // After an undo of the pen's own deletion: the focus goes to the provision restored.
  function focusRestored() {
    const eid = state.restoreFocus;
    const line = eid && state.provisions[eid] && document.querySelector("#p-" + CSS.escape(eid) + " > .provision");
    if (!line) return;
    state.restoreFocus = null;
    line.focus();
  }

  function hideUndo() {
    if (!undoBar) return;
    undoBar.hidden = true;
    undoBar.replaceChildren();
    delete undoBar.dataset.number;
  }

  // Shortcuts for the whole page; the editor's own apply to the provision being edited.
  document.addEventListener("keydown", function (event) {
    if (dialog && dialog.open) return;
    const target = event.target;
    const typing = target.closest && target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "?" && !typing && !event.ctrlKey && !event.altKey && !event.metaKey) {
      const help = document.getElementById("shortcuts");
      if (help) {
        event.preventDefault();
        help.open = !help.open;
        help.querySelector("summary").focus();
      }
      return;
    }
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
    const action = SHORTCUTS[event.code];
    if (!action || !room.pen) return;
    if (action === "undo") {
      const button = undoBar && !undoBar.hidden && undoBar.querySelector("button");
      if (button) {
        event.preventDefault();
        button.click();
      }
      return;
    }
    if (state.editing && state.editing.actions && state.editing.actions[action]) {
      event.preventDefault();
      state.editing.actions[action]();
    }
  });

  // --- suggestions --------------------------------------------------------------------

  function openSuggestion(eid) {
    const p = state.provisions[eid];
    const node = inPage(el("div", { class: "editor suggest-editor", "data-eid": eid }));
    node.append(el("div", { class: "editor-head" }, [
      el("p", { class: "editor-title" }, [el("span", { class: "editor-kicker", text: t.suggest + " · " }), labelNode(eid)]),
    ]));
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
      focusRestored();
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
        if (state.deleting && message.ref === state.deleting.ref) offerUndo(message.number);
        if (state.restoring && message.ref === state.restoring.ref) {
          hideUndo();
          state.restoreFocus = state.restoring.eid;
          state.restoring = null;
          focusRestored();
        }
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
        if (state.deleting && message.ref === state.deleting.ref) state.deleting = null;
        if (state.restoring && message.ref === state.restoring.ref) state.restoring = null;
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
  const help = document.getElementById("shortcuts");
  if (help) help.hidden = false; // the shortcuts work only with the script
  // Coming from the editor's forms (`?edit=`): the same provision, in the script's editor.
  const wanted = new URLSearchParams(location.search).get("edit");
  if (room.pen && wanted && state.provisions[wanted]) openEditor(wanted);
  connect();
})();
