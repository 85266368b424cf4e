// Search page: runs the Pagefind index built after Pelican (see pipeline/site/search.py) on ?q=,
// with Vietnamese messages. Pagefind's engine is loaded only when there is something to search.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("search-input");
  var statusEl = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var engine = null;

  function say(text) { statusEl.textContent = text; }

  function load() {
    if (!engine) {
      var bundle = new URL(form.dataset.bundle, location.href).href;
      var base = new URL(form.dataset.base, location.href).pathname;
      engine = import(bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ baseUrl: base, excerptLength: 24, noWorker: true }).then(function () {
          return pagefind;
        });
      });
    }
    return engine;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function show(items) {
    list.textContent = "";
    items.forEach(function (data) {
      var li = el("li");
      var h = el("h2");
      var a = el("a", "", data.meta.title || data.url);
      a.href = data.url;
      h.appendChild(a);
      li.appendChild(h);
      var meta = [data.meta.date, data.meta.unit, data.meta.topic].filter(Boolean).join(" · ");
      if (meta) li.appendChild(el("p", "meta", meta));
      if (data.meta.summary) {
        li.appendChild(el("p", "", data.meta.summary));
      } else {
        var excerpt = el("p");
        excerpt.innerHTML = data.excerpt; // Pagefind escapes the page text and adds only <mark>.
        li.appendChild(excerpt);
      }
      list.appendChild(li);
    });
  }

  function run(query) {
    query = query.trim();
    if (!query) { say("Nhập từ khóa để tìm tin, bài."); list.textContent = ""; return; }
    say("Đang tìm “" + query + "”…");
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); })).then(function (items) {
        show(items);
        var total = search.results.length;
        say(total ? "Tìm thấy " + total + " tin, bài cho “" + query + "”." : "Không tìm thấy tin, bài nào cho “" + query + "”. Thử từ khóa ngắn hơn hoặc khác đi.");
      });
    }).catch(function (error) {
      if (window.console) console.error(error);
      say("Chưa tải được bộ tìm kiếm. Vui lòng thử lại sau.");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value;
    history.replaceState(null, "", "?q=" + encodeURIComponent(query));
    run(query);
  });

  var initial = new URLSearchParams(location.search).get("q") || "";
  input.value = initial;
  if (initial) run(initial);
})();
