/* The public schedule page: filter as you type, list/calendar modes, day switcher, abstracts.
 * Progressive: the server renders the same state from the URL, so the page works without this.
 * Search rules match openevent/web/view.py: case-insensitive substring of the typed text
 * (trimmed) in the title or in a speaker's name, position or organisation. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function init() {
    var results = document.getElementById("results");
    var form = document.getElementById("filters");
    if (!results || !form) return;
    var fields = { q: form.elements.q, track: form.elements.track, room: form.elements.room, lang: form.elements.lang };
    var count = document.getElementById("count");
    var none = document.getElementById("none");
    var days = Array.prototype.slice.call(results.querySelectorAll("section.day"));
    var dayLinks = Array.prototype.slice.call(document.querySelectorAll(".days a[data-day]"));
    var modeLinks = Array.prototype.slice.call(document.querySelectorAll(".modes a[data-mode]"));
    var state = { mode: results.getAttribute("data-mode"), day: results.getAttribute("data-day") };

    var sessions = Array.prototype.map.call(results.querySelectorAll("article.s"), function (el) {
      var parts = [el.querySelector("h3").textContent];
      Array.prototype.forEach.call(el.querySelectorAll(".sp li"), function (li) {
        ["n", "p", "o"].forEach(function (cls) {
          var node = li.querySelector("." + cls);
          parts.push(node ? node.textContent : "");
        });
      });
      return {
        el: el,
        day: el.closest("section.day").id.slice(2),
        text: parts.join("\n").toLowerCase(),
        track: el.getAttribute("data-track"),
        room: el.getAttribute("data-room"),
        lang: el.getAttribute("data-lang")
      };
    });

    function url(changes) {
      var values = {
        q: fields.q.value, track: fields.track.value, room: fields.room.value, lang: fields.lang.value,
        mode: state.mode, day: state.day
      };
      Object.keys(changes).forEach(function (key) { values[key] = changes[key]; });
      if (values.mode !== "calendar") { values.mode = ""; values.day = ""; }
      var params = new URLSearchParams();
      ["q", "track", "room", "lang", "mode", "day"].forEach(function (key) {
        if (values[key]) params.append(key, values[key]);
      });
      var query = params.toString();
      return location.pathname + (query ? "?" + query : "");
    }

    function apply(history_method) {
      var needle = fields.q.value.trim().toLowerCase();
      var track = fields.track.value, room = fields.room.value, lang = fields.lang.value;
      var perDay = {};
      var visible = 0;
      sessions.forEach(function (s) {
        var show = (!needle || s.text.indexOf(needle) !== -1) && (!track || s.track === track) &&
          (!room || s.room === room) && (!lang || s.lang === lang);
        if (s.el.hidden === show) s.el.hidden = !show;
        if (show) {
          visible += 1;
          perDay[s.day] = (perDay[s.day] || 0) + 1;
        }
      });
      var calendar = state.mode === "calendar";
      results.classList.toggle("cal", calendar);
      results.setAttribute("data-mode", state.mode);
      results.setAttribute("data-day", state.day);
      days.forEach(function (section) {
        var key = section.id.slice(2);
        section.hidden = calendar ? key !== state.day : !perDay[key];
        var grid = section.querySelector(".grid");
        if (calendar) grid.setAttribute("tabindex", "0"); else grid.removeAttribute("tabindex");
      });
      dayLinks.forEach(function (link) {
        var key = link.getAttribute("data-day");
        link.querySelector(".n").textContent = "(" + (perDay[key] || 0) + ")";
        link.setAttribute("href", calendar ? url({ day: key }) : "#d-" + key);
        if (calendar && key === state.day) {
          link.setAttribute("aria-current", "date");
          reveal(link);
        } else {
          link.removeAttribute("aria-current");
        }
      });
      modeLinks.forEach(function (link) {
        var mode = link.getAttribute("data-mode");
        link.setAttribute("href", url({ mode: mode, day: mode === "calendar" ? state.day : "" }));
        if (mode === state.mode) link.setAttribute("aria-current", "page");
        else link.removeAttribute("aria-current");
      });
      var total = sessions.length;
      var message = visible === total ? total + (total === 1 ? " session." : " sessions.")
        : visible + " of " + total + " sessions match.";
      if (count.textContent !== message) count.textContent = message;
      none.hidden = visible > 0;
      if (history_method) history[history_method](null, "", url({}));
    }

    function reveal(link) { // scroll the day list sideways so the current day shows on a phone
      var list = link.closest("ul");
      var box = link.getBoundingClientRect(), frame = list.getBoundingClientRect();
      if (box.right > frame.right) list.scrollLeft += box.right - frame.right + 8;
      else if (box.left < frame.left) list.scrollLeft -= frame.left - box.left + 8;
    }

    function fromLocation() {
      var params = new URLSearchParams(location.search);
      Object.keys(fields).forEach(function (key) { fields[key].value = params.get(key) || ""; });
      state.mode = params.get("mode") === "calendar" ? "calendar" : "list";
      var day = params.get("day");
      if (days.some(function (section) { return section.id === "d-" + day; })) state.day = day;
    }

    form.addEventListener("input", function () { apply("replaceState"); });
    form.addEventListener("change", function () { apply("replaceState"); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply("replaceState");
    });
    modeLinks.forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        state.mode = link.getAttribute("data-mode");
        apply("pushState");
      });
    });
    dayLinks.forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (state.mode !== "calendar") return; // list mode: an ordinary jump to the day's heading
        event.preventDefault();
        state.day = link.getAttribute("data-day");
        apply("pushState");
      });
    });
    results.addEventListener("click", function (event) {
      var button = event.target.closest("button.tg");
      if (!button) return;
      var expanded = button.getAttribute("aria-expanded") !== "true";
      var abstract = button.parentNode;
      abstract.querySelector(".more").hidden = !expanded;
      abstract.querySelector(".ell").hidden = expanded;
      button.setAttribute("aria-expanded", String(expanded));
      button.textContent = expanded ? "Show less" : "Show more";
    });
    window.addEventListener("popstate", function () {
      fromLocation();
      apply(null);
    });
    apply(null);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
