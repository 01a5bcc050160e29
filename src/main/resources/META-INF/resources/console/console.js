// The Animus Registry console's own script: shows refusals from problem details, and follows chat events.
(function () {
  "use strict";

  function messages() { return document.getElementById("messages"); }

  function show(text) {
    var box = messages();
    if (box) { box.textContent = text; }
  }

  function clearFieldErrors(form) {
    if (!form) { return; }
    form.querySelectorAll("[data-field-error]").forEach(function (el) { el.textContent = ""; });
  }

  // A refused htmx request: the problem's detail (and each field's message beside its field).
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    clearFieldErrors(form);
    var text = "The request failed (" + xhr.status + ").";
    try {
      var problem = JSON.parse(xhr.responseText);
      text = problem.detail || problem.title || text;
      (problem.errors || []).forEach(function (error) {
        var slot = form ? form.querySelector('[data-field-error="' + CSS.escape(error.field) + '"]') : null;
        if (slot) { slot.textContent = error.message; }
      });
    } catch (ignored) { /* not a problem document */ }
    show(text);
  });

  document.addEventListener("htmx:sendError", function () {
    show("The registry cannot be reached; check the connection and try again.");
  });

  // A message sent: empty the box for the next one (the message itself arrives with the events).
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (event.detail.successful && form && form.classList && form.classList.contains("chat-send")) { form.reset(); }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    show("");
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    clearFieldErrors(form);
  });

  // Confirmation before an action marked data-confirm (htmx's own hx-confirm needs no script of ours,
  // but it uses window.confirm as well; this keeps one way).
  document.addEventListener("htmx:confirm", function (event) {
    var question = event.detail.elt.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });

  // A JSON value is checked as it is typed: the message beside the field says where it breaks. The
  // registry checks it again when it is saved (its message replaces this one).
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("textarea[data-json]")) { return; }
    var slot = field.form ? field.form.querySelector('[data-field-error="value"]') : null;
    if (!slot) { return; }
    try {
      if (field.value.trim() !== "") { JSON.parse(field.value); }
      slot.textContent = "";
    } catch (broken) {
      slot.textContent = "not valid JSON yet: " + broken.message;
    }
  });

  // Chat: append each stored message and reply as it arrives over Server-Sent Events.
  function followChat() {
    var transcript = document.getElementById("transcript");
    if (!transcript || !transcript.dataset.events) { return; }
    var source = new EventSource(transcript.dataset.events);
    function append(kind, event) {
      var entry;
      try { entry = JSON.parse(event.data); } catch (ignored) { return; }
      var key = kind + "-" + entry.id;
      if (document.getElementById(key)) { return; }
      var line = document.createElement("p");
      line.id = key;
      line.className = kind === "message" ? "from-user" : "from-agent";
      var who = document.createElement("strong");
      who.textContent = kind === "message" ? "You: " : "Agent: ";
      line.appendChild(who);
      line.appendChild(document.createTextNode(kind === "message" ? entry.message : entry.response));
      transcript.appendChild(line);
      transcript.scrollTop = transcript.scrollHeight;
    }
    source.addEventListener("message", function (event) { append("message", event); });
    source.addEventListener("response", function (event) { append("response", event); });
    window.addEventListener("beforeunload", function () { source.close(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", followChat);
  } else {
    followChat();
  }
})();
