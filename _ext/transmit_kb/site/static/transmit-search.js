/* Search of the TransMit plus knowledge base (transmit_kb.search, docs/suche.md).
 *
 * Loads _search/meta.json (the page list, objects, stop words, shard names),
 * then only the index shards of the query's words (t/<two letters>.json) and
 * the plain text of the hits shown (x/<hash>.json) for their excerpts.
 * Words are folded (ä -> ae, ö -> oe, ü -> ue, ß -> ss, lower case) and stemmed
 * with Sphinx's German Snowball stemmer (transmit-stemmer.js), exactly as the
 * index was built. Ranking mirrors transmit_kb.search.rank(): every word must
 * match; pages holding more query words as words of their own (not only inside
 * compounds) come first, then the summed scores.
 * Everything shown is built as text nodes, never as HTML from the index.
 */
"use strict";
(() => {
  const root = document.documentElement.dataset.content_root || "";
  const base = `${root}_search/`;
  const WORD = /[\p{L}\p{N}]+/gu;
  const DIGITS = /^\p{N}+$/u;
  const FOLD = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss" };
  const fold = (text) =>
    text.normalize("NFC").toLowerCase().replace(/[äöüß]/g, (c) => FOLD[c]);
  const stemmer = typeof Stemmer === "function" ? new Stemmer() : { stemWord: (w) => w };
  const cache = new Map();

  const getJSON = (path, options) => {
    if (!cache.has(path)) {
      cache.set(
        path,
        fetch(base + path, options).then((response) => {
          if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
          return response.json();
        }),
      );
    }
    return cache.get(path);
  };
  const loadMeta = async () => {
    const pointer = await getJSON("meta.json", { cache: "no-cache" });
    return getJSON(pointer.meta);
  };

  const shardName = (key) => {
    const prefix = [...key].slice(0, 2).join("");
    if (/^[a-z0-9]+$/.test(prefix)) return prefix;
    return "u" + [...prefix].map((c) => c.codePointAt(0).toString(16)).join("-");
  };

  /** The query's words: [{raw, folded, key}], without stop words and numbers. */
  const parseQuery = (query, stopwords) => {
    const found = [];
    const seen = new Set();
    for (const raw of query.normalize("NFC").match(WORD) || []) {
      if (DIGITS.test(raw)) continue;
      const folded = fold(raw);
      if (folded.length < 2 || stopwords.has(folded) || seen.has(folded)) continue;
      seen.add(folded);
      found.push({ raw, folded, key: stemmer.stemWord(folded) });
    }
    return found;
  };

  /** doc index -> [exact (1) or only in compounds (0), score] of one word. */
  const wordHits = (word, shard) => {
    const exact = Object.prototype.hasOwnProperty.call(shard, word.key) ? shard[word.key] : null;
    const lists = exact ? [exact] : [];
    if (!exact && word.key.length >= 3) {
      for (const [key, list] of Object.entries(shard)) {
        if (key.startsWith(word.key)) lists.push(list);
      }
    }
    const found = new Map();
    for (const flat of lists) {
      for (let i = 0; i < flat.length; i += 2) {
        const hit = flat[i + 1] > 0 ? [1, flat[i + 1]] : [0, -flat[i + 1] / 1000];
        if (!exact) hit[1] /= 2; // prefix match
        const old = found.get(flat[i]);
        if (!old || hit[0] > old[0] || (hit[0] === old[0] && hit[1] > old[1])) {
          found.set(flat[i], hit);
        }
      }
    }
    return found;
  };

  const add = (a, b) => [a[0] + b[0], a[1] + b[1]];

  /** Text hits: pages with every word (else with some), ordered like search.rank(). */
  const textHits = async (words, meta) => {
    const shards = await Promise.all(
      words.map((w) => {
        const name = meta.shards[shardName(w.key)];
        return name ? getJSON(name) : Promise.resolve({});
      }),
    );
    const perWord = words.map((w, i) => wordHits(w, shards[i]));
    let totals = new Map(perWord[0]);
    for (const found of perWord.slice(1)) {
      const next = new Map();
      for (const [doc, hit] of totals) if (found.has(doc)) next.set(doc, add(hit, found.get(doc)));
      totals = next;
    }
    let partial = false;
    if (totals.size === 0 && perWord.length > 1) {
      partial = true;
      for (const found of perWord) {
        for (const [doc, hit] of found) totals.set(doc, add(totals.get(doc) || [0, 0], hit));
      }
    }
    const docs = meta.docs;
    const lower = (doc) => docs[doc][2].toLowerCase();
    const order = [...totals.keys()].sort((a, b) => {
      const [x, y] = [totals.get(a), totals.get(b)];
      return (
        y[0] - x[0] || y[1] - x[1] || (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : a - b)
      );
    });
    return { order, partial };
  };

  /**
   * How a name holds the query words: null if one is missing, else the number
   * of words found whole (or by stem) and whether that is every word of the name.
   * A word of four letters or more may also be the beginning of a name's word.
   */
  const nameMatch = (words, name) => {
    const nameWords = (fold(name).match(WORD) || []).map((w) => [w, stemmer.stemWord(w)]);
    let whole = 0;
    for (const word of words) {
      if (nameWords.some(([w, key]) => w === word.folded || key === word.key)) whole += 1;
      else if (!(word.folded.length >= 4 && nameWords.some(([w]) => w.startsWith(word.folded))))
        return null;
    }
    return { whole, complete: whole === nameWords.length ? 1 : 0 };
  };

  /** Objects whose name holds every query word, best first (at most ten). */
  const objectHits = (words, meta) => {
    const hits = [];
    meta.objects.forEach(([kind, name, doc, anchor, description], position) => {
      const match = nameMatch(words, name);
      if (match) hits.push({ kind, name, doc, anchor, description, position, ...match });
    });
    hits.sort((a, b) => b.complete - a.complete || b.whole - a.whole || a.position - b.position);
    // names that only begin with a query word ("Bildung" -> "Bildungsmonitoring")
    // are a guess: at most three of them
    const whole = hits.filter((hit) => hit.whole === words.length);
    const guessed = hits.filter((hit) => hit.whole < words.length).slice(0, 3);
    return [...whole, ...guessed].slice(0, 10);
  };

  /**
   * The order of all hits: objects first, but a page whose title names every
   * query word (the case-study article about a place) comes before the
   * municipality's own page; then the other text hits. Each page once.
   */
  const arrange = (objects, order, meta, words) => {
    const places = objects.filter((o) => o.kind === "municipality");
    const others = objects.filter((o) => o.kind !== "municipality");
    const titled = places.length
      ? order.filter((doc) => nameMatch(words, meta.docs[doc][2]))
      : [];
    const seen = new Set();
    const hits = [];
    // an object is shown once per target (page and anchor); a text hit only
    // for a page no shown hit leads to already
    const add = (doc, anchor, hit) => {
      if (seen.has(`${doc}#${anchor}`) || seen.has(`${doc}#`)) return;
      seen.add(`${doc}#${anchor}`);
      seen.add(`${doc}`);
      hits.push(hit);
    };
    const addText = (doc) => {
      if (!seen.has(`${doc}`)) add(doc, "", { doc });
    };
    for (const o of others) add(o.doc, o.anchor, { object: o });
    for (const doc of titled) addText(doc);
    for (const o of places) add(o.doc, o.anchor, { object: o });
    for (const doc of order) addText(doc);
    return hits;
  };

  // ------------------------------------------------------------------ excerpts

  const VARIANTS = { a: "(?:ae|a|ä)", o: "(?:oe|o|ö)", u: "(?:ue|u|ü)" };
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  /** A pattern for a word's key that matches its spellings in the text. */
  const keyPattern = (key) => {
    let out = "";
    for (let i = 0; i < key.length; i++) {
      const c = key[i];
      if (c === "s" && key[i + 1] === "s") {
        out += "(?:ss|ß)";
        i += 1;
      } else out += VARIANTS[c] || escape(c);
    }
    return out;
  };
  const matcher = (words) =>
    words.length ? new RegExp(words.map((w) => keyPattern(w.key)).join("|"), "giu") : null;

  const excerptOf = (sections, words) => {
    const pattern = matcher(words);
    if (!pattern) return null;
    let best = null;
    for (const [anchor, heading, text] of sections) {
      const matched = new Set();
      let first = -1;
      for (const m of text.matchAll(pattern)) {
        if (first < 0) first = m.index;
        matched.add(m[0].toLowerCase());
      }
      if (first >= 0 && (!best || matched.size > best.count)) {
        best = { anchor, heading, text, first, count: matched.size };
      }
    }
    if (!best) return null;
    const start = Math.max(0, best.text.lastIndexOf(" ", Math.max(0, best.first - 90)) + 1);
    let end = Math.min(best.text.length, start + 240);
    const space = best.text.indexOf(" ", end);
    if (space > 0 && space - end < 20) end = space;
    return {
      anchor: best.anchor,
      heading: best.heading,
      text: best.text.slice(start, end),
      before: start > 0,
      after: end < best.text.length,
    };
  };

  /** Append ``text`` to ``parent``, the matches of ``pattern`` in <mark>. */
  const appendMarked = (parent, text, pattern) => {
    let last = 0;
    if (pattern) {
      for (const m of text.matchAll(pattern)) {
        if (m.index > last) parent.append(text.slice(last, m.index));
        const mark = document.createElement("mark");
        mark.textContent = m[0];
        parent.append(mark);
        last = m.index + m[0].length;
      }
    }
    parent.append(text.slice(last));
  };

  // ------------------------------------------------------------------ display

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const href = (meta, doc, anchor) => root + meta.docs[doc][1] + (anchor ? `#${anchor}` : "");

  const renderObject = (meta, hit, pattern) => {
    const item = el("li", "tm-search-hit tm-search-hit--object");
    item.dataset.docname = meta.docs[hit.doc][0];
    item.dataset.kind = hit.kind;
    const link = el("a", "tm-search-title");
    link.href = href(meta, hit.doc, hit.anchor);
    appendMarked(link, hit.name, pattern);
    item.append(link, " ", el("span", "tm-search-kind", meta.kinds[hit.kind] || hit.kind));
    if (hit.description) {
      const p = el("p", "tm-search-excerpt");
      appendMarked(p, hit.description, pattern);
      item.append(p);
    }
    if (meta.docs[hit.doc][2] !== hit.name) {
      item.append(el("p", "tm-search-page", `Auf der Seite „${meta.docs[hit.doc][2]}“`));
    }
    return item;
  };

  /** What a page is (Beitrag, Ausgabe, Person, Kommune, Glossar …), from the index. */
  const docKind = (meta, doc) =>
    (meta.labels && meta.labels[doc]) || (meta.doc_kinds && meta.doc_kinds[doc]) || "Seite";

  /** Where to go on when a query finds nothing: the finder, the topics, the glossary. */
  const nextSteps = (meta) => {
    const box = el("div", "tm-search-next");
    if (!meta.next || !meta.next.length) return box;
    box.append(el("p", "", "Oder stöbern Sie hier:"));
    const list = el("ul");
    for (const [text, uri] of meta.next) {
      const link = el("a", "", text);
      link.href = root + uri;
      const item = el("li");
      item.append(link);
      list.append(item);
    }
    box.append(list);
    return box;
  };

  const renderText = (meta, doc, words, pattern) => {
    const [docname, , title, textFile] = meta.docs[doc];
    const item = el("li", "tm-search-hit tm-search-hit--text");
    item.dataset.docname = docname;
    item.dataset.kind = "text";
    const link = el("a", "tm-search-title", title);
    link.href = href(meta, doc, "");
    item.append(link, " ", el("span", "tm-search-kind", docKind(meta, doc)));
    const excerpt = el("p", "tm-search-excerpt");
    item.append(excerpt);
    getJSON(textFile)
      .then((sections) => {
        const found = excerptOf(sections, words);
        if (!found) {
          excerpt.remove();
          return;
        }
        if (found.anchor && found.heading) {
          const section = el("a", "tm-search-section", found.heading);
          section.href = href(meta, doc, found.anchor);
          excerpt.append(section, ": ");
        }
        appendMarked(excerpt, (found.before ? "… " : "") + found.text + (found.after ? " …" : ""), pattern);
      })
      .catch(() => excerpt.remove());
    return item;
  };

  const showQuery = async (query, out) => {
    out.replaceChildren();
    const heading = el("h2", "tm-search-heading", "Suchergebnisse");
    const status = el("p", "tm-search-status", "Suche läuft …");
    status.setAttribute("role", "status");
    out.append(heading, status);
    let meta;
    try {
      meta = await loadMeta();
    } catch (error) {
      status.textContent = "Die Suche konnte nicht geladen werden. Bitte laden Sie die Seite neu.";
      return;
    }
    const words = parseQuery(query, new Set(meta.stopwords));
    if (!words.length) {
      status.textContent = "Bitte geben Sie mindestens ein Suchwort ein (keine Füllwörter wie „und“).";
      out.append(nextSteps(meta));
      return;
    }
    const objects = objectHits(words, meta);
    const { order, partial } = await textHits(words, meta);
    const arranged = arrange(objects, order, meta, words);
    const total = arranged.length;
    const quoted = `„${query.trim()}“`;
    if (!total) {
      status.textContent = `Keine Treffer für ${quoted}. Prüfen Sie die Schreibweise oder versuchen Sie ein kürzeres Wort.`;
      out.append(nextSteps(meta));
      return;
    }
    status.textContent =
      (total === 1 ? `1 Treffer für ${quoted}.` : `${total} Treffer für ${quoted}.`) +
      (partial ? " Keine Seite enthält alle Wörter; gezeigt werden Seiten mit einigen davon." : "");
    const pattern = matcher(words);
    const list = el("ol", "tm-search-results");
    list.setAttribute("aria-label", "Suchergebnisse");
    out.append(list);
    const hits = arranged.map((hit) =>
      hit.object
        ? () => renderObject(meta, hit.object, pattern)
        : () => renderText(meta, hit.doc, words, pattern),
    );
    let shown = 0;
    const more = el("button", "tm-search-more");
    more.type = "button";
    const showMore = () => {
      const next = hits.slice(shown, shown + meta.shown);
      for (const render of next) list.append(render());
      shown += next.length;
      if (shown < hits.length) {
        more.textContent = `Weitere Treffer anzeigen (${hits.length - shown} übrig)`;
      } else more.remove();
    };
    more.addEventListener("click", () => {
      const first = shown;
      showMore();
      list.children[first]?.querySelector("a")?.focus();
    });
    showMore();
    if (shown < hits.length) out.append(more);
  };

  const start = () => {
    const query = new URLSearchParams(window.location.search).get("q") || "";
    document.querySelectorAll('input[name="q"]').forEach((input) => (input.value = query));
    const out = document.getElementById("search-results");
    if (!out) return;
    const done = () => (out.dataset.state = "done");
    if (query.trim()) showQuery(query, out).finally(done);
    else done();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
