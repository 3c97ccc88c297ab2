// Case map: country polygons from the server (no tile server), coloured by each state's stance;
// the route and the states it crosses; the states of the case's chokepoint result.
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
    const line = L.geoJSON(route, {
      style: () => ({ color: "#c0001a", weight: 3 }),
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 5, color: "#c0001a" })
        .bindTooltip(f.properties.name || ""),
    }).addTo(map);
    if (route.features.length) { map.fitBounds(line.getBounds(), { padding: [20, 20] }); }
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
  }).catch((err) => {
    el.dataset.ready = "error";
    document.getElementById("map-legend").textContent = "Map unavailable: " + err.message;
  });
}());
