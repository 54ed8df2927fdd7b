// A small chat client for the REST channel. Every message is rendered as text (never as HTML),
// and the conversation lives in sessionStorage: it survives a reload, not the browser session.
(function () {
  "use strict";
  const list = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const typing = document.getElementById("typing");
  const store = window.sessionStorage;
  let sender = store.getItem("chat.sender");
  if (!sender) {
    sender = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
    store.setItem("chat.sender", sender);
  }
  const history = JSON.parse(store.getItem("chat.history") || "[]");
  let rasaUrl = null;

  function render(entry) {
    const item = document.createElement("li");
    item.className = entry.from;
    item.textContent = entry.text || "";
    if (entry.buttons && entry.buttons.length) {
      const group = document.createElement("div");
      group.className = "buttons";
      entry.buttons.forEach(function (button) {
        const element = document.createElement("button");
        element.type = "button";
        element.textContent = button.title;
        element.addEventListener("click", function () { send(button.payload, button.title); });
        group.appendChild(element);
      });
      item.appendChild(group);
    }
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
  }

  function remember(entry) {
    history.push(entry);
    store.setItem("chat.history", JSON.stringify(history.slice(-200)));
    render(entry);
  }

  async function send(payload, shown) {
    remember({ from: "user", text: shown || payload });
    typing.hidden = false;
    try {
      const response = await fetch(rasaUrl + "/webhooks/rest/webhook", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sender, message: payload })
      });
      const replies = response.ok ? await response.json() : [];
      if (!replies.length) {
        remember({ from: "bot", text: "Sorry, I couldn't answer just now. Please try again." });
      }
      replies.forEach(function (reply) {
        remember({ from: "bot", text: reply.text, buttons: reply.buttons });
      });
    } catch (error) {
      remember({ from: "bot", text: "The assistant can't be reached right now. Please try again in a moment." });
    } finally {
      typing.hidden = true;
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (text) { input.value = ""; send(text); }
  });

  fetch("/config.json").then(function (r) { return r.json(); }).then(function (config) {
    rasaUrl = config.rasaUrl;
    history.forEach(render);
    if (!history.length) { send("/greet", "Hello"); }
  });
})();
