// The website chat: a small client of Rasa's socket.io channel (session persistence on).
// Every message is rendered as text (textContent, never HTML). The session id and the transcript
// live in sessionStorage: a reload shows the conversation again and continues it on the server,
// closing the tab forgets it.
(function () {
  "use strict";
  const SESSION_KEY = "scarcare.chat.session";
  const TRANSCRIPT_KEY = "scarcare.chat.transcript";
  const KEPT_ENTRIES = 200;
  const ANNOUNCED_ENTRIES = 5;
  const TYPING_TIMEOUT_MS = 20000;
  const WELCOME_PAYLOAD = "/greet";
  const USER_EVENT = "user_uttered";
  const BOT_EVENT = "bot_uttered";

  const list = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const typing = document.getElementById("typing");
  const status = document.getElementById("status");
  const announcer = document.getElementById("announcer");
  const store = window.sessionStorage;
  const transcript = readTranscript();
  const outbox = [];
  let socket = null;
  let confirmed = false;
  let typingTimer = null;

  function readTranscript() {
    try {
      const entries = JSON.parse(store.getItem(TRANSCRIPT_KEY) || "[]");
      return Array.isArray(entries) ? entries : [];
    } catch (error) {
      return [];
    }
  }

  function save() {
    try {
      store.setItem(TRANSCRIPT_KEY, JSON.stringify(transcript.slice(-KEPT_ENTRIES)));
    } catch (error) {
      // Storage full or disabled: the conversation goes on, only a reload will not show it again.
    }
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function showTyping(shown) {
    typing.hidden = !shown;
    clearTimeout(typingTimer);
    if (shown) {
      typingTimer = setTimeout(function () { typing.hidden = true; }, TYPING_TIMEOUT_MS);
    }
  }

  // Once the patient has answered, earlier choices are kept on screen but no longer clickable,
  // so the keyboard's Tab order stays short.
  function retireChoices() {
    list.querySelectorAll(".choices button").forEach(function (button) { button.disabled = true; });
  }

  function render(entry) {
    if (entry.from === "user") {
      retireChoices();
    }
    const item = document.createElement("li");
    item.className = "message " + (entry.from === "user" ? "user" : "bot");
    const speaker = document.createElement("span");
    speaker.className = "visually-hidden";
    speaker.textContent = entry.from === "user" ? "You: " : "Assistant: ";
    const text = document.createElement("p");
    text.textContent = String(entry.text || "");
    text.prepend(speaker);
    item.appendChild(text);
    if (entry.choices && entry.choices.length) {
      const group = document.createElement("div");
      group.className = "choices";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Suggested questions");
      entry.choices.forEach(function (choice) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = choice.title;
        button.addEventListener("click", function () {
          send(choice.payload, choice.title);
          input.focus();
        });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
  }

  function announce(entry) {
    const line = document.createElement("p");
    const titles = (entry.choices || []).map(function (choice) { return choice.title; });
    line.textContent = "Assistant: " + entry.text + (titles.length ? " Suggested questions: " + titles.join("; ") + "." : "");
    announcer.appendChild(line);
    while (announcer.childElementCount > ANNOUNCED_ENTRIES) {
      announcer.firstElementChild.remove();
    }
  }

  function remember(entry) {
    transcript.push(entry);
    save();
    render(entry);
  }

  // Rasa sends buttons as `quick_replies` ({title, payload}); custom payloads may say `buttons`.
  function choicesOf(message) {
    const buttons = message.quick_replies || message.buttons || [];
    return (Array.isArray(buttons) ? buttons : [])
      .filter(function (b) { return b && typeof b.title === "string" && typeof b.payload === "string"; })
      .map(function (b) { return { title: b.title, payload: b.payload }; });
  }

  function deliver() {
    const sessionId = store.getItem(SESSION_KEY);
    while (confirmed && outbox.length) {
      socket.emit(USER_EVENT, { message: outbox.shift(), session_id: sessionId });
    }
  }

  // Sends a payload; `shown` is what the transcript shows (the typed text, or a button's title).
  function send(payload, shown) {
    remember({ from: "user", text: shown });
    outbox.push(payload);
    showTyping(true);
    deliver();
  }

  function receive(message) {
    if (!message || typeof message !== "object") {
      return;
    }
    const entry = { from: "bot", text: typeof message.text === "string" ? message.text : "", choices: choicesOf(message) };
    if (!entry.text && !entry.choices.length) {
      return;
    }
    showTyping(false);
    remember(entry);
    announce(entry);
  }

  function connect(rasaUrl) {
    // websocket first: it needs no CORS; long polling only if a proxy blocks websockets.
    socket = window.io(rasaUrl, { path: "/socket.io", transports: ["websocket", "polling"], tryAllTransports: true });
    socket.on("connect", function () {
      confirmed = false;
      socket.emit("session_request", { session_id: store.getItem(SESSION_KEY) });
    });
    socket.on("session_confirm", function (confirmation) {
      const sessionId = typeof confirmation === "object" && confirmation ? confirmation.session_id : confirmation;
      const isNew = !store.getItem(SESSION_KEY);
      store.setItem(SESSION_KEY, sessionId);
      confirmed = true;
      setStatus("");
      if (isNew) {
        outbox.unshift(WELCOME_PAYLOAD);
        showTyping(true);
      }
      deliver();
    });
    socket.on(BOT_EVENT, receive);
    socket.on("disconnect", function () {
      confirmed = false;
      setStatus("Connection lost. Reconnecting…");
    });
    socket.on("connect_error", function () {
      setStatus("The assistant can't be reached right now. Trying again…");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (text) {
      input.value = "";
      send(text, text);
    }
  });

  transcript.forEach(render);
  if (typeof window.io !== "function") {
    setStatus("The chat could not load. Please reload the page.");
    return;
  }
  fetch("/config.json")
    .then(function (response) { return response.json(); })
    .then(function (config) { connect(config.rasaUrl); })
    .catch(function () { setStatus("The chat could not load. Please reload the page."); });
})();
