// dateline: the incidents view. One happening seen by several reports: the
// list of incidents under the page's filters, one incident with its reports
// side by side, and a map mode with one marker per incident instead of one
// per report. Text is always put in the page as text, never as HTML.
(function () {
  "use strict";
  const FILTERS = ["type", "mode", "actor", "country", "since", "until", "certainty", "source"];
  // The list asks for this many incidents at a time; the total is always shown.
  const LIST_PAGE = 200;
  const INCIDENT_ZOOM = 8;

  let map = null;
  let layer = null;
  let listToken = 0;
  let mapToken = 0;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined) node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function filters() {
    const now = new URLSearchParams(window.location.search);
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = now.get(name);
      if (value) params.set(name, value);
    }
    return params;
  }

  async function fetchJson(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(response.status + " " + response.statusText);
    return response.json();
  }

  function note(text) {
    document.getElementById("incidents-note").textContent = text;
  }

  function dateText(item) {
    if (!item.date_start) return "undated";
    return item.date_start === item.date_end ? item.date_start : item.date_start + " to " + item.date_end;
  }

  // ---- the list ----

  function listRow(item) {
    const row = el(
      "tr",
      { "data-id": item.incident_id, tabindex: "0" },
      el("td", {}, dateText(item)),
      el("td", {}, item.event_type),
      el("td", {}, item.place || ""),
      el("td", {}, item.country || ""),
      el("td", { class: "num" }, item.reports),
      el("td", { class: "num" }, item.outlets),
      el("td", { class: "num" }, item.credited),
      el("td", {}, item.figures),
    );
    row.addEventListener("click", () => openIncident(item.incident_id));
    row.addEventListener("keydown", (event) => {
      if (event.key === "Enter") openIncident(item.incident_id);
    });
    return row;
  }

  async function loadList() {
    const token = (listToken += 1);
    const params = filters();
    params.set("limit", LIST_PAGE);
    let page;
    try {
      page = await fetchJson("/api/incidents?" + params.toString());
    } catch (err) {
      note("Could not load the incidents: " + err.message);
      return;
    }
    if (token !== listToken) return;
    const body = document.querySelector("#incidents tbody");
    body.replaceChildren(...page.incidents.map(listRow));
    const several = page.incidents.filter((i) => i.documents > 1).length;
    note(
      page.total.toLocaleString("en") + (page.total === 1 ? " incident" : " incidents") +
        (page.total > page.count ? " (the first " + page.count + " shown, by date)" : "") +
        "; " + several + " of those shown told by more than one article.",
    );
    document.getElementById("incidents-panel").setAttribute("data-loaded", String(token));
  }

  // ---- one incident: its reports side by side ----

  function figuresOf(report) {
    const parts = [];
    if (report.fatalities !== null) parts.push(report.fatalities + " killed");
    if (report.injured !== null) parts.push(report.injured + " injured");
    return parts.join(", ") || "none given";
  }

  function reportCard(report) {
    return el(
      "article",
      { class: "report", "data-event": report.event_id },
      el("h4", {}, report.outlet || report.doc_id),
      el(
        "dl",
        {},
        el("dt", {}, "Credited source"),
        el("dd", { class: "report-source" }, report.attributed_to || "none (the outlet's own reporting)"),
        el("dt", {}, "Certainty"),
        el("dd", { class: "report-certainty" }, report.certainty),
        el("dt", {}, "Figures"),
        el("dd", { class: "report-figures" }, figuresOf(report)),
        el("dt", {}, "Type"),
        el("dd", {}, report.event_type),
      ),
      el("blockquote", { class: "report-evidence" }, report.evidence.text),
      report.copy_of ? el("p", { class: "note" }, "A copy of another report: counted once.") : null,
      el("p", { class: "note report-reasons" }, report.reasons.join("; ")),
    );
  }

  async function openIncident(id) {
    let incident;
    try {
      incident = await fetchJson("/api/incidents/" + encodeURIComponent(id));
    } catch (err) {
      note("Could not load the incident: " + err.message);
      return;
    }
    for (const row of document.querySelectorAll("#incidents tbody tr")) {
      row.classList.toggle("chosen", row.dataset.id === id);
    }
    const place = incident.place;
    const counts = incident.sources;
    const box = document.getElementById("incident");
    const sources = incident.figures.map((f) =>
      el(
        "li",
        {},
        f.source + ": " + [f.fatalities !== null ? f.fatalities + " killed" : null, f.injured !== null ? f.injured + " injured" : null]
          .filter(Boolean)
          .join(", "),
      ),
    );
    box.replaceChildren(
      el("h3", {}, incident.event_type + (place ? " in " + place.name : "") + (incident.date ? ", " + dateText({ date_start: incident.date.start, date_end: incident.date.end }) : "")),
      el(
        "p",
        { class: "incident-counts" },
        counts.reports + " reports in " + counts.documents + " articles from " + counts.outlets +
          " outlets, crediting " + counts.credited + (counts.credited === 1 ? " source" : " sources") +
          (counts.copies ? "; " + counts.copies + " copies counted once" : "") + ".",
      ),
      sources.length ? el("ul", { class: "incident-figures", "aria-label": "Each source's figures" }, ...sources) : null,
      el("div", { class: "reports" }, ...incident.reports.map(reportCard)),
    );
    box.setAttribute("data-id", id);
    if (map && place && place.lat !== null && place.lon !== null) {
      map.setView([place.lat, place.lon], Math.max(map.getZoom(), INCIDENT_ZOOM));
    }
  }

  // ---- the map: one marker per incident ----

  function incidentMode() {
    return document.getElementById("map-incidents").checked;
  }

  function marker(item) {
    const dot = el("span", { class: "incident-dot", "data-id": item.incident_id, "data-reports": item.reports }, String(item.reports));
    const size = item.reports > 1 ? 24 : 16;
    const mark = L.marker([item.lat, item.lon], {
      icon: L.divIcon({ html: dot, className: "incident-marker", iconSize: [size, size] }),
      keyboard: true,
      alt: item.event_type + ", " + item.reports + " reports",
    });
    mark.bindTooltip(el("span", {}, item.event_type + ": " + item.reports + " reports in " + item.documents + " articles"));
    mark.on("click", () => openIncident(item.incident_id));
    return mark;
  }

  async function loadMarkers() {
    if (!map || !layer) return;
    const box = document.getElementById("map");
    if (!incidentMode()) {
      layer.clearLayers();
      box.classList.remove("incident-mode");
      document.getElementById("incident-map-note").textContent = "";
      return;
    }
    box.classList.add("incident-mode");
    const token = (mapToken += 1);
    const bounds = map.getBounds();
    const params = filters();
    params.set("south", Math.max(-90, bounds.getSouth()).toFixed(4));
    params.set("north", Math.min(90, bounds.getNorth()).toFixed(4));
    params.set("west", Math.max(-540, bounds.getWest()).toFixed(4));
    params.set("east", Math.min(540, bounds.getEast()).toFixed(4));
    let view;
    try {
      view = await fetchJson("/api/incidents/map?" + params.toString());
    } catch (err) {
      note("Could not load the incidents map: " + err.message);
      return;
    }
    if (token !== mapToken || !incidentMode()) return;
    layer.clearLayers();
    for (const item of view.markers) layer.addLayer(marker(item));
    box.setAttribute("data-incidents-placed", view.placed);
    box.setAttribute("data-incidents-loaded", String(token));
    document.getElementById("incident-map-note").textContent =
      view.placed.toLocaleString("en") + (view.placed === 1 ? " incident" : " incidents") + " in this view, one marker each" +
      (view.cut ? " (only the first " + view.markers.length + " drawn)" : "") +
      (view.unplaced ? "; " + view.unplaced.toLocaleString("en") + " have no coordinates." : ".");
  }

  function refresh() {
    loadList();
    loadMarkers();
  }

  function start() {
    document.getElementById("map-incidents").addEventListener("change", () => loadMarkers());
    document.addEventListener("dateline:map", (event) => {
      map = event.detail;
      layer = L.layerGroup().addTo(map);
      map.on("moveend", () => loadMarkers());
      loadMarkers();
    });
    document.addEventListener("dateline:refresh", refresh);
    loadList();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
