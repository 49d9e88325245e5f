// csowatch desk: keyboard review, export tabs, copy buttons, error toasts. No build step.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function cards() { return Array.from(document.querySelectorAll(".queue .clip")); }
  function current() { return document.querySelector(".queue .clip.focused"); }
  var focusedId = null;

  function focus(card) {
    cards().forEach(function (c) { c.classList.remove("focused"); });
    if (!card) { return; }
    card.classList.add("focused");
    focusedId = card.dataset.id;
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest", behavior: "auto" });
  }

  function move(step) {
    var all = cards();
    if (!all.length) { return; }
    var i = all.indexOf(current());
    focus(all[Math.max(0, Math.min(all.length - 1, i < 0 ? 0 : i + step))]);
  }

  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var card = current();
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a":
        if (card && card.querySelector("button.approve")) { card.querySelector("button.approve").click(); }
        break;
      case "r":
        if (card && card.querySelector("form.reject input[name=reason]")) {
          card.querySelector("form.reject input[name=reason]").focus();
        }
        break;
      case "u":
        if (card && card.querySelector("button.undo")) { card.querySelector("button.undo").click(); }
        break;
      case "e":
        if (card && card.querySelector("details.excerpt-edit")) {
          var details = card.querySelector("details.excerpt-edit");
          details.open = true;
          details.querySelector("textarea").focus();
        }
        break;
      default: return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var card = event.target.closest && event.target.closest(".queue .clip");
    if (card && !card.classList.contains("focused")) { focus(card); }
    var tab = event.target.closest && event.target.closest(".tab");
    if (tab) {
      var box = tab.closest(".export");
      box.querySelectorAll(".tab, .tab-panel").forEach(function (el) { el.classList.remove("active"); });
      tab.classList.add("active");
      box.querySelector("#" + tab.dataset.tab).classList.add("active");
    }
    var copy = event.target.closest && event.target.closest("button.copy");
    if (copy) { copyText(copy); }
  });

  function copyText(button) {
    var area = document.querySelector(button.dataset.copy);
    var done = button.parentElement.querySelector(".copied");
    function shown() { if (done) { done.hidden = false; setTimeout(function () { done.hidden = true; }, 2000); } }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(shown, function () { legacyCopy(area); shown(); });
    } else { legacyCopy(area); shown(); }
  }

  function legacyCopy(area) {
    area.focus();
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* the text stays selected */ }
  }

  function toast(message) {
    var box = document.getElementById("toast");
    if (!box) { return; }
    box.textContent = message;
    box.hidden = false;
    clearTimeout(box._timer);
    box._timer = setTimeout(function () { box.hidden = true; }, 5000);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    toast(xhr.status === 401 ? "Your session ended: log in again." : (xhr.responseText || "The action failed."));
  });
  document.addEventListener("htmx:sendError", function () { toast("The desk cannot be reached."); });
  document.addEventListener("htmx:afterSettle", function () {
    if (focusedId) { focus(document.getElementById("clip-" + focusedId)); }
  });
})();
