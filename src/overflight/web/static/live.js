// Live map: watched aircraft from the server (a snapshot in the page, then server-sent events),
// each with its trail; a case's filed route beside its aircraft. Banners follow what is shown.
(function () {
  "use strict";
  const el = document.getElementById("live-map");
  if (!el || typeof L === "undefined") { return; }
  const map = L.map(el, { preferCanvas: true, worldCopyJump: true }).setView([35, 45], 3);
  const shown = new Map(); // key -> {marker, trail}
  const routes = new Map(); // case id -> layer
  const get = (url) => fetch(url, { credentials: "same-origin" }).then((r) => {
    if (!r.ok) { throw new Error(url + ": " + r.status); }
    return r.json();
  });
  get(el.dataset.airspace).then((airspace) => {
    L.geoJSON(airspace, {
      style: () => ({ color: "#777", weight: 0.5, fillColor: "#e8e4d8", fillOpacity: 0.9 }),
    }).addTo(map).bringToBack();
  }).catch(() => {});
  const label = (s) => s.marking + " " + (s.callsign || s.icao24) + " · " + s.icao24 +
    (s.state ? " · " + s.state : " · international") + " · " + s.at.slice(11, 16) + "Z";
  function drawRoute(caseId) {
    if (!caseId || routes.has(caseId)) { return; }
    routes.set(caseId, null);
    get("/api/cases/" + caseId + "/route").then((route) => {
      const filed = route.features.filter((f) => f.properties.role !== "option");
      routes.set(caseId, L.geoJSON({ type: "FeatureCollection", features: filed }, {
        style: () => ({ color: "#c0001a", weight: 2, dashArray: "6 4" }),
        pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 3, color: "#c0001a" }),
      }).addTo(map));
    }).catch(() => {});
  }
  function show(s) {
    const old = shown.get(s.key);
    if (old) { old.marker.remove(); old.trail.remove(); }
    const trail = L.polyline(s.trail.map(([lon, lat]) => [lat, lon]),
      { color: s.case_id ? "#6a3d9a" : "#d46a00", weight: 2 }).addTo(map);
    const marker = L.circleMarker([s.lat, s.lon],
      { radius: 6, color: "#111", fillColor: s.case_id ? "#6a3d9a" : "#d46a00", fillOpacity: 1 })
      .bindTooltip(label(s)).bindPopup(label(s) + "<br>" + escape(s.why)).addTo(map);
    shown.set(s.key, { marker, trail });
    drawRoute(s.case_id);
  }
  function row(s) {
    const body = document.querySelector("#live-table tbody");
    const empty = body.querySelector("tr.empty");
    if (empty) { empty.remove(); }
    let tr = [...body.rows].find((r) => r.dataset.key === s.key);
    if (!tr) { tr = body.insertRow(-1); tr.dataset.key = s.key; }
    tr.replaceChildren();
    const cell = (text, cls) => {
      const td = tr.insertCell(-1);
      td.textContent = text;
      if (cls) { td.className = cls; }
      return td;
    };
    cell(s.marking, "mark");
    cell(s.icao24 + (s.registration ? " (" + s.registration + ")" : ""));
    cell(s.callsign);
    cell(s.at.slice(0, 19).replace("T", " ") + "Z");
    cell(s.state || "international");
    cell(s.altitude_ft === null ? "" : Math.round(s.altitude_ft) + " ft");
    const why = cell("");
    if (s.case_id) {
      const a = document.createElement("a");
      a.href = "/cases/" + s.case_id;
      a.textContent = "case " + s.case_id;
      why.append(a, ": ");
    }
    why.append(s.why);
  }
  function escape(text) {
    const div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }
  function setBanner(text) {
    for (const id of ["banner-top", "banner-bottom"]) {
      const b = document.getElementById(id);
      if (b) { b.textContent = text; }
    }
  }
  const status = document.getElementById("live-status");
  let source = null;
  get("/api/watch/aircraft").then((first) => {
    first.aircraft.forEach(show);
    if (first.aircraft.length) {
      const drawn = [...shown.values()].flatMap((v) => [v.marker, v.trail]);
      map.fitBounds(L.featureGroup(drawn).getBounds(), { padding: [40, 40], maxZoom: 5 });
    }
    el.dataset.shown = String(shown.size);
    el.dataset.ready = "true";
    source = new EventSource("/api/watch/stream?since=" + first.seq);
    source.onmessage = (event) => {
      const body = JSON.parse(event.data);
      body.aircraft.forEach((s) => { show(s); row(s); });
      el.dataset.shown = String(shown.size);
      // The banner only rises while the page is open: what was shown stays shown.
      if (body.aircraft.length) { get("/api/watch/aircraft").then((all) => setBanner(all.banner)); }
      status.textContent = shown.size + " watched aircraft shown · updated " +
        new Date().toISOString().slice(11, 19) + "Z";
    };
    source.onerror = () => {
      status.textContent = shown.size + " watched aircraft shown · reconnecting…";
    };
  });
}());
