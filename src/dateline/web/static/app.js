// dateline's one page: map, timeline, table, event detail and actor matrix over
// the JSON API. Article text and every stored value are hostile: they reach the
// page only through textContent, attributes set one by one, or Leaflet options
// given DOM elements. Nothing here assigns innerHTML from data.
"use strict";

(function () {
  const FILTERS = ["type", "mode", "actor", "country", "since", "until", "certainty", "min_confidence", "source"];
  // The table asks for this many rows at a time (keyset pages from the server);
  // the map and the timeline are counted on the server and show every event.
  const TABLE_PAGE = 100;
  // Choosing an event zooms the map in at least this far.
  const EVENT_ZOOM = 8;
  const SVG_NS = "http://www.w3.org/2000/svg";
  // One colour per PLOVER type, in the ontology's order (verbal cooperation
  // first, material conflict last, ASSAULT red); types beyond get a grey.
  const PALETTE = [
    "#393b79", "#9edae5", "#1f77b4", "#dbdb8d", "#2ca02c", "#98df8a", "#aec7e8", "#17becf",
    "#c49c94", "#7f7f7f", "#bcbd22", "#e377c2", "#8c564b", "#9467bd", "#ff7f0e", "#d62728",
  ];
  const OTHER_COLOUR = "#555555";
  // The table's sortable columns (each an index on the server).
  const SORTS = ["date", "type", "country", "fatalities"];

  const state = { filters: {}, sort: "date", dir: "asc", event: null };
  const colours = new Map();
  let rows = [];
  let nextPage = null;
  let total = 0;
  let map = null;
  let cells = null;
  let chosen = null;
  let refreshToken = 0;
  let mapToken = 0;

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
    state.sort = SORTS.includes(params.get("sort")) ? params.get("sort") : "date";
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
    cells = L.layerGroup().addTo(map);
    chosen = L.layerGroup().addTo(map);
    map.on("moveend", () => loadMap());
    // The incidents view (incidents.js) draws its own markers on this map.
    document.dispatchEvent(new CustomEvent("dateline:map", { detail: map }));
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

  // One grid cell from the server: a pie of its types with its count, or the
  // event itself when the cell holds one.
  function cellMarker(cell) {
    if (cell.event_id) {
      const type = cell.counts[0].event_type;
      const dot = el("span", { class: "event-dot", "data-count": 1, "data-id": cell.event_id });
      dot.style.backgroundColor = colourOf(type);
      const marker = L.marker([cell.lat, cell.lon], {
        icon: L.divIcon({ html: dot, className: "event-marker", iconSize: [14, 14] }),
        keyboard: true,
        alt: type,
      });
      marker.bindTooltip(el("span", {}, type));
      marker.on("click", () => openEvent(cell.event_id, true));
      return marker;
    }
    let angle = 0;
    const stops = [];
    for (const c of cell.counts) {
      const next = angle + (360 * c.count) / cell.count;
      stops.push(colourOf(c.event_type) + " " + angle + "deg " + next + "deg");
      angle = next;
    }
    const ring = el("div", { class: "cluster-ring", "data-count": cell.count });
    ring.style.background = "conic-gradient(" + stops.join(", ") + ")";
    ring.append(el("span", { class: "cluster-count" }, cell.count.toLocaleString("en")));
    const size = cell.count < 10 ? 30 : cell.count < 1000 ? 38 : 48;
    const marker = L.marker([cell.lat, cell.lon], {
      icon: L.divIcon({ html: ring, className: "event-cluster", iconSize: [size, size] }),
      keyboard: true,
      alt: cell.count + " events",
    });
    marker.bindTooltip(el("span", {}, cell.counts.map((c) => c.event_type + " " + c.count).join(", ")));
    marker.on("click", () => map.setView([cell.lat, cell.lon], Math.min(map.getZoom() + 2, map.getMaxZoom())));
    return marker;
  }

  async function loadMap() {
    const token = (mapToken += 1);
    const bounds = map.getBounds();
    const params = query(FILTERS);
    params.set("south", Math.max(-90, bounds.getSouth()).toFixed(4));
    params.set("north", Math.min(90, bounds.getNorth()).toFixed(4));
    params.set("west", bounds.getWest().toFixed(4));
    params.set("east", bounds.getEast().toFixed(4));
    params.set("zoom", map.getZoom());
    document.getElementById("map").setAttribute("data-zoom", map.getZoom());
    let view;
    try {
      view = await fetchJson("/api/map?" + params.toString());
    } catch (err) {
      showError("Could not load the map: " + err.message);
      return;
    }
    if (token !== mapToken) return;
    cells.clearLayers();
    for (const cell of view.cells) cells.addLayer(cellMarker(cell));
    const box = document.getElementById("map");
    box.setAttribute("data-placed", view.placed);
    box.setAttribute("data-unplaced", view.unplaced);
    document.getElementById("map-note").textContent =
      view.placed.toLocaleString("en") + (view.placed === 1 ? " event" : " events") + " in this view" +
      (view.unplaced ? "; " + view.unplaced.toLocaleString("en") + " matching events have no coordinates and are not on the map." : ".");
    box.setAttribute("data-loaded", String(token));
  }

  function showOnMap(event) {
    chosen.clearLayers();
    const loc = event.location;
    if (!loc || loc.lat === null || loc.lon === null) return;
    const ring = el("span", { class: "chosen-dot", "data-id": event.event_id });
    ring.style.backgroundColor = colourOf(event.event_type);
    chosen.addLayer(
      L.marker([loc.lat, loc.lon], {
        icon: L.divIcon({ html: ring, className: "chosen-marker", iconSize: [22, 22] }),
        zIndexOffset: 1000,
        alt: "the chosen event",
      }),
    );
    map.setView([loc.lat, loc.lon], Math.max(map.getZoom(), EVENT_ZOOM));
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

  // Bars per day, week or month (the server picks the bin from the span), so
  // bars stay readable at any span. Events dated only to a month, and events
  // dated by their article's publication day, get their own rows with their
  // own scales: they never flatten the events the text dates.
  function renderTimeline(timeline) {
    const box = document.getElementById("timeline");
    box.replaceChildren();
    const unitName = { day: "day", week: "week", month: "month" }[timeline.unit] || "day";
    document.getElementById("timeline-title").textContent = "Events per " + unitName;
    box.setAttribute("data-unit", unitName);
    const note = document.getElementById("timeline-note");
    note.textContent = timeline.undated ? timeline.undated.toLocaleString("en") + " events have no date and are not counted here." : "";
    document.getElementById("clear-range").hidden = !(state.filters.since || state.filters.until);
    if (!timeline.bins.length) {
      box.setAttribute("height", 30);
      const empty = svg("text", { x: 10, y: 20, class: "axis" });
      empty.textContent = "No dated events.";
      box.append(empty);
      return;
    }
    const width = Math.max(box.getBoundingClientRect().width, 300);
    const left = 40;
    const right = 10;
    const top = 8;
    const mainHeight = 110;
    const rowHeight = 16;
    const gap = 6;
    const monthTop = top + mainHeight + gap;
    const publicationTop = monthTop + rowHeight + gap;
    const base = publicationTop + rowHeight;
    const height = base + 22;
    box.setAttribute("viewBox", "0 0 " + width + " " + height);
    box.setAttribute("height", height);
    const first = dayNumber(timeline.bins[0].start);
    const last = dayNumber(timeline.bins[timeline.bins.length - 1].end);
    const span = last - first + 1;
    const step = (width - left - right) / span;
    const highest = Math.max(1, ...timeline.bins.map((b) => b.exact));
    const highestMonth = Math.max(1, ...timeline.bins.map((b) => b.month));
    const highestPublication = Math.max(1, ...timeline.bins.map((b) => b.publication));
    const scale = mainHeight / highest;
    const order = new Map([...colours.keys()].map((t, i) => [t, i]));
    const bars = svg("g", { class: "bars" });
    const label = (rect, text) => {
      const title = svg("title");
      title.textContent = text;
      rect.append(title);
      return rect;
    };
    for (const bin of timeline.bins) {
      const x = left + (dayNumber(bin.start) - first) * step;
      const w = Math.max((dayNumber(bin.end) - dayNumber(bin.start) + 1) * step - 1, 1.5);
      const when = bin.start === bin.end ? bin.start : bin.start + " to " + bin.end;
      let y = top + mainHeight;
      const counts = [...bin.counts].sort((a, b) => (order.get(a.event_type) ?? 99) - (order.get(b.event_type) ?? 99));
      for (const item of counts) {
        const h = item.count * scale;
        y -= h;
        bars.append(label(svg("rect", {
          x: x.toFixed(2), y: y.toFixed(2), width: w.toFixed(2), height: h.toFixed(2),
          fill: colourOf(item.event_type), "data-date": bin.start, "data-type": item.event_type,
        }), when + ": " + item.count + " " + item.event_type));
      }
      for (const [n, most, rowTop, kind, text] of [
        [bin.month, highestMonth, monthTop, "month", "dated only to a month or year"],
        [bin.publication, highestPublication, publicationTop, "publication", "dated by the article's publication day"],
      ]) {
        if (!n) continue;
        const h = Math.max((n / most) * rowHeight, 1);
        bars.append(label(svg("rect", {
          x: x.toFixed(2), y: (rowTop + rowHeight - h).toFixed(2), width: w.toFixed(2), height: h.toFixed(2),
          class: "vague " + kind, "data-date": bin.start, "data-kind": kind,
        }), when + ": " + n + " events " + text));
      }
    }
    box.append(bars);
    box.append(svg("line", { x1: left, x2: width - right, y1: top + mainHeight, y2: top + mainHeight, class: "axis-line" }));
    const axisText = (x, y, anchor, text) => {
      const node = svg("text", { x: x, y: y, "text-anchor": anchor, class: "axis" });
      node.textContent = text;
      box.append(node);
    };
    axisText(left - 6, top + 8, "end", String(highest));
    axisText(left - 6, monthTop + rowHeight - 3, "end", "month");
    axisText(left - 6, publicationTop + rowHeight - 3, "end", "publ.");
    axisText(width - right, monthTop + 10, "end", "max " + highestMonth);
    axisText(width - right, publicationTop + 10, "end", "max " + highestPublication);
    const ticks = Math.min(6, span);
    for (let i = 0; i < ticks; i += 1) {
      const day = first + Math.round(((span - 1) * i) / Math.max(ticks - 1, 1));
      const text = timeline.unit === "month" ? isoOf(day).slice(0, 7) : isoOf(day);
      axisText((left + (day - first + 0.5) * step).toFixed(1), height - 6, i === 0 ? "start" : i === ticks - 1 ? "end" : "middle", text);
    }
    // The chosen range, and dragging to choose another (whole bins).
    const brush = svg("rect", { y: top, height: base - top, class: "brush", visibility: "hidden" });
    box.append(brush);
    const binOf = (day) => {
      if (timeline.unit === "day") return [day, day];
      const d = new Date(day * DAY_MS);
      if (timeline.unit === "week") {
        const monday = day - ((d.getUTCDay() + 6) % 7);
        return [monday, monday + 6];
      }
      const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
      const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS - 1;
      return [start, end];
    };
    const dayAt = (px) => first + Math.min(span - 1, Math.max(0, Math.floor((px - left) / step)));
    const showRange = (a, b) => {
      const lo = Math.max(first, Math.min(a, b));
      const hi = Math.min(last, Math.max(a, b));
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
      showRange(binOf(start)[0], binOf(start)[1]);
    };
    box.onpointermove = (event) => {
      if (start === null) return;
      const end = dayAt(toX(event));
      showRange(binOf(Math.min(start, end))[0], binOf(Math.max(start, end))[1]);
    };
    box.onpointerup = (event) => {
      if (start === null) return;
      const end = dayAt(toX(event));
      state.filters.since = isoOf(binOf(Math.min(start, end))[0]);
      state.filters.until = isoOf(binOf(Math.max(start, end))[1]);
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

  function tableRow(event) {
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
  }

  function tableQuery(after) {
    const params = query(FILTERS);
    params.set("limit", TABLE_PAGE);
    params.set("sort", state.sort);
    params.set("dir", state.dir);
    if (after) params.set("after", after);
    return "/api/events?" + params.toString();
  }

  function renderTable(page, append) {
    const body = document.querySelector("#events tbody");
    if (append) {
      rows = rows.concat(page.events);
      body.append(...page.events.map(tableRow));
    } else {
      rows = page.events;
      body.replaceChildren(...rows.map(tableRow));
    }
    nextPage = page.next;
    total = page.total;
    for (const th of document.querySelectorAll("#events th")) {
      const sortKey = th.getAttribute("data-sort");
      if (!sortKey) continue;
      th.setAttribute("aria-sort", sortKey === state.sort ? (state.dir === "asc" ? "ascending" : "descending") : "none");
    }
    document.getElementById("table-note").textContent = total
      ? "Rows 1\u2013" + rows.length.toLocaleString("en") + " of " + total.toLocaleString("en") + "."
      : "No events match.";
    document.getElementById("more-rows").hidden = !nextPage;
  }

  async function loadTable() {
    const token = refreshToken;
    const page = await fetchJson(tableQuery(null));
    if (token === refreshToken) renderTable(page, false);
  }

  function setupTable() {
    for (const th of document.querySelectorAll("#events th[data-sort]")) {
      th.querySelector("button").addEventListener("click", () => {
        const key = th.getAttribute("data-sort");
        if (state.sort === key) state.dir = state.dir === "asc" ? "desc" : "asc";
        else {
          state.sort = key;
          state.dir = key === "fatalities" ? "desc" : "asc";
        }
        writeUrl(false);
        loadTable().catch((err) => showError("Could not load events: " + err.message));
      });
    }
    document.getElementById("more-rows").addEventListener("click", async () => {
      if (!nextPage) return;
      try {
        renderTable(await fetchJson(tableQuery(nextPage)), true);
      } catch (err) {
        showError("Could not load more rows: " + err.message);
      }
    });
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
      chosen.clearLayers();
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
    showOnMap(event);
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
    // The filters are in the URL now: the incidents view follows them.
    document.dispatchEvent(new CustomEvent("dateline:refresh"));
    showError("");
    const all = query(FILTERS);
    // The timeline keeps every day in view, so a range can be chosen again.
    const undated = query(FILTERS.filter((n) => n !== "since" && n !== "until"));
    const mapLoaded = loadMap();
    let page;
    let timeline;
    let matrix;
    try {
      [page, timeline, matrix] = await Promise.all([
        fetchJson(tableQuery(null)),
        fetchJson("/api/timeline?" + undated.toString()),
        fetchJson("/api/actors/matrix?" + all.toString()),
      ]);
    } catch (err) {
      showError("Could not load events: " + err.message);
      return;
    }
    if (token !== refreshToken) return;
    const shown = Object.keys(state.filters).length ? " match the filters" : " in the store";
    document.getElementById("summary").textContent = page.total.toLocaleString("en") + " events" + shown;
    renderTable(page, false);
    renderTimeline(timeline);
    renderMatrix(matrix);
    await mapLoaded;
    if (token === refreshToken) document.body.setAttribute("data-ready", "true");
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
