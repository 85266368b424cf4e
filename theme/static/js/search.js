// Search page (docs/site.md#search): Pagefind's JS API on the index built after Pelican
// (pipeline/site/search.py). Query, filters and sort live in the URL (?q=&linh-vuc=&don-vi=&loai=&nam=&xep=),
// so a search can be shared and the back button restores it. Ten results at a time ("Xem thêm").
// Pagefind's engine is loaded only when there is something to search, and runs in its web worker
// (worker-src 'self'), which keeps the page responsive: Lighthouse mobile performance 72 → 100.
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
  // The first page is re-ranked: a title that holds the query phrase comes first. Only the first ten,
  // whose data is loaded anyway: each further result costs a fragment download (bench_search.py).
  var RERANK = 10;
  var SORTS = { "moi-nhat": { date: "desc" }, "cu-nhat": { date: "asc" } };
  // Metadata searched with the page text (search_fields.py): the plain-letter title weighs like the
  // title; the plain 'đ' words a little; fields only shown (image, date…) not at all.
  var RANKING = { metaWeights: { title: 5, plain_title: 5, plain: 1, image: 0, image_alt: 0, date: 0,
                                 unit: 0.5, topic: 0.5, kind: 0, byline: 0.5 } };
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
        return pagefind.options({ baseUrl: base, excerptLength: 0, ranking: RANKING })
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
      if (select.dataset.filter && value && has(select, value)) state.filters[select.name] = value;
    });
    if (!has(form.querySelector("select:not([data-filter])"), state.sort)) state.sort = "";
    return state;
  }

  // A link may name a filter value this page does not offer (an old year, a renamed unit): ignored.
  function has(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  function toForm(state) {
    input.value = state.q;
    selects.forEach(function (select) {
      select.value = select.dataset.filter ? state.filters[select.name] || "" : state.sort;
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

  // The excerpt is cut here from the page text Pagefind returns, not taken from Pagefind: its own
  // excerpt is drawn to the title (it weighs most), which the result already shows. The title,
  // date, unit, topic and byline at the top of the text are skipped; of the rest, the 24 words with
  // the most query words are shown, each query word marked whether typed with diacritics or not.
  var EXCERPT = 24;

  function bare(word) { return fold(word).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""); }

  function bodyStart(tokens, meta) {
    var i = 0;
    [meta.title, meta.date, meta.unit, meta.topic, meta.byline].forEach(function (part) {
      var ws = String(part || "").split(/\s+/).filter(Boolean);
      if (!ws.length) return;
      if (tokens[i] === "·") i++;
      var same = ws.every(function (w, k) { return tokens[i + k] !== undefined && bare(tokens[i + k]) === bare(w); });
      if (same) i += ws.length;
    });
    return tokens.length - i > 3 ? i : 0;
  }

  function excerptWords(data, queryWords) {
    var tokens = String(data.content || "").split(/\s+/).filter(Boolean);
    var start = bodyStart(tokens, data.meta);
    var hits = tokens.map(function (t) { return queryWords.indexOf(bare(t)) >= 0 ? 1 : 0; });
    var best = start, bestScore = -1;
    for (var from = start; from < Math.max(start + 1, tokens.length - EXCERPT + 1); from++) {
      var score = 0;
      for (var k = from; k < Math.min(tokens.length, from + EXCERPT); k++) score += hits[k];
      if (score > bestScore) { best = from; bestScore = score; }
      if (score === EXCERPT) break;
    }
    // Start a few words before the first hit, so it reads in context.
    if (bestScore > 0) {
      var first = best;
      while (!hits[first]) first++;
      best = Math.max(start, first - 4);
    }
    return { tokens: tokens.slice(best, best + EXCERPT), before: best > start, after: best + EXCERPT < tokens.length };
  }

  function excerpt(data, queryWords) {
    var cut = excerptWords(data, queryWords);
    var p = el("p", "excerpt");
    if (cut.before) p.appendChild(document.createTextNode("… "));
    cut.tokens.forEach(function (token, i) {
      if (i) p.appendChild(document.createTextNode(" "));
      token.split(/([\p{L}\p{N}]+)/u).forEach(function (part, j) {
        if (j % 2 === 1 && queryWords.indexOf(fold(part)) >= 0) p.appendChild(el("mark", "", part));
        else if (part) p.appendChild(document.createTextNode(part));
      });
    });
    if (cut.after) p.appendChild(document.createTextNode(" …"));
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
    li.appendChild(excerpt(data, queryWords));
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
    // A filter alone lists the newest first.
    var sort = SORTS[state.sort] || (state.q ? null : SORTS["moi-nhat"]);
    if (sort) options.sort = sort;
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
