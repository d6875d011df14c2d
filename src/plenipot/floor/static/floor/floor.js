// The floor of a meeting, live: the list is read again from the server whenever the
// meeting's socket says it changed, the speaker's clock counts on the page, and a
// delegation away from the room hears that its turn nears. The page works without it.
(function () {
  "use strict";

  function format(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }

  // Every clock on the page counts from what the server said when it drew it.
  function startClocks(root) {
    const drawn = performance.now();
    root.querySelectorAll("[data-clock]").forEach(function (clock) {
      clock.dataset.drawn = drawn;
    });
  }

  function tick() {
    const now = performance.now();
    document.querySelectorAll("[data-clock]").forEach(function (clock) {
      let seconds = Number(clock.dataset.seconds || 0);
      if (clock.dataset.running === "1") seconds += (now - Number(clock.dataset.drawn || now)) / 1000;
      const limit = Number(clock.dataset.limit || 0);
      clock.querySelector(".floor-clock-time").textContent = format(seconds);
      clock.classList.toggle("over", limit > 0 && seconds >= limit);
      clock.classList.toggle("near", limit > 0 && seconds < limit && seconds >= limit - 30);
    });
  }

  // What someone has chosen in a form of the list (the kind of request, a provision,
  // a place) survives the list being drawn again while they choose; what they did not
  // touch shows the list as it now is.
  function formValues(root) {
    const kept = new Map();
    root.querySelectorAll("form").forEach(function (form) {
      const fields = {};
      form.querySelectorAll("[data-touched]").forEach(function (field) {
        fields[field.name] = field.type === "checkbox" ? field.checked : field.value;
      });
      kept.set(form.getAttribute("action"), fields);
    });
    return kept;
  }

  function restoreValues(root, kept) {
    root.querySelectorAll("form").forEach(function (form) {
      const fields = kept.get(form.getAttribute("action"));
      if (!fields) return;
      form.querySelectorAll("select, input[type=number], input[type=checkbox]").forEach(function (field) {
        if (!(field.name in fields)) return;
        if (field.type === "checkbox") field.checked = fields[field.name];
        else field.value = fields[field.name];
        field.dataset.touched = "1";
      });
    });
  }

  function livePanel(panel, options) {
    const live = document.getElementById(options.liveId || "floor-live");
    const notice = document.getElementById(options.noticeId || "floor-notice");
    let retry = 0;
    let loading = null;
    let again = false;

    function reload() {
      if (loading) {
        again = true;
        return;
      }
      loading = fetch(panel.dataset.panel, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          const focused = document.activeElement && panel.contains(document.activeElement);
          if (!focused) {
            const kept = formValues(panel);
            panel.innerHTML = html;
            restoreValues(panel, kept);
            startClocks(panel);
            if (options.onReload) options.onReload();
          } else {
            again = true; // not under someone's fingers: once they leave the list
          }
        })
        .catch(function () {})
        .finally(function () {
          loading = null;
          if (again) {
            again = false;
            setTimeout(reload, 300);
          }
        });
    }

    function say(text) {
      if (!notice || !text) return;
      notice.textContent = text;
      notice.hidden = false;
    }

    function onEvent(event) {
      if (event.kind === "speakers") {
        if (!panel.dataset.item || String(event.item) === panel.dataset.item) reload();
      } else if (event.kind === "turn_near") {
        say(event.text);
        if (String(event.item) === panel.dataset.item) reload();
      } else {
        // A vote or a ballot opened, closed or announced.
        if (event.text) say(event.text);
        reload();
        if (options.onResult) options.onResult(event);
      }
    }

    function connect() {
      const scheme = location.protocol === "https:" ? "wss://" : "ws://";
      const socket = new WebSocket(scheme + location.host + panel.dataset.socket);
      socket.addEventListener("open", function () {
        retry = 0;
        if (live) {
          live.dataset.state = "live";
          live.textContent = live.dataset.liveText || live.textContent;
        }
      });
      socket.addEventListener("message", function (message) {
        const data = JSON.parse(message.data);
        if (data.type === "hello") {
          if (live) {
            live.dataset.liveText = data.live;
            live.textContent = data.live;
          }
          reload(); // anything missed while connecting
        } else if (data.type === "floor") onEvent(data.event);
      });
      socket.addEventListener("close", function (event) {
        if (event.code === 4404 || event.code === 4429) {
          if (live) live.dataset.state = "closed";
          return;
        }
        if (live) live.dataset.state = "reconnecting";
        const delay = Math.min(10000, 250 * 2 ** retry);
        retry += 1;
        setTimeout(connect, delay);
      });
    }

    ["input", "change"].forEach(function (kind) {
      panel.addEventListener(kind, function (event) {
        if (event.target.name) event.target.dataset.touched = "1";
      });
    });
    startClocks(panel);
    connect();
    return { reload: reload };
  }

  window.plenipotFloor = { livePanel: livePanel, format: format };
  setInterval(tick, 250);

  document.addEventListener("DOMContentLoaded", function () {
    const panel = document.getElementById("floor-panel");
    if (panel) livePanel(panel, {});
  });
})();
