// iprhub portal: a few enhancements; every page works without them.
(function () {
  "use strict";

  // "/" focuses the search box (unless typing in a field)
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    var box = document.querySelector("input[type=search]");
    if (box) { ev.preventDefault(); box.focus(); box.select(); }
  });

  // query builder: field, relation and value appended to the query
  var builder = document.getElementById("builder");
  if (builder) {
    builder.hidden = false;
    var add = document.getElementById("b-add");
    var value = document.getElementById("b-value");
    var append = function () {
      var q = document.getElementById("q");
      var v = value.value.trim();
      if (!v) { value.focus(); return; }
      if (/\s/.test(v) && v.charAt(0) !== '"') v = '"' + v.replace(/"/g, "") + '"';
      var clause = document.getElementById("b-field").value + document.getElementById("b-op").value + v;
      var join = document.getElementById("b-join").value;
      var current = q.value.trim();
      q.value = current ? current + (join === "not" ? " and not " : " " + join + " ") + clause : clause;
      value.value = "";
      q.focus();
    };
    add.addEventListener("click", append);
    value.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); append(); } });
  }

  // ingest page: follow running jobs until they finish, then show the final page
  var rows = document.querySelectorAll("tr.job[data-status=queued], tr.job[data-status=running]");
  if (rows.length) {
    var poll = function () {
      var pending = 0;
      var done = 0;
      var requests = Array.prototype.map.call(rows, function (row) {
        return fetch("/api/v1/ingest/jobs/" + encodeURIComponent(row.getAttribute("data-job")),
                     { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (job) {
            if (!job) return;
            var bar = row.querySelector("progress");
            if (bar) bar.value = job.progress;
            var stored = row.querySelector(".stored");
            if (stored && stored.firstChild) stored.firstChild.nodeValue = String(job.documents_stored) + " ";
            if (job.status === "done" || job.status === "failed") done++; else pending++;
          });
      });
      Promise.all(requests).then(function () {
        if (done) window.location.reload();
        else if (pending) window.setTimeout(poll, 700);
      });
    };
    window.setTimeout(poll, 400);
  }
})();
