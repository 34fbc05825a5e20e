"use strict";
(function () {
  var table = document.getElementById("records");
  if (table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);  // in the current sort order
    var size = Number(table.dataset.page) || 200;  // rows per page
    var matches = rows, page = 0;
    var words = null;  // each row's text, lower-cased on first use
    var byId = function (id) { return document.getElementById(id); };
    var fLang = byId("f-lang"), fDonor = byId("f-donor"), fCur = byId("f-cur"), fText = byId("f-text");
    var count = byId("f-count"), info = byId("p-info"), prev = byId("p-prev"), next = byId("p-next");
    var n = function (x) { return x.toLocaleString("en-US"); };
    var show = function () {
      var pages = Math.max(1, Math.ceil(matches.length / size));
      page = Math.min(Math.max(page, 0), pages - 1);
      var from = page * size, to = Math.min(matches.length, from + size);
      var on = new Set(matches.slice(from, to));
      rows.forEach(function (r) { r.hidden = !on.has(r); });
      count.textContent = matches.length === rows.length ? n(rows.length) + " records"
        : n(matches.length) + " of " + n(rows.length) + " records";
      info.textContent = matches.length ? "rows " + n(from + 1) + "–" + n(to) + " of " + n(matches.length) : "no rows";
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
    };
    var filter = function () {
      var lang = fLang.value, donor = fDonor.value, cur = fCur.value;
      var text = fText.value.trim().toLowerCase();
      if (text && !words) {
        words = new Map(rows.map(function (r) { return [r, r.textContent.toLowerCase()]; }));
      }
      matches = rows.filter(function (r) {
        return (!lang || r.dataset.lang === lang) && (!donor || r.dataset.donor === donor) &&
               (!cur || r.dataset.cur === cur) && (!text || words.get(r).indexOf(text) >= 0);
      });
      page = 0;
      show();
    };
    [fLang, fDonor, fCur].forEach(function (el) { el.addEventListener("change", filter); });
    fText.addEventListener("input", filter);
    prev.addEventListener("click", function () { page--; show(); });
    next.addEventListener("click", function () { page++; show(); });

    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    heads.forEach(function (th, col) {
      th.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var num = th.dataset.sort === "num";
        var key = function (r) {
          var c = r.cells[col];
          return num ? parseFloat(c.dataset.v || "0") : c.textContent.trim().toLowerCase();
        };
        var keyed = rows.map(function (r, i) { return [key(r), i, r]; });
        keyed.sort(function (a, b) {
          var d = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
          return (asc ? d : -d) || a[1] - b[1];
        });
        rows = keyed.map(function (k) { return k[2]; });
        var frag = document.createDocumentFragment();
        rows.forEach(function (r) { frag.appendChild(r); });
        body.appendChild(frag);
        filter();
      });
    });
    show();
  }

  var roles = ["data-rids", "data-ev", "data-don", "data-rcp", "data-pur"];
  var focus = function () {
    document.querySelectorAll(".focus").forEach(function (el) { el.classList.remove("focus"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^r[0-9]+$/.test(id)) { return; }
    var target = document.getElementById(id);
    if (!target) { return; }
    for (var d = target.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      d.open = true;
    }
    var q = roles.map(function (r) { return "[" + r + '~="' + CSS.escape(id) + '"]'; }).join(",");
    document.querySelectorAll(q).forEach(function (el) { el.classList.add("focus"); });
    document.querySelectorAll('#records a.rec-link[href="#' + CSS.escape(id) + '"]').forEach(function (a) {
      a.closest("tr").classList.add("focus");
    });
    target.scrollIntoView({block: "center"});
  };
  window.addEventListener("hashchange", focus);
  if (location.hash) { focus(); }
})();
