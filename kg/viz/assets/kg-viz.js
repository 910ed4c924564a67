/* kg viz page: draws the embedded graph data with vis-network.
 * All text from the data goes through textContent, never innerHTML.
 * window.kgViz is the page's small API (used by the browser test and the console). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var styles = data.styles;
  var hidden = new Set();
  var byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function key(text) {
    return String(text).toLowerCase().replace(/\+/g, "plus").replace(/[^\p{L}\p{N}]/gu, "");
  }

  function nodeInfo(n) {
    var box = el("div", null, "kg-tip");
    box.appendChild(el("b", n.label));
    var kind = n.kind === "Paper" ? "Paper" : n.kind + " · " + plural(n.papers, "paper");
    box.appendChild(el("div", kind + (n.date ? " · " + n.date : ""), "kg-kind"));
    if (n.aliases && n.aliases.length) box.appendChild(el("div", "also: " + n.aliases.join(", ")));
    if (n.url) box.appendChild(el("div", n.url, "kg-paper"));
    if (n.proposedIn && n.proposedIn.length) {
      box.appendChild(el("div", "proposed in:"));
      n.proposedIn.forEach(function (t) { box.appendChild(el("div", "• " + t, "kg-paper")); });
    }
    if (n.example) {
      box.appendChild(el("blockquote", n.example.sentence));
      box.appendChild(el("div", "— " + n.example.title, "kg-paper"));
    }
    if (n.results && n.results.length) {
      box.appendChild(el("div", "reported results:"));
      n.results.forEach(function (r) { box.appendChild(el("div", "• " + r.text, "kg-paper")); });
    }
    return box;
  }

  function edgeInfo(e) {
    var box = el("div", null, "kg-tip");
    var head = byId.get(e.from), tail = byId.get(e.to);
    box.appendChild(el("b", head.label + " " + e.type + " " + tail.label));
    box.appendChild(el("div", plural(e.count, "paper"), "kg-kind"));
    e.evidence.forEach(function (ev) {
      if (ev.sentence) box.appendChild(el("blockquote", ev.sentence));
      if (ev.title) box.appendChild(el("div", "— " + ev.title, "kg-paper"));
    });
    return box;
  }

  /* Label size by rank (nodes come sorted by papers): when zoomed out only the biggest
     names stay above vis-network's drawThreshold; zooming in reveals the rest. */
  function labelSize(rank) { return rank < 25 ? 20 : rank < 60 ? 15 : 12; }
  /* In the overview the anchors (tasks, datasets) carry the big labels, members a
     readable small one, whatever their paper counts. */
  var overview = data.nodes.some(function (n) { return n.anchor; });
  function font(n, rank) {
    if (!overview) return { size: labelSize(rank) };
    return n.anchor ? { size: 22, color: "#111111", strokeWidth: 5 } : { size: 15, color: "#333333" };
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n, rank) {
    var style = styles[n.kind] || {};
    return {
      font: font(n, rank), mass: n.anchor ? 5 : 1,
      x: n.x, y: n.y,  /* the overview's start (kg/viz/layout.py): clusters apart */
      id: n.id, label: n.kind === "Paper" && n.label.length > 40 ? n.label.slice(0, 39) + "…" : n.label,
      kind: n.kind, shape: style.shape, value: Math.max(n.papers, 1), title: nodeInfo(n),
      color: { background: style.color, border: "#444", highlight: { background: style.color, border: "#000" },
               hover: { background: style.color, border: "#000" } },
      borderWidth: data.meta.focus === n.id ? 4 : n.anchor ? 2 : 1
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, label: e.type, value: e.count, title: edgeInfo(e),
             dashes: e.type === "VARIANT_OF" || e.type === "PROPOSES" };
  }));
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return !hidden.has(n.kind); } });
  var edgesView = new vis.DataView(edges, { filter: function (e) {
    return !hidden.has(byId.get(e.from).kind) && !hidden.has(byId.get(e.to).kind);
  } });

  var big = data.nodes.length > 120;
  var options = {
    nodes: {
      scaling: { min: 8, max: 34, label: { enabled: false, drawThreshold: 5 } },
      font: { size: 14, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" }
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      color: { color: "#a0a4a8", highlight: "#333333", hover: "#333333", inherit: false },
      font: { size: 10, color: "#555555", strokeWidth: 3, align: "middle" },
      /* with many edges, relation labels appear only once zoomed in */
      scaling: { min: 1, max: 6, label: { enabled: false, drawThreshold: big || overview ? 10 : 5 } },
      smooth: big ? false : { type: "continuous" }
    },
    physics: {
      solver: "forceAtlas2Based",
      forceAtlas2Based: overview
        ? { gravitationalConstant: -80, centralGravity: 0.015, springLength: 95, springConstant: 0.1, avoidOverlap: 1 }
        : { gravitationalConstant: -70, centralGravity: big ? 0.03 : 0.012, springLength: 110, avoidOverlap: 0.5 },
      stabilization: { iterations: big ? 250 : 400, fit: true }
    },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: big },
    layout: { improvedLayout: !big && !overview, randomSeed: 7 }
  };

  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);
  var api = { ready: false, network: network };
  window.kgViz = api;

  /* The overview is fitted to the window, often zoomed out: set the label sizes so that
     they read at a fixed size on screen (anchors 17px, members 12px) at that zoom. */
  function readableLabels() {
    var scale = network.getScale();
    if (!overview || !(scale > 0) || scale >= 1) return;
    nodes.update(data.nodes.map(function (n) {
      var px = n.anchor ? 17 : 12;
      return { id: n.id, font: Object.assign(font(n, 0), { size: Math.round(px / scale) }) };
    }));
  }

  /* Physics does not see labels: push apart nodes whose labelled boxes overlap, moving
     the later one the shorter way: anchors first, then members, each by papers. */
  function separateLabels() {
    var ids = data.nodes.filter(function (n) { return n.anchor; })
      .concat(data.nodes.filter(function (n) { return !n.anchor; }))
      .map(function (n) { return n.id; });
    network.redraw();  /* label boxes are measured when drawn */
    var at = network.getPositions(ids);
    var rel = ids.map(function (id) {
      var b = network.getBoundingBox(id), p = at[id];
      return { left: b.left - p.x, right: b.right - p.x, top: b.top - p.y, bottom: b.bottom - p.y };
    });
    var pos = ids.map(function (id) { return { x: at[id].x, y: at[id].y }; });
    function box(k) {
      return { left: pos[k].x + rel[k].left, right: pos[k].x + rel[k].right,
               top: pos[k].y + rel[k].top, bottom: pos[k].y + rel[k].bottom };
    }
    for (var round = 0; round < 80; round++) {
      var moved = false;
      for (var i = 0; i < ids.length; i++) {
        for (var j = i + 1; j < ids.length; j++) {
          var a = box(i), b = box(j);
          var dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          var dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (dx <= 0 || dy <= 0) continue;
          if (dx < dy) pos[j].x += pos[j].x >= pos[i].x ? dx + 4 : -dx - 4;
          else pos[j].y += pos[j].y >= pos[i].y ? dy + 4 : -dy - 4;
          moved = true;
        }
      }
      if (!moved) break;
    }
    ids.forEach(function (id, k) { network.moveNode(id, pos[k].x, pos[k].y); });
  }

  function finish() {
    network.setOptions({ physics: false });
    if (data.meta.focus && byId.has(data.meta.focus)) {
      network.selectNodes([data.meta.focus]);
    }
    network.fit();
    readableLabels();
    if (overview) separateLabels();
    network.fit();
    api.ready = true;
    document.dispatchEvent(new Event("kg-viz-ready"));
  }
  network.once("stabilizationIterationsDone", finish);
  if (data.nodes.length === 0) {
    document.getElementById("kg-empty").hidden = false;
    api.ready = true;
  }

  /* header, legend and filter */
  document.getElementById("kg-description").textContent = data.meta.description;
  var caption = document.getElementById("kg-caption");
  caption.textContent = data.meta.caption || "";
  caption.hidden = !data.meta.caption;
  var counts = {};
  data.nodes.forEach(function (n) { counts[n.kind] = (counts[n.kind] || 0) + 1; });
  var list = document.getElementById("kg-types");
  Object.keys(styles).forEach(function (kind) {
    if (!counts[kind]) return;
    var item = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = kind; box.dataset.kind = kind;
    box.addEventListener("change", function () { api.setKindVisible(kind, box.checked); });
    label.appendChild(box);
    label.appendChild(swatch(styles[kind]));
    label.appendChild(el("span", kind));
    label.appendChild(el("span", counts[kind], "kg-count"));
    item.appendChild(label);
    list.appendChild(item);
  });

  function swatch(style) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "-10 -10 20 20");
    svg.setAttribute("class", "kg-swatch");
    var shape, pts = null;
    var r = 8;
    var poly = {
      diamond: [[0, -r], [r, 0], [0, r], [-r, 0]],
      triangle: [[0, -r], [r, r * 0.8], [-r, r * 0.8]],
      hexagon: [0, 1, 2, 3, 4, 5].map(function (i) {
        var a = Math.PI / 3 * i; return [r * Math.cos(a), r * Math.sin(a)]; }),
      star: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(function (i) {
        var a = Math.PI / 5 * i - Math.PI / 2, rr = i % 2 ? r * 0.45 : r;
        return [rr * Math.cos(a), rr * Math.sin(a)]; })
    };
    if (style.shape === "dot" || style.shape === "ellipse" || style.shape === "circle") {
      shape = document.createElementNS(ns, "circle"); shape.setAttribute("r", r - 1);
    } else if (poly[style.shape]) {
      pts = poly[style.shape];
      shape = document.createElementNS(ns, "polygon");
      shape.setAttribute("points", pts.map(function (p) { return p[0].toFixed(2) + "," + p[1].toFixed(2); }).join(" "));
    } else {
      shape = document.createElementNS(ns, "rect");
      shape.setAttribute("x", -r + 1); shape.setAttribute("y", -r + 1);
      shape.setAttribute("width", 2 * r - 2); shape.setAttribute("height", 2 * r - 2);
      if (style.shape === "box") { shape.setAttribute("rx", 3); }
    }
    shape.setAttribute("fill", style.color);
    shape.setAttribute("stroke", "#444");
    svg.appendChild(shape);
    return svg;
  }

  api.setKindVisible = function (kind, visible) {
    if (visible) hidden.delete(kind); else hidden.add(kind);
    var box = list.querySelector('input[data-kind="' + CSS.escape(kind) + '"]');
    if (box) box.checked = visible;
    nodesView.refresh();
    edgesView.refresh();
  };

  /* details on click */
  var details = document.getElementById("kg-details");
  network.on("click", function (params) {
    details.replaceChildren();
    if (params.nodes.length) {
      details.appendChild(nodeInfo(byId.get(params.nodes[0])));
    } else if (params.edges.length) {
      details.appendChild(edgeInfo(data.edges.find(function (e) { return e.id === params.edges[0]; })));
    }
    details.hidden = !details.firstChild;
  });

  /* search */
  var names = document.getElementById("kg-names");
  data.nodes.forEach(function (n) { names.appendChild(el("option")).value = n.label; });

  api.find = function (query) {
    var q = key(query);
    if (!q) return null;
    var tests = [
      function (n) { return key(n.label) === q; },
      function (n) { return n.keys.indexOf(q) >= 0; },
      function (n) { return key(n.label).indexOf(q) === 0; },
      function (n) { return key(n.label).indexOf(q) >= 0 || n.keys.some(function (k) { return k.indexOf(q) >= 0; }); }
    ];
    for (var i = 0; i < tests.length; i++) {
      var hit = data.nodes.find(tests[i]);  /* nodes are sorted by papers, most first */
      if (hit) return hit.id;
    }
    return null;
  };

  var status = document.getElementById("kg-search-status");
  api.search = function (query) {
    var id = api.find(query);
    status.classList.toggle("kg-miss", !id);
    if (!id) {
      status.textContent = query.trim() ? "no entity matches \u201c" + query.trim() + "\u201d" : "";
      network.unselectAll();
      return null;
    }
    var n = byId.get(id);
    if (hidden.has(n.kind)) api.setKindVisible(n.kind, true);
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    status.textContent = n.label + " (" + n.kind + ")";
    details.replaceChildren(nodeInfo(n));
    details.hidden = false;
    return id;
  };
  var input = document.getElementById("kg-search");
  document.getElementById("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    api.search(input.value);
  });
  input.addEventListener("change", function () { api.search(input.value); });

  api.nodeCount = function () { return nodes.length; };
  api.edgeCount = function () { return edges.length; };
  api.visibleNodeCount = function () { return nodesView.length; };
  api.visibleEdgeCount = function () { return edgesView.length; };
  api.visibleNodeIds = function () { return nodesView.getIds(); };
  api.selected = function () { return network.getSelectedNodes(); };
  api.kinds = function () { return Object.keys(counts); };
  api.anchorIds = function () { return data.nodes.filter(function (n) { return n.anchor; }).map(function (n) { return n.id; }); };
  api.nodeInfoText = function (id) { return byId.has(id) ? nodeInfo(byId.get(id)).textContent : null; };
  api.edgeInfoText = function (id) {
    var e = data.edges.find(function (x) { return x.id === id; });
    return e ? edgeInfo(e).textContent : null;
  };
})();
