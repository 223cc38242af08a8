/*
 * search.js: search as you type, on every page, and the table filters.
 *
 * The index (search-index.js, written by etwcat build) is loaded with a
 * script element the first time the search box is used, so pages load
 * nothing extra and everything works from file:// (where fetch() of a
 * local file is refused).  It calls etwcatIndex() with columns: P
 * provider names, U their folder names where they differ, n events per
 * provider, i event ids, t titles, F field names, f per event the
 * indexes of its field names (etwcat(1), SITE).
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
	var input, box, sel = -1, links = [];
	var MAXRES = 50;

	/* Called by search-index.js. */
	window.etwcatIndex = function (d) {
		var pi, k, e = 0;

		d.lp = d.P.map(function (s) { return s.toLowerCase(); });
		d.lt = d.t.map(function (s) { return s.toLowerCase(); });
		d.lF = d.F.map(function (s) { return s.toLowerCase(); });
		d.ep = new Int32Array(d.i.length);
		d.si = d.i.map(String);
		for (pi = 0; pi < d.n.length; pi++)
			for (k = 0; k < d.n[pi]; k++)
				d.ep[e++] = pi;
		idx = d;
		if (pending !== null) {
			search(pending);
			pending = null;
		}
	};

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

	function search(q) {
		var toks = q.toLowerCase().split(/\s+/).filter(Boolean);
		var d = idx, res = [], provs = [], pm, fm, e, t, k, ok, sc, s;
		var fl, hit, ol, li, a, span, r, i, pi, n;

		sel = -1;
		links = [];
		if (toks.length === 0) {
			box.classList.remove("open");
			box.replaceChildren();
			return;
		}
		/* Per token: which providers and field names match. */
		pm = toks.map(function (tk) {
			return d.lp.map(function (p) { return p.indexOf(tk) >= 0; });
		});
		fm = toks.map(function (tk) {
			var set = new Uint8Array(d.F.length), j;

			for (j = 0; j < d.lF.length; j++)
				if (d.lF[j].indexOf(tk) >= 0)
					set[j] = 1;
			return set;
		});
		for (pi = 0; pi < d.P.length; pi++) {
			ok = true;
			for (t = 0; t < toks.length && ok; t++)
				ok = pm[t][pi];
			if (ok)
				provs.push(pi);
		}
		for (e = 0; e < d.i.length; e++) {
			pi = d.ep[e];
			sc = 0;
			hit = null;
			ok = true;
			for (t = 0; t < toks.length && ok; t++) {
				s = 0;
				if (d.si[e] === toks[t])
					s = 100;
				else if (/^[0-9]+$/.test(toks[t]) &&
				    d.si[e].indexOf(toks[t]) === 0)
					s = 20;
				if (pm[t][pi])
					s = Math.max(s, d.lp[pi] === toks[t] ? 40 : 15);
				if (d.lt[e].indexOf(toks[t]) >= 0)
					s = Math.max(s, 10);
				if (s === 0) {
					fl = d.f[e];
					for (k = 0; k < fl.length; k++)
						if (fm[t][fl[k]]) {
							s = d.lF[fl[k]] === toks[t] ? 8 : 5;
							hit = d.F[fl[k]];
							break;
						}
				}
				if (s === 0)
					ok = false;
				sc += s;
			}
			if (ok)
				res.push({ e: e, s: sc, f: hit });
		}
		res.sort(function (x, y) { return y.s - x.s || x.e - y.e; });
		n = res.length;
		ol = document.createElement("ol");
		for (i = 0; i < provs.length && i < 5; i++) {
			li = document.createElement("li");
			a = document.createElement("a");
			a.href = root + "providers/" + encodeURIComponent(dir(provs[i])) +
			    "/index.html";
			marked(a, d.P[provs[i]], toks);
			span = document.createElement("span");
			span.className = "rp";
			span.textContent = " · provider, " + d.n[provs[i]] + " events";
			a.appendChild(span);
			li.appendChild(a);
			ol.appendChild(li);
			links.push(a);
		}
		for (i = 0; i < res.length && i < MAXRES; i++) {
			r = res[i];
			pi = d.ep[r.e];
			li = document.createElement("li");
			a = document.createElement("a");
			a.href = root + "providers/" + encodeURIComponent(dir(pi)) +
			    "/events/" + d.i[r.e] + ".html";
			a.appendChild(document.createTextNode(d.i[r.e] + " "));
			marked(a, d.t[r.e] || "(no title)", toks);
			span = document.createElement("span");
			span.className = "rp";
			span.textContent = " · " + d.P[pi];
			a.appendChild(span);
			if (r.f !== null) {
				span = document.createElement("span");
				span.className = "rf";
				span.textContent = "field ";
				marked(span, r.f, toks);
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

	function filters() {
		var inputs = document.querySelectorAll("input[data-filter]");

		Array.prototype.forEach.call(inputs, function (inp) {
			var table = document.getElementById(inp.dataset.filter);
			var rows, text;

			if (table === null || table.tBodies.length === 0)
				return;
			rows = table.tBodies[0].rows;
			text = Array.prototype.map.call(rows, function (r) {
				return r.textContent.toLowerCase();
			});
			inp.addEventListener("input", function () {
				var toks = inp.value.toLowerCase().split(/\s+/).filter(Boolean);
				var i;

				for (i = 0; i < rows.length; i++)
					rows[i].hidden = !toks.every(function (tk) {
						return text[i].indexOf(tk) >= 0;
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
		input.addEventListener("focus", load);
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
