// Search page (docs/site.md#search): plain JS on the project's own static index, built after Pelican by
// pipeline/site/search_index.py. A query is split and folded as the index was (search_fields.py: no
// diacritics, 'đ' as 'd'), read as syllable bigrams ("cong doan") where the index has them, else as
// syllables; each term's postings come from one small shard file; pages holding every term are ranked
// by the sum of their BM25 scores. Query, filters and sort live in the URL (?q=&linh-vuc=&don-vi=&loai=
// &nam=&xep=), so a search can be shared and the back button restores it. Ten results at a time
// ("Xem thêm"). Nothing of the index is fetched until there is something to search.
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
  // whose data is loaded anyway: each further result costs a page file download (bench_search.py).
  var RERANK = 10;
  var bundle = new URL(form.dataset.bundle, location.href).href;
  var base = new URL(form.dataset.base, location.href).href;
  var index = null; // the promise of meta.json
  var files = {}; // url -> promise of its JSON, for this page's life
  var run = 0; // the newest search; answers to older ones are dropped
  var current = null;

  function say(text) { statusEl.textContent = text; }

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }

  function words(text) { return fold(text).match(/[\p{L}\p{N}]+/gu) || []; }

  // The query's segments (split at punctuation, as search_fields.py splits text), each a list of
  // folded syllables.
  function segments(text) {
    return String(text || "").normalize("NFC").split(/[^\p{L}\p{N}\p{M}\s]+|_/u)
      .map(function (part) { return words(part); })
      .filter(function (syllables) { return syllables.length; });
  }

  // --- the index files ------------------------------------------------------------------------
  // Written gzip-compressed (search_index.py); a server that sent them decoded is fine too.
  function json(url) {
    if (!files[url]) {
      files[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.arrayBuffer();
      }).then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
        var stream = new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).text();
      }).then(JSON.parse);
      files[url].catch(function () { delete files[url]; });
    }
    return files[url];
  }

  function load() {
    if (!index) {
      index = fetch(bundle + "meta.json", { cache: "no-cache" }).then(function (response) {
        if (!response.ok) throw new Error("meta.json: " + response.status);
        return response.json();
      });
      index.catch(function () { index = null; });
    }
    return index;
  }

  var CRC = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  // The shard of a term: CRC-32 of its UTF-8 bytes, as search_index.shard_of computes it.
  function shardOf(term, shards) {
    var bytes = new TextEncoder().encode(term);
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = CRC[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return ((crc ^ 0xffffffff) >>> 0) % shards;
  }

  function folder(meta) { return bundle + meta.version + "/"; }

  // A term's postings: {ids, scores} with its IDF folded into the scores, or null when not indexed.
  function postings(meta, term) {
    return json(folder(meta) + "t/" + shardOf(term, meta.shards).toString(16) + ".gz").then(function (shard) {
      var entry = shard[term];
      if (!entry) return null;
      var n = entry[0].length;
      var idf = Math.log(1 + (meta.pages - n + 0.5) / (n + 0.5));
      var ids = new Array(n), scores = new Array(n), id = 0;
      for (var i = 0; i < n; i++) {
        id += entry[0][i];
        ids[i] = id;
        scores[i] = idf * meta.step * parseInt(entry[1][i], 36);
      }
      return { ids: ids, scores: scores };
    });
  }

  // Pages holding every term, with their summed scores (null lists: nothing found).
  function intersect(lists) {
    if (!lists.length || lists.some(function (l) { return !l; })) return new Map();
    lists = lists.slice().sort(function (a, b) { return a.ids.length - b.ids.length; });
    var found = new Map();
    lists[0].ids.forEach(function (id, i) { found.set(id, lists[0].scores[i]); });
    lists.slice(1).forEach(function (l) {
      var next = new Map();
      l.ids.forEach(function (id, i) { if (found.has(id)) next.set(id, found.get(id) + l.scores[i]); });
      found = next;
    });
    return found;
  }

  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }

  // Bigrams of consecutive syllables (dai hoi | cong doan | doan tinh); a bigram the index lacks (its two syllables
  // never stand side by side) is read as its syllables. When the bigrams find nothing together,
  // every syllable is looked up on its own (AND), as a word search would.
  function match(meta, query) {
    var segs = segments(query);
    var syllables = unique([].concat.apply([], segs));
    if (!syllables.length) return Promise.resolve(new Map());
    var plan = [];
    // An odd syllable out pairs with the one before it (tet sum | sum vay): a bigram's list is shorter.
    segs.forEach(function (seg) {
      for (var i = 0; i < seg.length; i += 2) plan.push(seg.slice(i + 2 > seg.length && i ? i - 1 : i, i + 2));
    });
    var bySyllables = function () {
      return Promise.all(syllables.map(function (t) { return postings(meta, t); })).then(intersect);
    };
    return Promise.all(plan.map(function (pair) {
      return postings(meta, pair.join(" ")).then(function (found) {
        if (found || pair.length === 1) return [found];
        return Promise.all(pair.map(function (t) { return postings(meta, t); }));
      });
    })).then(function (parts) {
      var found = intersect([].concat.apply([], parts));
      return found.size || plan.every(function (pair) { return pair.length === 1; }) ? found : bySyllables();
    });
  }

  // Ids passing the filters: a year is an id range (ids are in date order); topic, unit and kind
  // need facets.gz, fetched only then.
  function filterer(meta, state) {
    var years = null, wanted = [];
    selects.forEach(function (select) {
      var key = select.dataset.filter, value = state.filters[select.name];
      if (!value) return;
      if (key === "year") years = meta.years[value] || [0, 0];
      else wanted.push([key, meta.values[key].indexOf(value)]);
    });
    var facets = wanted.length ? json(folder(meta) + "facets.gz") : Promise.resolve(null);
    return facets.then(function (columns) {
      return function (id) {
        if (years && (id < years[0] || id >= years[1])) return false;
        return wanted.every(function (w) { return columns[w[0]][id] === w[1]; });
      };
    });
  }

  function find(meta, state) {
    var scored = state.q ? match(meta, state.q) : Promise.resolve(null);
    return Promise.all([scored, filterer(meta, state)]).then(function (both) {
      var found = both[0], keep = both[1], ids = [];
      if (found) found.forEach(function (score, id) { if (keep(id)) ids.push(id); });
      else for (var id = 0; id < meta.pages; id++) if (keep(id)) ids.push(id);
      if (state.sort === "cu-nhat") ids.sort(function (a, b) { return b - a; });
      else if (state.sort === "moi-nhat" || !found) ids.sort(function (a, b) { return a - b; });
      else ids.sort(function (a, b) { return found.get(b) - found.get(a) || a - b; });
      return ids;
    });
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

  // --- results ------------------------------------------------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  // The excerpt: of the page's text (its body, past the title and date line, search_index.py), the 24
  // words with the most query words, each query word marked whether typed with diacritics or not.
  var EXCERPT = 24;

  function bare(word) { return fold(word).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""); }

  function excerptWords(data, queryWords) {
    var tokens = String(data.text || "").split(/\s+/).filter(Boolean);
    var hits = tokens.map(function (t) { return queryWords.indexOf(bare(t)) >= 0 ? 1 : 0; });
    var best = 0, bestScore = -1;
    for (var from = 0; from < Math.max(1, tokens.length - EXCERPT + 1); from++) {
      var score = 0;
      for (var k = from; k < Math.min(tokens.length, from + EXCERPT); k++) score += hits[k];
      if (score > bestScore) { best = from; bestScore = score; }
      if (score === EXCERPT) break;
    }
    // Start a few words before the first hit, so it reads in context.
    if (bestScore > 0) {
      var first = best;
      while (!hits[first]) first++;
      best = Math.max(0, first - 4);
    }
    return { tokens: tokens.slice(best, best + EXCERPT), before: best > 0, after: best + EXCERPT < tokens.length };
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
    var a = el("a", "", data.title || data.url);
    a.href = base + data.url;
    h.appendChild(a);
    li.appendChild(h);
    var meta = [data.kind, data.date, data.unit || data.topic].filter(Boolean).join(" · ");
    if (meta) li.appendChild(el("p", "meta", meta));
    li.appendChild(excerpt(data, queryWords));
    return li;
  }

  // 0: the title holds the query as typed (a phrase); 1: every query word; 2: otherwise.
  function titleRank(data, queryWords) {
    var title = " " + words(data.title).join(" ") + " ";
    if (title.indexOf(" " + queryWords.join(" ") + " ") >= 0) return 0;
    return queryWords.every(function (w) { return title.indexOf(" " + w + " ") >= 0; }) ? 1 : 2;
  }

  function rerank(datas, queryWords) {
    return datas.map(function (data, i) { return { data: data, i: i, rank: titleRank(data, queryWords) }; })
      .sort(function (a, b) { return a.rank - b.rank || a.i - b.i; })
      .map(function (x) { return x.data; });
  }

  function fetchData(state, from, to) {
    var folderUrl = folder(state.meta);
    return Promise.all(state.ids.slice(from, to).map(function (id) { return json(folderUrl + "p/" + id + ".gz"); }));
  }

  function showMore(focusFirst) {
    var state = current;
    var from = state.shown;
    var ready = from + PAGE <= state.datas.length ? Promise.resolve()
      : fetchData(state, state.datas.length, from + PAGE).then(function (datas) {
        state.datas = state.datas.concat(datas);
      });
    return ready.then(function () {
      if (state !== current) return;
      var page = state.datas.slice(from, from + PAGE);
      page.forEach(function (data) { list.appendChild(item(data, state.queryWords)); });
      state.shown = from + page.length;
      more.hidden = state.shown >= state.ids.length;
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
    var queryWords = words(state.q);
    var relevance = state.q && !state.sort;
    return load().then(function (meta) {
      return find(meta, state).then(function (ids) {
        var first = { meta: meta, ids: ids, datas: [], shown: 0, queryWords: queryWords };
        return fetchData(first, 0, relevance ? RERANK : PAGE).then(function (datas) {
          if (token !== run) return;
          first.datas = relevance ? rerank(datas, queryWords) : datas;
          current = first;
          list.textContent = "";
          return showMore(false).then(function () { say(summary(state, ids.length)); });
        });
      });
    }).catch(function (error) {
      // The site may have been rebuilt since meta.json came: the next search reads it again.
      index = null;
      files = {};
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
