// dateline's one page: map, timeline, table, event detail and actor matrix over
// the JSON API. Article text and every stored value are hostile: they reach the
// page only through textContent, attributes set one by one, or Leaflet options
// given DOM elements. Nothing here assigns innerHTML from data.
"use strict";

(function () {
  const FILTERS = ["type", "mode", "actor", "country", "since", "until", "certainty", "source"];
  // The page asks for at most this many events (the API's MAX_LIMIT) ...
  const EVENT_LIMIT = 10000;
  // ... and lists at most this many rows; the map and timeline show them all.
  const MAX_ROWS = 500;
  const SVG_NS = "http://www.w3.org/2000/svg";
  // One colour per PLOVER type, in the ontology's order (verbal cooperation
  // first, material conflict last, ASSAULT red); types beyond get a grey.
  const PALETTE = [
    "#393b79", "#9edae5", "#1f77b4", "#dbdb8d", "#2ca02c", "#98df8a", "#aec7e8", "#17becf",
    "#c49c94", "#7f7f7f", "#bcbd22", "#e377c2", "#8c564b", "#9467bd", "#ff7f0e", "#d62728",
  ];
  const OTHER_COLOUR = "#555555";
  // Sort keys of the table's columns; null (not said) sorts last either way.
  const SORTS = {
    date: (e) => (e.date ? e.date.end + e.date.start : null),
    type: (e) => e.event_type,
    mode: (e) => e.mode,
    actor: (e) => (e.actor ? e.actor.name.toLowerCase() : null),
    target: (e) => (e.target ? e.target.name.toLowerCase() : null),
    place: (e) => (e.location ? e.location.name.toLowerCase() : null),
    country: (e) => (e.location ? e.location.country : null),
    fatalities: (e) => e.fatalities,
    certainty: (e) => e.certainty,
    source: (e) => (e.attributed_to ? e.attributed_to.toLowerCase() : null),
  };

  const state = { filters: {}, sort: "date", dir: "asc", event: null };
  const colours = new Map();
  let events = [];
  let map = null;
  let clusters = null;
  let refreshToken = 0;

  // ---- small DOM helpers: text only ----

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  function colourOf(type) {
    return colours.get(type) || OTHER_COLOUR;
  }

  function swatch(type) {
    const mark = el("span", { class: "swatch", "aria-hidden": "true" });
    mark.style.backgroundColor = colourOf(type);
    return mark;
  }

  function showError(message) {
    const box = document.getElementById("error");
    box.textContent = message || "";
    box.hidden = !message;
  }

  // ---- the URL is the state ----

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    state.filters = {};
    for (const name of FILTERS) {
      const value = params.get(name);
      if (value) state.filters[name] = value;
    }
    state.sort = SORTS[params.get("sort")] ? params.get("sort") : "date";
    state.dir = params.get("dir") === "desc" ? "desc" : "asc";
    state.event = params.get("event") || null;
  }

  function query(names) {
    const params = new URLSearchParams();
    for (const name of names) {
      if (state.filters[name]) params.set(name, state.filters[name]);
    }
    return params;
  }

  function writeUrl(push) {
    const params = query(FILTERS);
    if (state.sort !== "date") params.set("sort", state.sort);
    if (state.dir !== "asc") params.set("dir", state.dir);
    if (state.event) params.set("event", state.event);
    const text = params.toString();
    const url = window.location.pathname + (text ? "?" + text : "");
    if (url === window.location.pathname + window.location.search) return;
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  async function fetchJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch (err) {
      body = null;
    }
    if (!response.ok) {
      let detail = body && body.detail;
      if (Array.isArray(detail)) {
        detail = detail.map((d) => (d.loc ? d.loc[d.loc.length - 1] + ": " : "") + d.msg).join("; ");
      }
      throw new Error(detail || response.status + " " + response.statusText);
    }
    return body;
  }

  // ---- filters ----

  function fillSelect(select, values, label) {
    for (const item of values) {
      const option = el("option", { value: item.value }, label ? label(item) : item.value + " (" + item.count + ")");
      select.append(option);
    }
  }

  function setupFilters(facets) {
    const form = document.getElementById("filters");
    const seen = facets.event_types.filter((t) => t.count > 0);
    fillSelect(form.elements.type, seen);
    fillSelect(form.elements.mode, facets.modes);
    fillSelect(form.elements.country, facets.countries);
    fillSelect(form.elements.certainty, facets.certainties.filter((c) => c.count > 0));
    for (const [list, items] of [["actor-names", facets.actors], ["source-names", facets.sources]]) {
      const datalist = document.getElementById(list);
      for (const item of items) datalist.append(el("option", { value: item.value }));
    }
    syncForm();
    let timer = null;
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("change", () => {
      readForm();
      refresh(true);
    });
    form.addEventListener("input", (event) => {
      if (event.target.type !== "search") return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        readForm();
        refresh(true);
      }, 300);
    });
    form.addEventListener("reset", () => {
      window.setTimeout(() => {
        state.filters = {};
        syncForm();
        refresh(true);
      }, 0);
    });
  }

  function readForm() {
    const form = document.getElementById("filters");
    state.filters = {};
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) state.filters[name] = value;
    }
  }

  function syncForm() {
    const form = document.getElementById("filters");
    for (const name of FILTERS) {
      const input = form.elements[name];
      const value = state.filters[name] || "";
      if (input.tagName === "SELECT" && value && !Array.from(input.options).some((o) => o.value === value)) {
        input.append(el("option", { value: value }, value));
      }
      input.value = value;
    }
  }

  function updateDownloads() {
    for (const format of ["acled", "geojson", "json"]) {
      const params = query(FILTERS);
      params.set("format", format);
      document.getElementById("download-" + format).setAttribute("href", "/api/export?" + params.toString());
    }
  }

  // ---- map ----

  async function setupMap(config) {
    map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([20, 15], 2);
    map.attributionControl.setPrefix(false);
    const outlines = L.geoJSON(null, {
      interactive: false,
      style: { color: "#ffffff", weight: 0.7, fillColor: "#dcd7ca", fillOpacity: 1 },
    }).addTo(map);
    map.attributionControl.addAttribution("Country outlines: Natural Earth (world-atlas)");
    if (config.tiles) {
      const tiles = L.tileLayer(config.tiles, {
        maxZoom: 18,
        attribution: escapeHtml(config.tiles_attribution || "Online tiles: " + new URL(config.tiles.replace(/[{}]/g, "")).host),
      });
      L.control.layers(null, { "Online tiles": tiles, "Country outlines": outlines }).addTo(map);
    }
    clusters = L.markerClusterGroup({
      maxClusterRadius: 40,
      showCoverageOnHover: false,
      iconCreateFunction: clusterIcon,
    });
    clusters.addTo(map);
    try {
      const topology = await fetchJson("/static/vendor/world-atlas/countries-50m.json");
      outlines.addData(topojson.feature(topology, topology.objects.countries));
      outlines.bringToBack();
    } catch (err) {
      showError("Could not load the country outlines: " + err.message);
    }
  }

  // Leaflet puts an attribution string into the page as HTML: escape it.
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
  }

  function clusterIcon(cluster) {
    const counts = new Map();
    for (const marker of cluster.getAllChildMarkers()) {
      const type = marker.options.eventType;
      counts.set(type, (counts.get(type) || 0) + 1);
    }
    const total = cluster.getChildCount();
    // A pie of the types in the cluster, as a conic gradient.
    let angle = 0;
    const stops = [];
    for (const [type, n] of [...counts.entries()].sort((a, b) => b[1] - a[1])) {
      const next = angle + (360 * n) / total;
      stops.push(colourOf(type) + " " + angle + "deg " + next + "deg");
      angle = next;
    }
    const ring = el("div", { class: "cluster-ring" });
    ring.style.background = "conic-gradient(" + stops.join(", ") + ")";
    ring.append(el("span", { class: "cluster-count" }, total));
    const size = total < 10 ? 30 : total < 100 ? 36 : 44;
    return L.divIcon({ html: ring, className: "event-cluster", iconSize: [size, size] });
  }

  function renderMap() {
    clusters.clearLayers();
    const markers = [];
    let unplaced = 0;
    for (const event of events) {
      const loc = event.location;
      if (!loc || loc.lat === null || loc.lon === null) {
        unplaced += 1;
        continue;
      }
      const dot = el("span", { class: "event-dot" });
      dot.style.backgroundColor = colourOf(event.event_type);
      const marker = L.marker([loc.lat, loc.lon], {
        icon: L.divIcon({ html: dot, className: "event-marker", iconSize: [14, 14] }),
        eventType: event.event_type,
        keyboard: true,
        alt: event.event_type + " in " + loc.name,
      });
      marker.bindTooltip(el("span", {}, describe(event)));
      marker.on("click", () => openEvent(event.event_id, true));
      markers.push(marker);
    }
    clusters.addLayers(markers);
    const note = document.getElementById("map-note");
    note.textContent = unplaced ? unplaced + " of " + events.length + " events have no coordinates and are not on the map." : "";
    if (markers.length) {
      map.fitBounds(clusters.getBounds(), { padding: [30, 30], maxZoom: 7 });
    }
  }

  function describe(event) {
    const parts = [event.event_type + (event.mode ? " / " + event.mode : "")];
    if (event.actor) parts.push("by " + event.actor.name);
    if (event.target) parts.push("against " + event.target.name);
    if (event.location) parts.push("in " + event.location.name);
    if (event.date) parts.push("on " + dateText(event.date));
    return parts.join(" ");
  }

  function dateText(span) {
    return span.start === span.end ? span.start : span.start + " to " + span.end;
  }

  // ---- timeline ----

  const DAY_MS = 86400000;

  function dayNumber(iso) {
    return Math.round(Date.parse(iso + "T00:00:00Z") / DAY_MS);
  }

  function isoOf(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  function renderTimeline(timeline) {
    const box = document.getElementById("timeline");
    box.replaceChildren();
    const note = document.getElementById("timeline-note");
    note.textContent = timeline.undated ? timeline.undated + " events have no date and are not counted here." : "";
    document.getElementById("clear-range").hidden = !(state.filters.since || state.filters.until);
    if (!timeline.days.length) {
      box.setAttribute("height", 30);
      const empty = svg("text", { x: 10, y: 20, class: "axis" });
      empty.textContent = "No dated events.";
      box.append(empty);
      return;
    }
    const width = Math.max(box.getBoundingClientRect().width, 300);
    const height = 150;
    const left = 34;
    const right = 10;
    const top = 8;
    const bottom = 22;
    box.setAttribute("viewBox", "0 0 " + width + " " + height);
    box.setAttribute("height", height);
    const first = dayNumber(timeline.days[0].date);
    const last = dayNumber(timeline.days[timeline.days.length - 1].date);
    const span = last - first + 1;
    const step = (width - left - right) / span;
    const highest = Math.max(...timeline.days.map((d) => d.total));
    const scale = (height - top - bottom) / highest;
    const order = new Map([...colours.keys()].map((t, i) => [t, i]));
    const bars = svg("g", { class: "bars" });
    for (const day of timeline.days) {
      const x = left + (dayNumber(day.date) - first) * step;
      let y = height - bottom;
      const counts = [...day.counts].sort((a, b) => (order.get(a.event_type) ?? 99) - (order.get(b.event_type) ?? 99));
      for (const item of counts) {
        const h = item.count * scale;
        y -= h;
        const rect = svg("rect", {
          x: x.toFixed(2),
          y: y.toFixed(2),
          width: Math.max(step - 1, 2).toFixed(2),
          height: h.toFixed(2),
          fill: colourOf(item.event_type),
          "data-date": day.date,
          "data-type": item.event_type,
        });
        const title = svg("title");
        title.textContent = day.date + ": " + item.count + " " + item.event_type;
        rect.append(title);
        bars.append(rect);
      }
    }
    box.append(bars);
    // Axis: a baseline, the highest count, and a few dates.
    box.append(svg("line", { x1: left, x2: width - right, y1: height - bottom, y2: height - bottom, class: "axis-line" }));
    const max = svg("text", { x: left - 6, y: top + 8, "text-anchor": "end", class: "axis" });
    max.textContent = String(highest);
    box.append(max);
    const ticks = Math.min(6, span);
    for (let i = 0; i < ticks; i += 1) {
      const day = first + Math.round(((span - 1) * i) / Math.max(ticks - 1, 1));
      const label = svg("text", {
        x: (left + (day - first + 0.5) * step).toFixed(1),
        y: height - 6,
        "text-anchor": i === 0 ? "start" : i === ticks - 1 ? "end" : "middle",
        class: "axis",
      });
      label.textContent = isoOf(day);
      box.append(label);
    }
    // The chosen range, and dragging to choose another.
    const brush = svg("rect", { y: top, height: height - top - bottom, class: "brush", visibility: "hidden" });
    box.append(brush);
    const dayAt = (px) => first + Math.min(span - 1, Math.max(0, Math.floor((px - left) / step)));
    const showRange = (a, b) => {
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      brush.setAttribute("x", (left + (lo - first) * step).toFixed(2));
      brush.setAttribute("width", Math.max((hi - lo + 1) * step, 2).toFixed(2));
      brush.setAttribute("visibility", "visible");
    };
    if (state.filters.since || state.filters.until) {
      const a = state.filters.since ? dayNumber(state.filters.since) : first;
      const b = state.filters.until ? dayNumber(state.filters.until) : last;
      showRange(Math.max(a, first), Math.min(b, last));
    }
    const toX = (event) => {
      const rect = box.getBoundingClientRect();
      return ((event.clientX - rect.left) * width) / rect.width;
    };
    let start = null;
    box.onpointerdown = (event) => {
      start = dayAt(toX(event));
      box.setPointerCapture(event.pointerId);
      showRange(start, start);
    };
    box.onpointermove = (event) => {
      if (start !== null) showRange(start, dayAt(toX(event)));
    };
    box.onpointerup = (event) => {
      if (start === null) return;
      const end = dayAt(toX(event));
      state.filters.since = isoOf(Math.min(start, end));
      state.filters.until = isoOf(Math.max(start, end));
      start = null;
      syncForm();
      refresh(true);
    };
  }

  function renderLegend(facets) {
    const legend = document.getElementById("legend");
    legend.replaceChildren();
    for (const item of facets.event_types) {
      if (!item.count) continue;
      const button = el("button", { type: "button", title: "Show only " + item.value }, swatch(item.value), item.value);
      button.addEventListener("click", () => {
        state.filters.type = item.value;
        syncForm();
        refresh(true);
      });
      legend.append(el("li", {}, button));
    }
  }

  // ---- table ----

  function renderTable() {
    const body = document.querySelector("#events tbody");
    const key = SORTS[state.sort];
    const sign = state.dir === "desc" ? -1 : 1;
    const sorted = [...events].sort((a, b) => {
      const x = key(a);
      const y = key(b);
      if (x === null && y !== null) return 1;
      if (y === null && x !== null) return -1;
      if (x < y) return -sign;
      if (x > y) return sign;
      return a.event_id < b.event_id ? -1 : 1;
    });
    const rows = sorted.slice(0, MAX_ROWS).map((event) => {
      const row = el(
        "tr",
        { "data-id": event.event_id, tabindex: 0, class: event.event_id === state.event ? "selected" : null },
        el("td", {}, event.date ? dateText(event.date) : "no date"),
        el("td", { class: "type" }, swatch(event.event_type), event.event_type),
        el("td", {}, event.mode || ""),
        el("td", {}, event.actor ? event.actor.name : ""),
        el("td", {}, event.target ? event.target.name : ""),
        el("td", {}, event.location ? event.location.name : ""),
        el("td", {}, (event.location && event.location.country) || ""),
        el("td", { class: "number" }, event.fatalities === null ? "" : event.fatalities),
        el("td", {}, el("span", { class: "badge certainty-" + event.certainty }, event.certainty)),
        el("td", {}, event.attributed_to || ""),
      );
      row.addEventListener("click", () => openEvent(event.event_id, true));
      row.addEventListener("keydown", (e) => {
        if (e.key === "Enter") openEvent(event.event_id, true);
      });
      return row;
    });
    body.replaceChildren(...rows);
    for (const th of document.querySelectorAll("#events th")) {
      const sortKey = th.getAttribute("data-sort");
      th.setAttribute("aria-sort", sortKey === state.sort ? (state.dir === "asc" ? "ascending" : "descending") : "none");
    }
    const note = document.getElementById("table-note");
    note.textContent =
      events.length > MAX_ROWS
        ? "Showing the first " + MAX_ROWS + " rows of " + events.length + "; narrow the filters to see the rest."
        : "";
  }

  function setupTable() {
    for (const th of document.querySelectorAll("#events th")) {
      th.querySelector("button").addEventListener("click", () => {
        const key = th.getAttribute("data-sort");
        if (state.sort === key) state.dir = state.dir === "asc" ? "desc" : "asc";
        else {
          state.sort = key;
          state.dir = key === "fatalities" ? "desc" : "asc";
        }
        writeUrl(false);
        renderTable();
      });
    }
  }

  // ---- actor matrix ----

  function renderMatrix(matrix) {
    const box = document.getElementById("matrix");
    if (!matrix.cells.length) {
      box.replaceChildren(el("p", { class: "note" }, "No events in this view."));
      return;
    }
    const cells = new Map(matrix.cells.map((c) => [JSON.stringify([c.actor, c.target]), c]));
    const name = (n) => (n === null ? "(none named)" : n);
    const head = el("tr", {}, el("th", { scope: "col" }, "initiator \u2193 / recipient \u2192"));
    for (const target of matrix.targets) head.append(el("th", { scope: "col" }, name(target)));
    const rows = matrix.actors.map((actor) => {
      const row = el("tr", {}, el("th", { scope: "row" }, name(actor)));
      for (const target of matrix.targets) {
        const cell = cells.get(JSON.stringify([actor, target]));
        if (!cell) {
          row.append(el("td", { class: "empty" }));
          continue;
        }
        const detail = cell.counts.map((c) => c.event_type + " " + c.count).join(", ");
        const bar = el("span", { class: "mix", "aria-hidden": "true" });
        for (const c of cell.counts) {
          const part = el("span", {});
          part.style.backgroundColor = colourOf(c.event_type);
          part.style.flexGrow = String(c.count);
          bar.append(part);
        }
        row.append(
          el("td", { title: detail }, el("span", { class: "total" }, cell.total), bar, el("span", { class: "types" }, detail)),
        );
      }
      return row;
    });
    box.replaceChildren(el("table", { class: "matrix" }, el("thead", {}, head), el("tbody", {}, ...rows)));
  }

  // ---- event detail ----

  function field(label, ...value) {
    return [el("dt", {}, label), el("dd", {}, ...value)];
  }

  function actorText(actor) {
    const about = [actor.country, actor.sector].filter(Boolean).join(", ");
    return actor.name + (about ? " (" + about + ")" : "") + (actor.text !== actor.name ? " \u2014 written \u201c" + actor.text + "\u201d" : "");
  }

  // Split the text at every span boundary; each piece is marked with the kinds
  // of every span covering it, so overlapping spans stay visible.
  function markedText(text, spans) {
    const points = new Set([0, text.length]);
    const valid = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start < s.end && s.start >= 0 && s.end <= text.length);
    for (const s of valid) {
      points.add(s.start);
      points.add(s.end);
    }
    const cuts = [...points].sort((a, b) => a - b);
    const parts = [];
    for (let i = 0; i + 1 < cuts.length; i += 1) {
      const a = cuts[i];
      const b = cuts[i + 1];
      const piece = text.slice(a, b);
      const covering = valid.filter((s) => s.start <= a && s.end >= b);
      if (!covering.length) {
        parts.push(document.createTextNode(piece));
        continue;
      }
      const kinds = [...new Set(covering.map((s) => s.kind))];
      const mark = el("mark", {
        class: kinds.map((k) => "m-" + k).join(" "),
        "data-kinds": kinds.join(" "),
        title: covering.map((s) => s.label).join("; "),
      }, piece);
      parts.push(mark);
    }
    return parts;
  }

  function spansOf(event) {
    const spans = [
      { start: event.evidence.start, end: event.evidence.end, kind: "evidence", label: "evidence sentence" },
      { start: event.trigger.start, end: event.trigger.end, kind: "trigger", label: "trigger: " + event.trigger.text },
    ];
    for (const m of event.mentions) {
      spans.push({ start: m.start, end: m.end, kind: m.kind, label: m.kind + (m.label ? " (" + m.label + ")" : "") + ": " + m.text });
    }
    for (const f of event.figures) {
      if (f.end > f.start) spans.push({ start: f.start, end: f.end, kind: "figure", label: "figure: " + f.qualifier + " " + f.value + " " + f.unit });
    }
    return spans;
  }

  function safeUrl(url) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (err) {
      return null;
    }
  }

  async function openEvent(id, push) {
    state.event = id;
    writeUrl(push);
    for (const row of document.querySelectorAll("#events tbody tr")) {
      row.classList.toggle("selected", row.getAttribute("data-id") === id);
    }
    await showEvent(id);
  }

  async function showEvent(id) {
    const box = document.getElementById("detail");
    if (!id) {
      box.replaceChildren(el("p", { class: "note" }, "Choose an event on the map or in the table."));
      return;
    }
    box.replaceChildren(el("p", { class: "note" }, "Loading\u2026"));
    let event;
    let stored = null;
    let reports = [];
    try {
      event = await fetchJson("/api/events/" + encodeURIComponent(id));
      [stored, reports] = await Promise.all([
        fetchJson("/api/documents/" + encodeURIComponent(event.doc_id)).catch(() => null),
        fetchJson("/api/events/" + encodeURIComponent(id) + "/reports"),
      ]);
    } catch (err) {
      box.replaceChildren(el("p", { class: "error" }, "Could not show event " + id + ": " + err.message));
      return;
    }
    if (state.event !== id) return;
    const close = el("button", { type: "button", class: "close", "aria-label": "Close the event" }, "\u00d7");
    close.addEventListener("click", () => openEvent(null, true));
    const heading = el("h3", {}, swatch(event.event_type), event.event_type + (event.mode ? " / " + event.mode : ""), close);

    const badges = el(
      "p",
      { class: "badges" },
      el("span", { class: "badge source" }, "source: " + (event.attributed_to || "the article itself")),
      el("span", { class: "badge certainty-" + event.certainty }, "certainty: " + event.certainty),
      event.negated ? el("span", { class: "badge negated" }, "negated") : null,
    );

    const facts = el("dl", { class: "facts" });
    if (event.actor) facts.append(...field("Initiator", actorText(event.actor)));
    if (event.target) facts.append(...field("Recipient", actorText(event.target)));
    if (event.location) {
      const loc = event.location;
      const where = [loc.name, loc.admin1, loc.country].filter(Boolean).join(", ");
      const coords = loc.lat !== null && loc.lon !== null ? " (" + loc.lat + ", " + loc.lon + ")" : "";
      facts.append(...field("Place", where + coords + ", precision " + loc.precision + (loc.kind ? ", " + loc.kind : "")));
    }
    if (event.date) {
      facts.append(...field("Date", dateText(event.date) + " (" + event.date.precision + ") \u2014 \u201c" + event.date.text + "\u201d"));
    }
    if (event.fatalities !== null) facts.append(...field("Killed", event.fatalities));
    if (event.injured !== null) facts.append(...field("Injured", event.injured));
    if (event.figures.length) {
      const list = el("ul", { class: "figures" });
      for (const f of event.figures) list.append(el("li", {}, f.qualifier + " " + f.value + " " + f.unit + " \u2014 \u201c" + f.text + "\u201d"));
      facts.append(...field("Figures", list));
    }
    if (event.flags.length) facts.append(...field("Flags", event.flags.join(", ")));

    const parts = [heading, badges, facts];
    if (stored) {
      const doc = stored.document;
      const href = doc.url ? safeUrl(doc.url) : null;
      const title = doc.title || doc.id;
      const about = [doc.outlet, doc.published, doc.language].filter(Boolean).join(", ");
      parts.push(
        el(
          "p",
          { class: "document" },
          "From ",
          href ? el("a", { href: href, rel: "noopener noreferrer nofollow", target: "_blank" }, title) : el("cite", {}, title),
          about ? " (" + about + ")" : "",
        ),
      );
      parts.push(
        el(
          "p",
          { class: "legend-marks" },
          "Marked: ",
          el("mark", { class: "m-evidence" }, "evidence"),
          " ",
          el("mark", { class: "m-trigger" }, "trigger"),
          " ",
          el("mark", { class: "m-actor" }, "actor"),
          " ",
          el("mark", { class: "m-place" }, "place"),
          " ",
          el("mark", { class: "m-time" }, "time"),
          " ",
          el("mark", { class: "m-figure" }, "figure"),
        ),
      );
      const article = el("div", { class: "article", id: "article" }, ...markedText(doc.text, spansOf(event)));
      parts.push(article);
    } else {
      parts.push(el("p", { class: "note" }, "The document of this event is not in the store."));
    }
    const others = el("div", { class: "reports" }, el("h4", {}, "Other documents reporting it"));
    if (reports.length) {
      const list = el("ul", {});
      for (const r of reports) {
        const button = el("button", { type: "button", class: "link" }, r.title || r.doc_id);
        button.addEventListener("click", () => openEvent(r.event_id, true));
        list.append(el("li", {}, button, [r.outlet, r.published].filter(Boolean).length ? " (" + [r.outlet, r.published].filter(Boolean).join(", ") + ")" : ""));
      }
      others.append(list);
    } else {
      others.append(el("p", { class: "note" }, "None found (same type, same dates, same place name)."));
    }
    parts.push(others);
    box.replaceChildren(...parts);
    const evidence = box.querySelector("#article mark.m-evidence");
    if (evidence) {
      const article = document.getElementById("article");
      article.scrollTop = Math.max(0, evidence.offsetTop - article.offsetTop - 40);
    }
  }

  // ---- putting it together ----

  async function refresh(push) {
    const token = (refreshToken += 1);
    writeUrl(Boolean(push));
    updateDownloads();
    showError("");
    const all = query(FILTERS);
    const listing = query(FILTERS);
    listing.set("limit", EVENT_LIMIT);
    // The timeline keeps every day in view, so a range can be chosen again.
    const undated = query(FILTERS.filter((n) => n !== "since" && n !== "until"));
    let page;
    let timeline;
    let matrix;
    try {
      [page, timeline, matrix] = await Promise.all([
        fetchJson("/api/events?" + listing.toString()),
        fetchJson("/api/timeline?" + undated.toString()),
        fetchJson("/api/actors/matrix?" + all.toString()),
      ]);
    } catch (err) {
      showError("Could not load events: " + err.message);
      return;
    }
    if (token !== refreshToken) return;
    events = page.events;
    const shown = Object.keys(state.filters).length ? " match the filters" : " in the store";
    document.getElementById("summary").textContent =
      events.length + (page.count === EVENT_LIMIT ? "+" : "") + " events" + shown;
    renderMap();
    renderTimeline(timeline);
    renderTable();
    renderMatrix(matrix);
    document.body.setAttribute("data-ready", "true");
  }

  async function start() {
    readUrl();
    let config;
    let facets;
    try {
      [config, facets] = await Promise.all([fetchJson("/api/config"), fetchJson("/api/facets")]);
    } catch (err) {
      showError("Could not reach the dateline server: " + err.message);
      return;
    }
    facets.event_types.forEach((item, i) => colours.set(item.value, i < PALETTE.length ? PALETTE[i] : OTHER_COLOUR));
    setupFilters(facets);
    renderLegend(facets);
    setupTable();
    document.getElementById("clear-range").addEventListener("click", () => {
      delete state.filters.since;
      delete state.filters.until;
      syncForm();
      refresh(true);
    });
    window.addEventListener("popstate", () => {
      readUrl();
      syncForm();
      refresh(false);
      showEvent(state.event);
    });
    await setupMap(config);
    await refresh(false);
    if (state.event) await showEvent(state.event);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
