/// The page script. It reads the frame data the writer puts in `flameData`
/// (positions in counts, depth by depth, left to right) and never parses the
/// document back: zoom and search find the frames they change by binary
/// search and touch only those, so a huge graph stays responsive.
enum PageScript {
    static let source = #"""
(function (D) {
"use strict";
var NS = "http://www.w3.org/2000/svg";
var n = D.widths.length, maxDepth = D.depths.length - 2;
var X = new Float64Array(n), W = new Float64Array(n), N = new Int32Array(n);
var names = D.names, labels = names.map(function (s) { return s.replace(/_\[[kwij]\]$/, ""); });
var full = D.width - 2 * D.xpad, scale0 = full / D.total, charW = D.fontSize * D.fontWidth;
var framesEl, kids = [], groups = [], details, unzoomBtn, searchBtn, icBtn, matchedEl;
var zoomed = -1, zoomDepth = 0, viewX = 0, viewW = D.total;
var shown = [], dirty = [], isDirty = new Uint8Array(n), marked = [];
var term = null, ignoreCase = false;

(function decode() {
  for (var d = 0; d <= maxDepth; d++) {
    var end = 0;
    for (var i = D.depths[d]; i < D.depths[d + 1]; i++) {
      X[i] = end + D.gaps[i]; W[i] = D.widths[i]; N[i] = D.nameOf[i]; end = X[i] + W[i];
    }
  }
  D.gaps = D.widths = D.nameOf = null;
})();

function fmt(v) { return String(Math.round(v * 100) / 100); }
function rectY(d) { return D.inverted ? D.y0 + d * D.frameHeight : D.y0 - d * D.frameHeight; }
function elementOf(i, d) { return kids[d][i - D.depths[d]]; }

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

function place(i, d, x, w) {
  var g = elementOf(i, d), r = g.children[1], t = g.children[2];
  r.setAttribute("x", fmt(x));
  r.setAttribute("width", fmt(w));
  var text = label(i, w);
  if (text) {
    if (!t) {
      t = document.createElementNS(NS, "text");
      t.setAttribute("y", fmt(rectY(d) + 3 + (D.frameHeight - 1) / 2));
      g.appendChild(t);
    }
    t.setAttribute("x", fmt(x + 3));
    t.textContent = text;
  } else if (t) {
    t.textContent = "";
  }
  if (!isDirty[i]) { isDirty[i] = 1; dirty.push(i, d); }
  return g;
}

// First index in [lo, hi) whose start is >= x.
function lowerBound(lo, hi, x) {
  while (lo < hi) { var mid = (lo + hi) >> 1; if (X[mid] < x) lo = mid + 1; else hi = mid; }
  return lo;
}

// The frames in view at depth d, as [first, end) indices.
function rangeAt(d) {
  var lo = D.depths[d], hi = D.depths[d + 1];
  if (zoomed < 0) return [lo, hi];
  if (d < zoomDepth) {
    var k = lowerBound(lo, hi, viewX + 1) - 1;
    return [k, k + 1];
  }
  return [lowerBound(lo, hi, viewX), lowerBound(lo, hi, viewX + viewW)];
}

function clearShown() {
  for (var k = 0; k < shown.length; k++) shown[k].classList.remove("v", "parent");
  shown = [];
  for (var d = 0; d <= maxDepth; d++) groups[d].classList.remove("empty");
}

function zoom(i, d) {
  if (d === 0) { resetZoom(); return; }
  clearShown();
  zoomed = i; zoomDepth = d; viewX = X[i]; viewW = W[i];
  var s = full / viewW;
  for (var e = 0; e <= maxDepth; e++) {
    var r = rangeAt(e), g;
    if (r[0] >= r[1]) { groups[e].classList.add("empty"); continue; }
    if (e < zoomDepth) {
      g = place(r[0], e, D.xpad, full);
      g.classList.add("v", "parent");
      shown.push(g);
      continue;
    }
    for (var k = r[0]; k < r[1]; k++) {
      g = place(k, e, D.xpad + (X[k] - viewX) * s, W[k] * s);
      g.classList.add("v");
      shown.push(g);
    }
  }
  framesEl.classList.add("zoomed");
  unzoomBtn.classList.remove("hide");
  var p = params();
  p.x = fmt(D.xpad + X[i] * scale0); p.y = fmt(rectY(d));
  setParams(p);
  if (term !== null) search(term);
}

function resetZoom() {
  clearShown();
  for (var k = 0; k < dirty.length; k += 2) {
    var i = dirty[k];
    place(i, dirty[k + 1], D.xpad + X[i] * scale0, W[i] * scale0);
    isDirty[i] = 0;
  }
  dirty = [];
  zoomed = -1; zoomDepth = 0; viewX = 0; viewW = D.total;
  framesEl.classList.remove("zoomed");
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
  // covered[i]: frame i or one of its ancestors matches.
  var covered = new Uint8Array(n), sum = 0, prev = null;
  for (var d = 0; d <= maxDepth; d++) {
    var r = rangeAt(d), p = prev ? prev[0] : 0;
    for (var i = r[0]; i < r[1]; i++) {
      if (prev) { while (p + 1 < prev[1] && X[p + 1] <= X[i]) p++; }
      var above = prev && p < prev[1] && covered[p];
      if (hit[N[i]]) {
        covered[i] = 1;
        var g = elementOf(i, d);
        g.classList.add("m");
        marked.push(g);
        if (!above) sum += d < zoomDepth ? viewW : W[i];
      } else if (above) {
        covered[i] = 1;
      }
    }
    prev = r[0] < r[1] ? r : null;
    if (!prev) break;
  }
  var pct = 100 * Math.min(sum, viewW) / viewW;
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
  var g = target && target.closest ? target.closest("#frames > g > g") : null;
  if (!g) return null;
  var d = groups.indexOf(g.parentNode);
  return { g: g, d: d, i: D.depths[d] + Array.prototype.indexOf.call(kids[d], g) };
}

// Finds the frame a flamegraph.pl-style URL names by its rect's x and y.
function frameAt(x, y) {
  var d = Math.round(Math.abs(y - D.y0) / D.frameHeight);
  if (!(d >= 1 && d <= maxDepth)) return null;
  var lo = D.depths[d], hi = D.depths[d + 1];
  var k = lowerBound(lo, hi, (x - D.xpad) / scale0), best = -1, bestDistance = Infinity;
  for (var j = Math.max(lo, k - 1); j <= Math.min(hi - 1, k); j++) {
    var distance = Math.abs(D.xpad + X[j] * scale0 - x);
    if (distance < bestDistance) { best = j; bestDistance = distance; }
  }
  return best < 0 || bestDistance > 1 ? null : { i: best, d: d };
}

function init() {
  framesEl = document.getElementById("frames");
  details = document.getElementById("details");
  unzoomBtn = document.getElementById("unzoom");
  searchBtn = document.getElementById("search");
  icBtn = document.getElementById("ignorecase");
  matchedEl = document.getElementById("matched");
  groups = Array.prototype.slice.call(framesEl.children);
  for (var d = 0; d < groups.length; d++) kids.push(groups[d].children);

  window.addEventListener("click", function (e) {
    var f = frameOf(e.target);
    if (f) { zoom(f.i, f.d); return; }
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
    if (f) zoom(f.i, f.d);
  }
  if (p.s) search(p.s);
}

if (document.readyState === "loading") window.addEventListener("DOMContentLoaded", init);
else init();
})(flameData);

"""#
}
