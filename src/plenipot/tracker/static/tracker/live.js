// The tracker's live news: when a text moves (or a public meeting decides on it), the
// tracker pages say so at once. The list updates the text's stage; a text's own page
// shows the new stage and offers to reload for the full timeline.
(function () {
  "use strict";
  const box = document.getElementById("tracker-live");
  if (!box || !("WebSocket" in window)) return;
  const watched = box.dataset.path || "";
  let retry = 0;

  function say(text) {
    const line = document.createElement("p");
    line.textContent = text + " ";
    const reload = document.createElement("a");
    reload.href = location.pathname + location.search;
    reload.textContent = box.dataset.reload;
    line.appendChild(reload);
    box.replaceChildren(line);
    box.hidden = false;
  }

  function setBadge(badge, news) {
    badge.textContent = news.stage_label;
    badge.className = "stage-badge stage-" + news.stage;
  }

  function receive(news) {
    const key = news.kind + "/" + news.number;
    if (watched) {
      if (key !== watched) return;
      const badge = document.getElementById("current-stage");
      if (badge && news.event === "moved") {
        setBadge(badge, news);
        document.querySelectorAll(".stage-line li").forEach(function (step) {
          const here = step.textContent.trim() === news.stage_label;
          if (step.classList.contains("current") && !here) step.classList.replace("current", "reached");
          step.classList.toggle("current", here);
          if (here) step.setAttribute("aria-current", "step"); else step.removeAttribute("aria-current");
        });
      }
      const template = news.event === "moved" ? box.dataset.moved : box.dataset.decided;
      say(template.replace("%(stage)s", news.stage_label).replace("%(outcome)s", news.outcome_label || ""));
      return;
    }
    const row = document.querySelector('tr[data-path="' + CSS.escape(key) + '"]');
    if (row && news.event === "moved") {
      const badge = row.querySelector(".stage-badge");
      if (badge) setBadge(badge, news);
      row.classList.add("just-moved");
    }
    say(box.dataset.listMoved.replace("%(text)s", news.label).replace("%(stage)s", news.stage_label));
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + "/ws/tracker/");
    socket.addEventListener("open", function () { retry = 0; document.body.dataset.trackerLive = "on"; });
    socket.addEventListener("message", function (event) {
      try { receive(JSON.parse(event.data)); } catch (error) { /* a bad message is ignored */ }
    });
    socket.addEventListener("close", function (event) {
      document.body.dataset.trackerLive = "off";
      if (event.code === 4404 || event.code === 4429) return; // refused: retrying would be refused again
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 1000 * 2 ** retry);
    });
  }
  connect();
})();
