/* The site's search ranking, in front of Material's search worker.

   Material's worker (lunr) makes every word of a query a required or prefix match and
   weighs headings a thousand times body text: a pasted error with its traceback finds
   nothing, and a question in plain words finds the section whose heading holds its
   rarest word. Here, in the same worker, the query is cleaned of what people paste
   around a message (Traceback lines, file paths, line numbers, quotes, carets, prompts),
   and the sections of Material's own index are ranked by BM25: every word counts by how
   rare it is and how often the section says it, headings weigh more than text, code
   less, the output a block prints as much as text (it quotes the messages readers
   paste). Material's worker is loaded for lunr's stemmer; its results page shows our
   answers unchanged. Material's own index (lunr's, which no query reads any more) is not
   built once the stemmer has loaded: setup is then answered here (153 ms of a worker's
   setup on this index, 69 ms without).

   Started by partials/lazy-search.html as workers/ranking.js#<Material's worker URL>;
   offline (file://) the iframe-worker shim runs it as a script in an iframe, where
   importScripts loads asynchronously and the URL is read from the script element. */
(function () {
  "use strict";

  // lunr's English stop words, the other function words of NLTK's list ("same" kept: "the
  // same memory"), and "use", which most messages ("Use tensor.cpu() ...") and most
  // sections' advice say, so that it tells nothing about which section answers.
  var STOP = new Set(("a able about across after all almost also am among an and any are as at be because " +
    "been but by can cannot could dear did do does either else ever every for from get got had has have he " +
    "her hers him his how however i if in into is it its just least let like likely may me might most must " +
    "my neither no nor not of off often on only or other our own rather said say says she should since so " +
    "some than that the their them then there these they this tis to too twas us wants was we were what " +
    "when where which while who whom why will with would yet you your " +
    "myself ours ourselves yours yourself yourselves himself herself itself theirs themselves those being " +
    "having doing until against between through during before above below up down out over under again " +
    "further once here both each few more such very s t don dont doesn doesnt isn isnt aren arent won wont " +
    "didn didnt now another seem seems use used uses using").split(" "));

  // Words end at spaces and punctuation, and at a dot unless a digit follows (np.ndarray, 2.0).
  var SEPARATOR = /[\s\-,:!=\[\]()"\/?;`<>{}*#@|+~^$%&\\]+|\.(?!\d)|'(?![a-z])|(?<![a-z])'/i;
  var WEIGHT = {heading: 6, text: 1, output: 1, code: 0.3, page: 0.5};
  var K1 = 1.2, B = 0.75, PREFIX = 0.5, LIMIT = 100;
  // Sections that hold more of the query's words first, above all in their heading, and
  // in its order: score × (1 + share of the words found)^2 × (1 + share of the words in
  // the heading)^2 × (1 + share of the query's word pairs that follow each other in the heading)^2.
  // A section's heading is read under its page's title (its result shows both): once its
  // own heading holds one of the query's words, the words and word pairs of the page's
  // title count as in its heading too, as they do for the top of the page. A section whose
  // own heading holds none of them does not rank above its page's top on the title alone.
  var FOUND = 2, IN_HEADING = 2, PAIRS = 2;

  /* What a reader pastes around a message, removed before the words are counted. */
  function clean(query) {
    return query
      .replace(/\(Triggered internally at[^)]*\)/g, " ")
      .replace(/Traceback \(most recent call last\):?/g, " ")
      .replace(/File "[^"]*", line \d+(, in \S+)?/g, " ")
      .replace(/(^|\s)(?:[A-Za-z]:)?[\\\/~.]*(?:[\w.\-]+[\\\/])+[\w.\-]*(?::\d+)*:?/g, " ")  // paths
      .replace(/\bline \d+\b/g, " ")
      .replace(/<[^>\s]*>/g, " ")  // <module>, <stdin>
      .replace(/\^{2,}|-{2,}>?|>{3}|\.{3}|\*{3}/g, " ");  // carets, arrows, prompts
  }

  // Each word's stem, once: highlighting the results stems every word of up to LIMIT sections' text for
  // each query, and the same words recur (the 92 queries of tests/search_queries.yaml: 2.4 s of the
  // worker's time in all before, 0.9 s with the stems kept).
  var stemmer = null, stems = new Map();
  function stem(word) {
    if (!stemmer && self.lunr && self.lunr.stemmer)
      stemmer = function (w) { return self.lunr.stemmer(new self.lunr.Token(w)).toString(); };
    if (!stemmer) return word;
    var found = stems.get(word);
    if (found === undefined) stems.set(word, found = stemmer(word));
    return found;
  }

  /* Lower-case words without stop words, stemmed; snake_case also as its parts. A possessive
     or a contraction (PyTorch's, doesn't, can't) counts as its parts only, so that the stop
     words drop "doesn" and "t"; other words with an apostrophe count whole and as parts. */
  function words(text) {
    var out = [];
    text.toLowerCase().split(SEPARATOR).forEach(function (w) {
      if (!w || w.length < 2 && !/\d/.test(w)) return;
      var apart = /'(s|t|re|ve|ll|d|m)$/.test(w);
      (apart ? w.split(/[_']/) : /[_']/.test(w) ? [w].concat(w.split(/[_']/)) : [w]).forEach(function (part) {
        if (part && !STOP.has(part)) out.push(stem(part));
      });
    });
    return out;
  }

  function plain(html) {
    return html.replace(/<[^>]*>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'").replace(/&amp;/g, "&");
  }

  /* A section's text in parts: code blocks, the outputs they print (after "Output"), the rest. */
  function parts(html) {
    var out = {text: "", code: "", output: ""};
    var last = 0, re = /(Output\s*)?<pre[^>]*>([\s\S]*?)<\/pre>/g, m;
    while ((m = re.exec(html))) {
      out.text += " " + html.slice(last, m.index);
      out[m[1] ? "output" : "code"] += " " + m[2];
      last = re.lastIndex;
    }
    out.text += " " + html.slice(last);
    return out;
  }

  var docs = [], df = new Map(), vocabulary = [], average = 1;

  function setup(index) {
    var pages = new Map();
    docs = index.docs.map(function (doc) {
      var page = doc.location.split("#")[0], tf = new Map(), length = 0, heading = new Set(), pairs = new Set(),
        title = new Set(), titlePairs = new Set();
      if (!pages.has(page)) pages.set(page, doc);
      var fields = parts(doc.text || "");
      fields.heading = doc.title || "";
      fields.page = doc.location.indexOf("#") >= 0 ? pages.get(page).title || "" : "";
      Object.keys(WEIGHT).forEach(function (field) {
        var found = words(plain(fields[field]));
        found.forEach(function (w) {
          tf.set(w, (tf.get(w) || 0) + WEIGHT[field]);
          if (field === "heading") heading.add(w);
          if (field === "page") title.add(w);
          length += WEIGHT[field];
        });
        if (field === "heading") pairsOf(found).forEach(function (pair) { pairs.add(pair); });
        if (field === "page") pairsOf(found).forEach(function (pair) { titlePairs.add(pair); });
      });
      return {doc: doc, page: page, tf: tf, length: length, heading: heading, pairs: pairs,
        title: title, titlePairs: titlePairs};
    });
    docs.forEach(function (d) { d.tf.forEach(function (_, w) { df.set(w, (df.get(w) || 0) + 1); }); });
    vocabulary = Array.from(df.keys()).sort();
    average = docs.reduce(function (sum, d) { return sum + d.length; }, 0) / (docs.length || 1);
  }

  function pairsOf(list) {
    var out = [];
    for (var i = 1; i < list.length; i++) if (list[i - 1] !== list[i]) out.push(list[i - 1] + " " + list[i]);
    return out;
  }

  function idf(w) {
    var n = df.get(w) || 0;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  }

  /* The words a query term matches: itself, and while a word is being typed, the words it begins. */
  function expand(term, typing) {
    var out = [[term, 1]];
    if (!typing || term.length < 2) return out;
    for (var i = lowerBound(term); i < vocabulary.length && vocabulary[i].indexOf(term) === 0; i++)
      if (vocabulary[i] !== term) out.push([vocabulary[i], PREFIX]);
    return out;
  }

  function lowerBound(term) {
    var lo = 0, hi = vocabulary.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (vocabulary[mid] < term) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /* Marks the query's words in a title or a section's HTML (outside tags), as Material does. */
  function highlight(html, stems) {
    return html.replace(/(<[^>]*>)|([^<]+)/g, function (all, tag, text) {
      if (tag) return tag;
      return text.replace(/[A-Za-z][\w]*/g, function (w) {
        return stems.has(stem(w.toLowerCase())) ? "<mark>" + w + "</mark>" : w;
      });
    });
  }

  function search(query) {
    var cleaned = clean(query), typing = !/\s$/.test(query);
    var raw = cleaned.split(SEPARATOR).filter(function (w) { return w && words(w).length; });
    var sequence = words(cleaned), terms = Array.from(new Set(sequence));
    var pairs = Array.from(new Set(pairsOf(sequence)));
    if (!terms.length) return {items: []};
    var matchers = terms.map(function (t, i) {
      return expand(t, typing && i === terms.length - 1).map(function (e) { return [e[0], e[1] * idf(e[0])]; });
    });
    var scored = [];
    docs.forEach(function (d) {
      var score = 0, found = 0, headed = 0, paired = 0, titled = 0;
      matchers.forEach(function (matches) {
        var best = 0;
        matches.forEach(function (m) {
          var f = d.tf.get(m[0]);
          if (f) best = Math.max(best, m[1] * f * (K1 + 1) / (f + K1 * (1 - B + B * d.length / average)));
        });
        if (best) found++;
        if (d.heading.has(matches[0][0])) headed++;
        else if (d.title.has(matches[0][0])) titled++;
        score += best;
      });
      if (score) {
        var n = terms.length;
        var underTitle = headed > 0;  // its own heading holds a word of the query
        if (underTitle) headed += titled;
        pairs.forEach(function (pair) { if (d.pairs.has(pair) || underTitle && d.titlePairs.has(pair)) paired++; });
        scored.push({d: d, score: score * Math.pow(1 + found / n, FOUND) * Math.pow(1 + headed / n, IN_HEADING) *
          Math.pow(1 + paired / Math.max(1, pairs.length), PAIRS)});
      }
    });
    scored.sort(function (a, b) { return b.score - a.score; });

    var stems = new Set(terms), groups = new Map();
    scored.slice(0, LIMIT).forEach(function (r) {
      var doc = r.d.doc, matched = {};
      raw.forEach(function (w) { matched[w] = words(w).some(function (t) { return r.d.tf.has(t); }); });
      if (!groups.has(r.d.page)) groups.set(r.d.page, []);
      groups.get(r.d.page).push({location: doc.location, title: highlight(doc.title, stems),
        text: highlight(doc.text, stems), tags: doc.tags, score: r.score, terms: matched});
    });
    groups.forEach(function (items, page) {  // every card starts from its page, as Material's do
      if (!items.some(function (item) { return item.location === page; })) {
        var top = docs.find(function (d) { return d.doc.location === page; });
        if (top) items.push({location: page, title: top.doc.title, text: top.doc.text, score: 0, terms: {}});
      }
    });
    return {items: Array.from(groups.values())};
  }

  // Registered before Material's worker: setup and queries are answered here. Setup goes on to Material's worker
  // only while lunr's stemmer has not loaded (the offline shim loads scripts asynchronously): Material answers it
  // once loaded, so that no query is read with a stemmer the index was not made with.
  addEventListener("message", function (event) {
    var message = event.data;
    if (!message) return;
    if (message.type === 0) {  // SETUP: answered as READY
      setup(message.data);
      if (stemmer) {
        event.stopImmediatePropagation();
        postMessage({type: 1});
      }
    }
    if (message.type === 2) {  // QUERY: answered as RESULT
      event.stopImmediatePropagation();
      var result;
      try { result = search(String(message.data)); } catch (err) { console.warn(err); result = {items: []}; }
      postMessage({type: 3, data: result});
    }
  });

  var script = self.document && document.currentScript;
  var material = decodeURIComponent(((script ? script.src : self.location.href).split("#")[1]) || "");
  importScripts(material);
})();
