/*
 * search.js: search as you type, on every page, and the table filters.
 *
 * The index (search-index.js, written by etwcat build) is loaded with a
 * script element the first time the search box is used, so pages load
 * nothing extra and everything works from file:// (where fetch() of a
 * local file is refused).  It calls etwcatIndex() with columns: P
 * provider names, U their folder names where they differ, n events per
 * provider, b r x per provider its builds, event ids with Sigma rules
 * and with examples, i event ids, t titles, F field names, f per event
 * the indexes of its field names (a negative -(v + 1) starts version
 * v's), L the events written to a classic log, A the field rows whose
 * id is not "v<version>-<safe name>" (etwcat(1), SITE).
 *
 * Ranking (match() below): an exact event id first, then the provider
 * of the page the search is typed on, events in the System,
 * Application or Security log, and well-known providers; a whole field
 * name before a longer one it starts; a field hit links to its row.
 * Each keystroke that types on searches only the previous matches.
 *
 * The search form itself is made here, not written into every page:
 * without script it could do nothing, and as markup it was 430 bytes
 * of each of 68,000 pages (29 MB of the 17 TSV builds' site).
 *
 * Results are built with DOM calls and textContent only: nothing from
 * the index is ever parsed as HTML.
 */
(function () {
	"use strict";

	var root = "", idx = null, loading = false, pending = null;
	var input, box, sel = -1, links = [], here = -1, prev = null;
	var MAXRES = 50;

	/*
	 * Called by search-index.js.  Besides the columns: per event its
	 * provider (ep), whether it is written to a classic log (logged),
	 * per provider how well known it is (w: builds present, event ids
	 * with Sigma rules, with examples), the row ids that are not
	 * "v<version>-<name>" (rowid), and the provider of this page.
	 */
	window.etwcatIndex = function (d) {
		var pi, k, e = 0;

		d.lp = d.P.map(function (s) { return s.toLowerCase(); });
		d.lt = d.t.map(function (s) { return s.toLowerCase(); });
		d.lF = d.F.map(function (s) { return s.toLowerCase(); });
		d.ep = new Int32Array(d.i.length);
		for (pi = 0; pi < d.n.length; pi++)
			for (k = 0; k < d.n[pi]; k++)
				d.ep[e++] = pi;
		d.logged = new Uint8Array(d.i.length);
		(d.L || []).forEach(function (x) { d.logged[x] = 1; });
		d.w = d.P.map(function (p, j) {
			return (d.b ? d.b[j] : 0) + (d.r ? d.r[j] : 0) +
			    (d.x ? d.x[j] : 0);
		});
		d.rowid = new Map();
		for (k = 0; d.A && k + 2 < d.A.length; k += 3)
			d.rowid.set(d.A[k] * 1048576 + d.A[k + 1], d.A[k + 2]);
		idx = d;
		here = pageProvider();
		if (pending !== null) {
			search(pending);
			pending = null;
		}
	};

	/* The provider whose page (or event page) this is, or -1. */
	function pageProvider() {
		var depth = (root.match(/\.\.\//g) || []).length;
		var segs = window.location.pathname.split("/"), rel, name, pi;

		rel = segs.slice(segs.length - 1 - depth);
		if (depth < 2 || rel[0] !== "providers")
			return -1;
		try {
			name = decodeURIComponent(rel[1]);
		} catch (err) {
			return -1;
		}
		for (pi = 0; pi < idx.P.length; pi++)
			if (dir(pi) === name)
				return pi;
		return -1;
	}

	function load() {
		var s;

		if (idx !== null || loading)
			return;
		loading = true;
		s = document.createElement("script");
		s.src = root + "search-index.js";
		s.onerror = function () {
			message("The search index (search-index.js) could not be loaded.");
		};
		document.head.appendChild(s);
	}

	function message(text) {
		var p = document.createElement("p");

		p.textContent = text;
		box.replaceChildren(p);
		box.classList.add("open");
	}

	function dir(pi) {
		return (idx.U && idx.U[pi]) || idx.P[pi];
	}

	/* Append text to el with the first match of each token marked. */
	function marked(el, text, toks) {
		var lt = text.toLowerCase(), at = 0, best, bi, i, j, m;

		for (;;) {
			best = -1;
			for (i = 0; i < toks.length; i++) {
				j = lt.indexOf(toks[i], at);
				if (j >= 0 && (best < 0 || j < best)) {
					best = j;
					bi = i;
				}
			}
			if (best < 0 || toks[bi].length === 0)
				break;
			el.appendChild(document.createTextNode(text.slice(at, best)));
			m = document.createElement("mark");
			m.textContent = text.slice(best, best + toks[bi].length);
			el.appendChild(m);
			at = best + toks[bi].length;
		}
		el.appendChild(document.createTextNode(text.slice(at)));
	}

	function wordch(c) {
		return (c >= "a" && c <= "z") || (c >= "0" && c <= "9");
	}

	/*
	 * How tk is in s: 3 all of it, 2 a whole word of it (between
	 * characters that are not letters or digits), 1 the start of a
	 * word, 0 elsewhere, -1 not at all.  The first occurrence decides
	 * unless a later one is a whole word.
	 */
	function how(s, tk) {
		var j = s.indexOf(tk), best = -1, a, z;

		if (j < 0)
			return -1;
		if (s.length === tk.length)
			return 3;
		for (; j >= 0; j = s.indexOf(tk, j + 1)) {
			a = j === 0 || !wordch(s.charAt(j - 1));
			z = j + tk.length === s.length ||
			    !wordch(s.charAt(j + tk.length));
			if (a && z)
				return 2;
			best = Math.max(best, a ? 1 : 0);
		}
		return best;
	}

	/*
	 * A token's score for an event, by what it matched: the event id
	 * (100 exactly, 20 its start), the provider's name (40 all of it,
	 * 30 a word, 15 part), a field name (15 all of it in the case
	 * typed, 14 in another, 7 its start, 5 part), the title (12 a
	 * word, 10 part).  An event matches when
	 * every token does; ties go to the provider of this page, then to
	 * events written to a classic log (System, Application, Security),
	 * then to the better known provider, then to index order.
	 */
	var PSC = [15, 15, 30, 40], FSC = [0, 5, 7, 14, 15];

	function tokinfo(d, typed) {
		var tk = typed.toLowerCase();
		/* An id has no leading zero: "05" is not the start of one. */
		var t = { tk: tk, num: /^(0|[1-9][0-9]{0,5})$/.test(tk) ?
		    Number(tk) : -1 };
		var j, h, any = 0;

		t.pm = new Int8Array(d.P.length);
		for (j = 0; j < d.lp.length; j++)
			t.pm[j] = how(d.lp[j], tk) + 1;
		t.fm = new Int8Array(d.F.length);
		for (j = 0; j < d.lF.length; j++)
			if ((h = how(d.lF[j], tk)) >= 0) {
				t.fm[j] = h === 3 ? (d.F[j] === typed ? 4 : 3) :
				    h === 0 ? 1 : 2;
				any = 1;
			}
		t.fany = any;
		return t;
	}

	/*
	 * The matches of toks among the events cand (all of them when
	 * null): a sorted list of at most MAXRES, best first, and all the
	 * matching events in index order, so that a query typed on from
	 * this one searches only those.
	 */
	function match(d, typed, cand) {
		var ti = typed.map(function (tk) { return tokinfo(d, tk); });
		var top = [], all = [], n = cand ? cand.length : d.i.length;
		var c, e, pi, t, T, s, sc, fs, fx, fv, bx, bv, bs, h, fl, k, ver;
		var key, lo, hi, mid, id;

		for (c = 0; c < n; c++) {
			e = cand ? cand[c] : c;
			pi = d.ep[e];
			sc = 0;
			bs = 0;
			bx = -1;
			bv = 0;
			for (t = 0; t < ti.length; t++) {
				T = ti[t];
				s = 0;
				id = d.i[e];
				if (T.num >= 0) {
					if (id === T.num)
						s = 100;
					else if (T.num > 0 && id > T.num) {
						while (id > T.num)
							id = Math.floor(id / 10);
						if (id === T.num)
							s = 20;
					}
				}
				if (T.pm[pi] > 0 && PSC[T.pm[pi] - 1] > s)
					s = PSC[T.pm[pi] - 1];
				if (s < 12 && (h = how(d.lt[e], T.tk)) >= 0)
					s = h >= 2 ? 12 : 10;
				if (s < 14 && T.fany) {
					fl = d.f[e];
					fs = 0;
					fx = -1;
					fv = 0;
					for (k = 0, ver = 0; k < fl.length; k++) {
						if (fl[k] < 0) {
							ver = -fl[k] - 1;
							continue;
						}
						h = T.fm[fl[k]];
						if (h > 0 && FSC[h] > fs) {
							fs = FSC[h];
							fx = fl[k];
							fv = ver;
							if (h === 4)
								break;
						}
					}
					if (fs > s) {
						s = fs;
						if (fs > bs) {
							bs = fs;
							bx = fx;
							bv = fv;
						}
					}
				}
				if (s === 0)
					break;
				sc += s;
			}
			if (t < ti.length)
				continue;
			all.push(e);
			key = sc * 16777216 + (pi === here ? 8388608 : 0) +
			    (d.logged[e] ? 4194304 : 0) + Math.min(d.w[pi], 4194303);
			if (top.length === MAXRES && key <= top[MAXRES - 1].k)
				continue;
			/* After every entry of a key as high: index order. */
			lo = 0;
			hi = top.length;
			while (lo < hi) {
				mid = (lo + hi) >> 1;
				if (top[mid].k >= key)
					lo = mid + 1;
				else
					hi = mid;
			}
			top.splice(lo, 0, { e: e, k: key, f: bx, v: bv });
			if (top.length > MAXRES)
				top.pop();
		}
		return { top: top, all: all };
	}

	/*
	 * A name as the pages' ids and paths have it (ecat_safe_name()):
	 * each run of characters other than ASCII letters, digits, ".",
	 * "_" and "-" one "_", at most 200, not empty, not starting with
	 * "." or "-".
	 */
	function safeName(s) {
		var o = s.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 200);

		if (o === "")
			return "_";
		if (o.charAt(0) === "." || o.charAt(0) === "-")
			o = "_" + o.slice(1);
		return o;
	}

	/* A field's row on its event page: "v<version>-<safe name>". */
	function fieldAnchor(d, r) {
		return d.rowid.get(r.e * 1048576 + r.f) ||
		    "v" + r.v + "-" + safeName(d.F[r.f]);
	}

	/* Whether q2's matches are among q1's: each token typed on. */
	function narrows(t1, t2) {
		var i;

		if (t2.length < t1.length)
			return false;
		for (i = 0; i < t1.length; i++)
			if (t2[i].indexOf(t1[i]) !== 0)
				return false;
		return true;
	}

	function search(q) {
		var typed = q.split(/\s+/).filter(Boolean);
		var toks = typed.map(function (s) { return s.toLowerCase(); });
		var d = idx, provs = [], m, ok, t, pk, i, pi, n, r;
		var ol, li, a, span;

		sel = -1;
		links = [];
		if (toks.length === 0) {
			prev = null;
			box.classList.remove("open");
			box.replaceChildren();
			return;
		}
		m = match(d, typed, prev !== null && narrows(prev.toks, toks) ?
		    prev.all : null);
		prev = { toks: toks, all: m.all };
		/* Providers whose name has every token, the closest first. */
		for (pi = 0; pi < d.P.length; pi++) {
			pk = 0;
			for (t = 0, ok = true; t < toks.length && ok; t++) {
				i = how(d.lp[pi], toks[t]);
				ok = i >= 0;
				pk += i + 1;
			}
			if (ok)
				provs.push({ p: pi, k: pk * 16777216 +
				    (pi === here ? 8388608 : 0) + d.w[pi] });
		}
		provs.sort(function (x, y) { return y.k - x.k || x.p - y.p; });
		n = m.all.length;
		ol = document.createElement("ol");
		for (i = 0; i < provs.length && i < 5; i++) {
			pi = provs[i].p;
			li = document.createElement("li");
			a = document.createElement("a");
			a.href = root + "providers/" + encodeURIComponent(dir(pi)) +
			    "/index.html";
			marked(a, d.P[pi], toks);
			span = document.createElement("span");
			span.className = "rp";
			span.textContent = " · provider, " + d.n[pi] + " events";
			a.appendChild(span);
			li.appendChild(a);
			ol.appendChild(li);
			links.push(a);
		}
		for (i = 0; i < m.top.length; i++) {
			r = m.top[i];
			pi = d.ep[r.e];
			li = document.createElement("li");
			a = document.createElement("a");
			a.href = root + "providers/" + encodeURIComponent(dir(pi)) +
			    "/events/" + d.i[r.e] + ".html" +
			    (r.f >= 0 ? "#" + fieldAnchor(d, r) : "");
			a.appendChild(document.createTextNode(d.i[r.e] + " "));
			marked(a, d.t[r.e] || "(no title)", toks);
			span = document.createElement("span");
			span.className = "rp";
			span.textContent = " · " + d.P[pi];
			a.appendChild(span);
			if (r.f >= 0) {
				span = document.createElement("span");
				span.className = "rf";
				span.textContent = "field ";
				marked(span, d.F[r.f], toks);
				a.appendChild(span);
			}
			li.appendChild(a);
			ol.appendChild(li);
			links.push(a);
		}
		box.replaceChildren();
		if (links.length === 0) {
			message("Nothing matches \u201c" + q + "\u201d.");
			return;
		}
		if (n > MAXRES) {
			li = document.createElement("p");
			li.textContent = "Showing " + MAXRES + " of " + n +
			    " events; type more to narrow.";
			box.appendChild(li);
		}
		box.appendChild(ol);
		box.classList.add("open");
	}

	function select(k) {
		if (links.length === 0)
			return;
		if (sel >= 0)
			links[sel].classList.remove("sel");
		sel = (k + links.length) % links.length;
		links[sel].classList.add("sel");
		links[sel].scrollIntoView({ block: "nearest" });
	}

	function run() {
		var q = input.value;

		if (idx === null) {
			pending = q;
			load();
			if (q.trim() !== "")
				message("Loading the search index\u2026");
			return;
		}
		search(q);
	}

	/*
	 * A table's filter: every body of the table (a provider's event
	 * groups are one each), a group's heading row shown while any of
	 * its rows is; a row's data-ids (a group of a provider split in
	 * pages) is searched with its text.
	 */
	function filters() {
		var inputs = document.querySelectorAll("input[data-filter]");

		Array.prototype.forEach.call(inputs, function (inp) {
			var table = document.getElementById(inp.dataset.filter);
			var groups = [];

			if (table === null || table.tBodies.length === 0)
				return;
			Array.prototype.forEach.call(table.tBodies, function (tb) {
				var g = { head: null, rows: [], text: [] };

				Array.prototype.forEach.call(tb.rows, function (r) {
					if (r.classList.contains("gh")) {
						g.head = r;
						return;
					}
					g.rows.push(r);
					g.text.push((r.textContent + " " +
					    (r.getAttribute("data-ids") || "")).toLowerCase());
				});
				groups.push(g);
			});
			inp.addEventListener("input", function () {
				var toks = inp.value.toLowerCase().split(/\s+/).filter(Boolean);

				groups.forEach(function (g) {
					var i, shown = 0;

					for (i = 0; i < g.rows.length; i++) {
						g.rows[i].hidden = !toks.every(function (tk) {
							return g.text[i].indexOf(tk) >= 0;
						});
						if (!g.rows[i].hidden)
							shown++;
					}
					if (g.head !== null)
						g.head.hidden = shown === 0;
				});
			});
		});
	}

	/*
	 * The form, into the page's header: a labelled search landmark
	 * whose results region is announced as it changes.  Sent without
	 * this script's handler it asks index.html?q=, which searches.
	 */
	function form() {
		var top = document.querySelector("header.top"), f, l, i, d;

		if (top === null || document.getElementById("q") !== null)
			return;
		f = document.createElement("form");
		f.className = "search";
		f.setAttribute("role", "search");
		f.setAttribute("action", root + "index.html");
		f.setAttribute("method", "get");
		l = document.createElement("label");
		l.htmlFor = "q";
		l.className = "vh";
		l.textContent = "Search providers, event ids, titles and field names";
		i = document.createElement("input");
		i.id = "q";
		i.name = "q";
		i.type = "search";
		i.placeholder = "Search providers, event ids, titles, fields";
		i.autocomplete = "off";
		i.spellcheck = false;
		i.setAttribute("aria-controls", "results");
		d = document.createElement("div");
		d.id = "results";
		d.className = "results";
		d.setAttribute("role", "region");
		d.setAttribute("aria-live", "polite");
		d.setAttribute("aria-label", "Search results");
		f.appendChild(l);
		f.appendChild(i);
		f.appendChild(d);
		top.appendChild(f);
	}

	function init() {
		var m;

		root = document.body.getAttribute("data-root") || "";
		form();
		input = document.getElementById("q");
		box = document.getElementById("results");
		filters();
		if (input === null || box === null)
			return;
		/*
		 * The index as soon as the reader goes for the box, and in any
		 * case once the page is idle: loading it takes 0.3-1 s on the
		 * full corpus (3.6 MB), which the first keystroke waited for
		 * when loading began on focus; a reader who reaches the box a
		 * second after the page shows now gets results from the first
		 * keystroke within 100 ms (tests/site_search.py measures both).
		 * The cost is that file's transfer on a page never searched.
		 */
		input.addEventListener("focus", load);
		input.form.addEventListener("pointerenter", load);
		if (window.requestIdleCallback)
			window.requestIdleCallback(load, { timeout: 2000 });
		else
			window.setTimeout(load, 500);
		input.addEventListener("input", run);
		input.addEventListener("keydown", function (ev) {
			if (ev.key === "ArrowDown") {
				select(sel + 1);
				ev.preventDefault();
			} else if (ev.key === "ArrowUp") {
				select(sel - 1);
				ev.preventDefault();
			} else if (ev.key === "Escape") {
				box.classList.remove("open");
			}
		});
		input.form.addEventListener("submit", function (ev) {
			ev.preventDefault();
			if (links.length > 0)
				window.location.href = links[sel >= 0 ? sel : 0].href;
		});
		document.addEventListener("click", function (ev) {
			if (!input.form.contains(ev.target))
				box.classList.remove("open");
		});
		/* index.html?q=...: the form sent without script. */
		m = /[?&]q=([^&]*)/.exec(window.location.search);
		if (m !== null) {
			input.value = decodeURIComponent(m[1].replace(/\+/g, " "));
			run();
		}
	}

	if (document.readyState === "loading")
		document.addEventListener("DOMContentLoaded", init);
	else
		init();
}());
