/// The page script. It reads the frame data the writer puts in `flameData`
/// (positions in counts, depth by depth, left to right) and never parses the
/// document back: zoom and search find the frames they change by binary
/// search and touch only those, so a huge graph stays responsive.
enum PageScript {
    static let source = #"""
(function (D) {
"use strict";
var NS = "http://www.w3.org/2000/svg";
var n = D.widths.length;
// Frames in pre-order, as in the document: X start and W width in counts,
// N name index, H depth, P parent, E the index just past the subtree.
var X = new Float64Array(n), W = new Float64Array(n), N = new Int32Array(n);
var H = new Int32Array(n), P = new Int32Array(n), E = new Int32Array(n);
var names = D.names, labels = names.map(function (s) { return s.replace(/_\[[kwij]\]$/, ""); });
var full = D.width - 2 * D.xpad, scale0 = full / D.total, charW = D.fontSize * D.fontWidth;
var framesEl, els, details, unzoomBtn, searchBtn, icBtn, matchedEl;
var zoomed = -1, viewW = D.total;
var hidden = [], parents = [], dirty = [], isDirty = new Uint8Array(n), marked = [];
var term = null, ignoreCase = false;
// Frames out of view are moved off the canvas rather than given display:none:
// a transform on a subtree's group is one attribute for the browser, where
// display:none would tear down and later rebuild the layout of every frame in it.
var away = "translate(" + (-3 * D.width) + " 0)";

(function decode() {
  var cursor = [0], last = [], open = [];
  for (var i = 0; i < n; i++) {
    var d = D.depths[i];
    while (open.length && H[open[open.length - 1]] >= d) E[open.pop()] = i;
    X[i] = (cursor[d] || 0) + D.gaps[i]; W[i] = D.widths[i]; N[i] = D.nameOf[i]; H[i] = d;
    P[i] = d > 0 ? last[d - 1] : -1;
    cursor[d] = X[i] + W[i]; cursor[d + 1] = X[i]; last[d] = i;
    open.push(i);
  }
  while (open.length) E[open.pop()] = n;
  D.gaps = D.widths = D.nameOf = D.depths = null;
})();

function fmt(v) { return String(Math.round(v * 100) / 100); }
function rectY(d) { return D.inverted ? D.y0 + d * D.frameHeight : D.y0 - d * D.frameHeight; }

// The label that fits w pixels: whole, or cut with "..".
function label(i, w) {
  var chars = Math.floor(w / charW);
  if (chars < 3) return "";
  var s = labels[N[i]];
  if (s.length <= chars) return s;
  var c = /[\uD800-\uDFFF]/.test(s) ? Array.from(s) : null, len = c ? c.length : s.length;
  if (len <= chars) return s;
  var keep = chars - 2;
  if (D.truncateRight) return (c ? c.slice(0, keep).join("") : s.slice(0, keep)) + "..";
  return ".." + (c ? c.slice(len - keep).join("") : s.slice(len - keep));
}

function place(i, x, w) {
  var g = els[i], r = g.children[1], t = g.children[2];
  if (t && t.tagName !== "text") t = null;
  r.setAttribute("x", fmt(x));
  r.setAttribute("width", fmt(w));
  var text = label(i, w);
  if (text) {
    if (!t) {
      t = document.createElementNS(NS, "text");
      t.setAttribute("y", fmt(rectY(H[i]) + 3 + (D.frameHeight - 1) / 2));
      g.insertBefore(t, r.nextSibling);
    }
    t.setAttribute("x", fmt(x + 3));
    t.textContent = text;
  } else if (t) {
    t.textContent = "";
  }
  if (!isDirty[i]) { isDirty[i] = 1; dirty.push(i); }
  return g;
}

function unhide() {
  for (var k = 0; k < hidden.length; k++) hidden[k].removeAttribute("transform");
  for (k = 0; k < parents.length; k++) parents[k].classList.remove("parent");
  hidden = []; parents = [];
}

// Zooms to frame i: it fills the width, its ancestors are drawn full width
// and faded, and the other children of each ancestor are hidden (one class
// per sibling subtree, whatever its size). Only the subtree of i is laid out.
function zoom(i) {
  if (i === 0) { resetZoom(); return; }
  unhide();
  zoomed = i; viewW = W[i];
  var s = full / viewW, child = i;
  for (var a = P[i]; a >= 0; child = a, a = P[a]) {
    var g = place(a, D.xpad, full);
    g.classList.add("parent"); parents.push(g);
    for (var c = a + 1; c < E[a]; c = E[c]) {
      if (c !== child) { els[c].setAttribute("transform", away); hidden.push(els[c]); }
    }
  }
  for (var k = i; k < E[i]; k++) place(k, D.xpad + (X[k] - X[i]) * s, W[k] * s);
  unzoomBtn.classList.remove("hide");
  var p = params();
  p.x = fmt(D.xpad + X[i] * scale0); p.y = fmt(rectY(H[i]));
  setParams(p);
  if (term !== null) search(term);
}

function resetZoom() {
  unhide();
  zoomed = -1; viewW = D.total;
  for (var k = 0; k < dirty.length; k++) {
    var i = dirty[k];
    place(i, D.xpad + X[i] * scale0, W[i] * scale0);
    isDirty[i] = 0;
  }
  dirty = [];
  unzoomBtn.classList.add("hide");
  var p = params();
  delete p.x; delete p.y;
  setParams(p);
  if (term !== null) search(term);
}

// Highlights the frames in view whose name matches, and shows how much of the
// view they cover: a match inside another match is not counted twice.
function search(t) {
  var re;
  try { re = new RegExp(t, ignoreCase ? "i" : ""); } catch (err) {
    show(matchedEl, "Invalid regular expression");
    return;
  }
  term = t;
  var hit = new Uint8Array(names.length);
  // Index 0 is the root ("all"), which is not a function.
  for (var k = 1; k < names.length; k++) hit[k] = re.test(names[k]) || re.test(labels[k]) ? 1 : 0;
  for (k = 0; k < marked.length; k++) marked[k].classList.remove("m");
  marked = [];
  var first = zoomed < 0 ? 0 : zoomed, sum = 0, ancestorHit = false;
  for (var a = zoomed < 0 ? -1 : P[zoomed]; a >= 0; a = P[a]) {
    if (hit[N[a]]) { ancestorHit = true; marked.push(els[a]); }
  }
  // covered[i]: frame i or one of its ancestors in view matches.
  var covered = new Uint8Array(n);
  for (var i = first; i < E[first]; i++) {
    var above = i !== first && covered[P[i]];
    if (hit[N[i]]) {
      covered[i] = 1;
      marked.push(els[i]);
      if (!above) sum += W[i];
    } else if (above) {
      covered[i] = 1;
    }
  }
  for (k = 0; k < marked.length; k++) marked[k].classList.add("m");
  var pct = ancestorHit ? 100 : 100 * Math.min(sum, viewW) / viewW;
  show(matchedEl, "Matched: " + (pct === 100 ? "100" : pct.toFixed(1)) + "%");
  searchBtn.classList.add("show");
  searchBtn.textContent = "Reset Search";
  var q = params(); q.s = term; setParams(q);
}

function clearSearch() {
  for (var k = 0; k < marked.length; k++) marked[k].classList.remove("m");
  marked = []; term = null;
  matchedEl.classList.add("hide");
  searchBtn.classList.remove("show");
  searchBtn.textContent = "Search";
  var p = params(); delete p.s; setParams(p);
}

function searchPrompt() {
  if (term !== null) { clearSearch(); return; }
  var t = window.prompt("Search frame names (regular expression, e.g. ^ext4_)" +
    (ignoreCase ? ", ignoring case" : "") + "\nCtrl-I toggles case sensitivity", "");
  if (t) search(t);
}

function toggleCase() {
  ignoreCase = !ignoreCase;
  icBtn.classList.toggle("show", ignoreCase);
  if (term !== null) search(term);
}

function show(el, text) { el.textContent = text; el.classList.remove("hide"); }

function params() {
  var out = {}, parts = window.location.search.substring(1).split("&");
  for (var k = 0; k < parts.length; k++) {
    var eq = parts[k].indexOf("=");
    if (eq <= 0) continue;
    try { out[parts[k].substring(0, eq)] = decodeURIComponent(parts[k].substring(eq + 1).replace(/\+/g, " ")); } catch (err) {}
  }
  return out;
}

function setParams(p) {
  var q = [];
  for (var key in p) q.push(key + "=" + encodeURIComponent(p[key]));
  var url = window.location.href.split(/[?#]/)[0] + (q.length ? "?" + q.join("&") : "");
  try { window.history.replaceState(null, "", url); } catch (err) {}
}

function frameOf(target) {
  var g = target && target.closest ? target.closest("#frames g") : null;
  return g ? { g: g, i: Array.prototype.indexOf.call(els, g) } : null;
}

// Finds the frame a flamegraph.pl-style URL names by its rect's x and y:
// the frame at that depth whose left edge is nearest to x.
function frameAt(x, y) {
  var d = Math.round(Math.abs(y - D.y0) / D.frameHeight), best = -1, bestDistance = Infinity;
  for (var i = 0; i < n; ) {
    if (H[i] === d) {
      var distance = Math.abs(D.xpad + X[i] * scale0 - x);
      if (distance < bestDistance) { best = i; bestDistance = distance; }
      i = E[i];
    } else if (X[i] + W[i] < (x - D.xpad) / scale0 - 1) {
      i = E[i];  // the whole subtree lies left of x
    } else {
      i++;
    }
  }
  return best < 0 || bestDistance > 1 ? -1 : best;
}

function init() {
  framesEl = document.getElementById("frames");
  details = document.getElementById("details");
  unzoomBtn = document.getElementById("unzoom");
  searchBtn = document.getElementById("search");
  icBtn = document.getElementById("ignorecase");
  matchedEl = document.getElementById("matched");
  els = framesEl.getElementsByTagName("g");

  window.addEventListener("click", function (e) {
    var f = frameOf(e.target);
    if (f) { zoom(f.i); return; }
    var id = e.target && e.target.id;
    if (id === "unzoom") resetZoom();
    else if (id === "search") searchPrompt();
    else if (id === "ignorecase") toggleCase();
  });
  window.addEventListener("mouseover", function (e) {
    var f = frameOf(e.target);
    if (f) details.textContent = D.nameType + " " + f.g.firstChild.textContent;
  });
  window.addEventListener("mouseout", function (e) {
    if (frameOf(e.target)) details.textContent = "\u00a0";
  });
  window.addEventListener("keydown", function (e) {
    var key = e.key || "";
    if (key === "F3" || ((e.ctrlKey || e.metaKey) && key.toLowerCase() === "f")) {
      e.preventDefault(); searchPrompt();
    } else if (e.ctrlKey && key.toLowerCase() === "i") {
      e.preventDefault(); toggleCase();
    } else if (key === "Escape" && zoomed >= 0) {
      resetZoom();
    }
  });

  var p = params();
  if (p.x && p.y) {
    var f = frameAt(parseFloat(p.x), parseFloat(p.y));
    if (f > 0) zoom(f);
  }
  if (p.s) search(p.s);
}

if (document.readyState === "loading") window.addEventListener("DOMContentLoaded", init);
else init();
})(flameData);

"""#
}
