// Case map: country polygons from the server (no tile server), coloured by each state's stance;
// the route as filed and the states it crosses; the chokepoint result kept with the case: its
// route options and the states of its blocking sets. Follows a running analysis (data-job).
(function () {
  "use strict";
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  const FILL = {
    cooperating: "#9ccc8c",
    denying: "#6fa8dc",
    permissive: "#e8a0a0",
    unknown: "#e8e4d8",
  };
  const map = L.map(el, { preferCanvas: true, worldCopyJump: true }).setView([30, 40], 3);
  const get = (url) => fetch(url, { credentials: "same-origin" }).then((r) => {
    if (!r.ok) { throw new Error(url + ": " + r.status); }
    return r.json();
  });
  Promise.all([get(el.dataset.airspace), get(el.dataset.route)]).then(([airspace, route]) => {
    const stances = route.stances || {};
    const found = route.chokepoints;
    const chokepoints = new Set(found ? found.states : []);
    const crossed = new Set(
      route.features.filter((f) => f.properties.role === "transit" && f.properties.state)
        .map((f) => f.properties.state));
    const stanceOf = (state) => stances[state] || "unknown";
    L.geoJSON(airspace, {
      style: (f) => {
        const state = f.properties.state;
        const style = { color: "#777", weight: 0.5, fillColor: FILL[stanceOf(state)] || FILL.unknown,
          fillOpacity: 0.9 };
        if (crossed.has(state)) { Object.assign(style, { color: "#d46a00", weight: 2.5 }); }
        if (chokepoints.has(state)) {
          Object.assign(style, { color: "#111", weight: 3, dashArray: "6 4" });
        }
        return style;
      },
      onEachFeature: (f, layer) => {
        const state = f.properties.state;
        const notes = [stanceOf(state)];
        if (crossed.has(state)) { notes.push("crossed"); }
        if (chokepoints.has(state)) { notes.push("chokepoint"); }
        layer.bindTooltip(state + " (" + notes.join(", ") + ")");
      },
    }).addTo(map);
    const options = route.features.filter((f) => f.properties.role === "option");
    L.geoJSON({ type: "FeatureCollection", features: options }, {
      style: () => ({ color: "#6a3d9a", weight: 2, dashArray: "8 6", opacity: 0.9 }),
      onEachFeature: (f, layer) => layer.bindTooltip(optionText(f.properties)),
    }).addTo(map);
    const filed = route.features.filter((f) => f.properties.role !== "option");
    const line = L.geoJSON({ type: "FeatureCollection", features: filed }, {
      style: () => ({ color: "#c0001a", weight: 3 }),
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 5, color: "#c0001a" })
        .bindTooltip(f.properties.name || ""),
    }).addTo(map);
    const drawn = filed.length ? line : L.geoJSON({ type: "FeatureCollection", features: options });
    if (route.features.length) { map.fitBounds(drawn.getBounds(), { padding: [20, 20] }); }
    const list = document.getElementById("map-options");
    if (list) {
      list.replaceChildren(...options.map((f) => {
        const item = document.createElement("li");
        item.textContent = optionText(f.properties);
        return item;
      }));
    }
    const basis = document.getElementById("map-stances");
    if (basis) {
      basis.textContent = route.stances_basis === "analysis"
        ? "States are coloured by the stances the kept analysis assumed (" + route.stances_as_of + ")."
        : "States are coloured by their stance today (the PSI prior: endorsers cooperating, "
          + "states of concern permissive).";
    }
    const summary = document.getElementById("map-chokepoints");
    if (summary) {
      summary.textContent = found && found.sets.length
        ? "Chokepoints kept with the case (" + found.recorded_at.slice(0, 10) + "): "
          + found.sets.map((s) => "{" + s.join(", ") + "}").join(", ")
        : (found ? "The chokepoint analysis kept with the case found no blocking set."
          : "No chokepoint analysis is kept with this case.");
    }
    el.dataset.ready = "true";
    el.dataset.states = Array.from(crossed).sort().join(",");
    el.dataset.chokepoints = Array.from(chokepoints).sort().join(",");
    el.dataset.stancesAsOf = route.stances_as_of || "";
    el.dataset.stancesBasis = route.stances_basis || "";
    el.dataset.options = String(options.length);
  }).catch((err) => {
    el.dataset.ready = "error";
    document.getElementById("map-legend").textContent = "Map unavailable: " + err.message;
  });
  function optionText(p) {
    return "Option " + p.rank + ": " + p.stops.join(" – ") + ", "
      + Math.round(p.distance_km).toLocaleString("en") + " km, touching " + p.states.join(", ");
  }
  // A chokepoint analysis started from this page: ask after it, reload the case when it is done.
  // Its Cancel form (a plain POST with the CSRF token) goes once the job has finished.
  const note = document.getElementById("job-status");
  const cancel = document.getElementById("job-cancel-form");
  const WAITING = {
    queued: "Chokepoint analysis queued: it starts when the analyses before it are done.",
    running: "Chokepoint analysis running: the map shows it when it is done.",
    cancelling: "Chokepoint analysis stopping: it was cancelled.",
  };
  if (note && el.dataset.job) {
    const poll = () => get("/api/jobs/" + encodeURIComponent(el.dataset.job)).then((job) => {
      note.dataset.state = job.state;
      if (WAITING[job.state]) {
        note.textContent = WAITING[job.state];
        if (cancel && job.state === "cancelling") { cancel.remove(); }
        setTimeout(poll, 3000);
        return;
      }
      if (job.state === "done") { window.location.replace(window.location.pathname); return; }
      if (cancel) { cancel.remove(); }
      note.textContent = job.state === "cancelled"
        ? "The chokepoint analysis was cancelled: nothing was kept."
        : "The chokepoint analysis failed: " + job.error;
    }).catch((err) => { note.textContent = "Cannot follow the analysis: " + err.message; });
    poll();
  }
}());
