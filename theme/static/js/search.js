// Search page (docs/site.md#search): Pagefind's JS API on the index built after Pelican
// (pipeline/site/search.py). Query, filters and sort live in the URL (?q=&linh-vuc=&don-vi=&loai=&nam=&xep=),
// so a search can be shared and the back button restores it. Ten results at a time ("Xem thêm").
// Pagefind's engine is loaded only when there is something to search.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("search-input");
  var statusEl = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var PAGE = 10;
  // The first page is re-ranked among this many: a title that holds the query phrase comes first.
  var RERANK = 20;
  var SORTS = { "moi-nhat": { date: "desc" }, "cu-nhat": { date: "asc" } };
  // Metadata searched with the page text (search_fields.py): the plain-letter title weighs like the
  // title; the plain 'đ' words a little; fields only shown (image, date…) not at all.
  var RANKING = { metaWeights: { title: 5, plain_title: 5, plain: 1, image: 0, image_alt: 0, date: 0,
                                 unit: 0.5, topic: 0.5, kind: 0 } };
  var engine = null;
  var run = 0; // the newest search; answers to older ones are dropped
  var current = null;

  function say(text) { statusEl.textContent = text; }

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }

  function words(text) { return fold(text).match(/[\p{L}\p{N}]+/gu) || []; }

  function load() {
    if (!engine) {
      var bundle = new URL(form.dataset.bundle, location.href).href;
      var base = new URL(form.dataset.base, location.href).pathname;
      engine = import(bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ baseUrl: base, excerptLength: 24, noWorker: true, ranking: RANKING })
          .then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  // --- state <-> form <-> URL ---------------------------------------------------------------
  function fromForm() {
    var state = { q: input.value.trim(), filters: {}, sort: "" };
    selects.forEach(function (select) {
      if (select.dataset.filter) { if (select.value) state.filters[select.name] = select.value; }
      else state.sort = select.value;
    });
    return state;
  }

  function fromUrl() {
    var params = new URLSearchParams(location.search);
    var state = { q: (params.get("q") || "").trim(), filters: {}, sort: params.get("xep") || "" };
    selects.forEach(function (select) {
      var value = params.get(select.name);
      if (select.dataset.filter && value) state.filters[select.name] = value;
    });
    return state;
  }

  function toForm(state) {
    input.value = state.q;
    selects.forEach(function (select) {
      var value = select.dataset.filter ? state.filters[select.name] || "" : state.sort;
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      select.value = known ? value : "";
    });
  }

  function toQuery(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    selects.forEach(function (select) {
      var value = select.dataset.filter ? state.filters[select.name] : state.sort;
      if (value) params.set(select.name, value);
    });
    var query = params.toString();
    return query ? "?" + query : location.pathname;
  }

  function pagefindFilters(state) {
    var filters = {};
    selects.forEach(function (select) {
      if (select.dataset.filter && state.filters[select.name]) filters[select.dataset.filter] = state.filters[select.name];
    });
    return filters;
  }

  // --- results ------------------------------------------------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  // Pagefind's excerpt is escaped text with <mark>; it is rebuilt as text nodes, every word that
  // matches a query word marked, whether typed with diacritics or without.
  function excerpt(html, queryWords) {
    var text = new DOMParser().parseFromString(html, "text/html").body.textContent || "";
    var p = el("p", "excerpt");
    text.split(/([\p{L}\p{N}]+)/u).forEach(function (part, i) {
      if (i % 2 === 1 && queryWords.indexOf(fold(part)) >= 0) p.appendChild(el("mark", "", part));
      else if (part) p.appendChild(document.createTextNode(part));
    });
    return p;
  }

  function item(data, queryWords) {
    var li = el("li");
    var h = el("h2");
    var a = el("a", "", data.meta.title || data.url);
    a.href = data.url;
    h.appendChild(a);
    li.appendChild(h);
    var meta = [data.meta.kind, data.meta.date, data.meta.unit || data.meta.topic].filter(Boolean).join(" · ");
    if (meta) li.appendChild(el("p", "meta", meta));
    li.appendChild(excerpt(data.excerpt || "", queryWords));
    return li;
  }

  // 0: the title holds the query as typed (a phrase); 1: every query word; 2: otherwise.
  function titleRank(data, queryWords) {
    var title = " " + words(data.meta.title).join(" ") + " ";
    if (title.indexOf(" " + queryWords.join(" ") + " ") >= 0) return 0;
    return queryWords.every(function (w) { return title.indexOf(" " + w + " ") >= 0; }) ? 1 : 2;
  }

  function rerank(datas, queryWords) {
    return datas.map(function (data, i) { return { data: data, i: i, rank: titleRank(data, queryWords) }; })
      .sort(function (a, b) { return a.rank - b.rank || a.i - b.i; })
      .map(function (x) { return x.data; });
  }

  function fetchData(results, from, to) {
    return Promise.all(results.slice(from, to).map(function (r) { return r.data(); }));
  }

  function showMore(focusFirst) {
    var state = current;
    var from = state.shown;
    var ready = from + PAGE <= state.datas.length ? Promise.resolve()
      : fetchData(state.results, state.datas.length, from + PAGE).then(function (datas) {
        state.datas = state.datas.concat(datas);
      });
    return ready.then(function () {
      if (state !== current) return;
      var page = state.datas.slice(from, from + PAGE);
      page.forEach(function (data) { list.appendChild(item(data, state.queryWords)); });
      state.shown = from + page.length;
      more.hidden = state.shown >= state.results.length;
      if (focusFirst && page.length) list.children[from].querySelector("a").focus();
    });
  }

  function summary(state, total) {
    var filtered = Object.keys(state.filters).length ? " (đã lọc)" : "";
    if (!state.q) return "Có " + total + " kết quả phù hợp bộ lọc.";
    if (!total) return "Không tìm thấy kết quả nào cho “" + state.q + "”" + filtered + ". Thử từ khóa ngắn hơn, gõ khác đi hoặc bỏ bớt bộ lọc.";
    return "Tìm thấy " + total + " kết quả cho “" + state.q + "”" + filtered + ".";
  }

  function search(state) {
    var token = ++run;
    more.hidden = true;
    if (!state.q && !Object.keys(state.filters).length) {
      current = null;
      list.textContent = "";
      say("Nhập từ khóa để tìm tin, bài.");
      return Promise.resolve();
    }
    say("Đang tìm…");
    var options = { filters: pagefindFilters(state) };
    if (SORTS[state.sort]) options.sort = SORTS[state.sort];
    return load().then(function (pagefind) {
      return pagefind.search(state.q || null, options);
    }).then(function (found) {
      var results = found.results;
      var queryWords = words(state.q);
      var relevance = state.q && !options.sort;
      return fetchData(results, 0, relevance ? RERANK : PAGE).then(function (datas) {
        if (token !== run) return;
        current = { results: results, datas: relevance ? rerank(datas, queryWords) : datas, shown: 0,
                    queryWords: queryWords };
        list.textContent = "";
        return showMore(false).then(function () { say(summary(state, results.length)); });
      });
    }).catch(function (error) {
      if (token !== run) return;
      if (window.console) console.error(error);
      say("Chưa tải được bộ tìm kiếm. Vui lòng thử lại sau.");
    });
  }

  function submit() {
    var state = fromForm();
    var url = toQuery(state);
    if (url !== location.search && !(url === location.pathname && !location.search)) history.pushState(null, "", url);
    search(state);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); submit(); });
  selects.forEach(function (select) { select.addEventListener("change", submit); });
  more.addEventListener("click", function () { if (current) showMore(true); });
  window.addEventListener("popstate", function () { var state = fromUrl(); toForm(state); search(state); });

  var initial = fromUrl();
  toForm(initial);
  search(initial);
})();
