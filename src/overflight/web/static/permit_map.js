// Screening page: for each permit request screened, the states it asks against those its route
// crosses, on country polygons from the server (no tile server). The route and each state's role
// come from the page (the map element's data-route, written by the server), not another request.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  const FILL = {
    "asked-crossed": "#9ccc8c",
    "crossed-not-asked": "#f0a040",
    "asked-not-crossed": "#6fa8dc",
    end: "#d8d0c0",
  };
  const maps = Array.from(document.querySelectorAll(".permit-map"));
  if (!maps.length) { return; }
  const url = maps[0].dataset.airspace;
  fetch(url, { credentials: "same-origin" }).then((r) => {
    if (!r.ok) { throw new Error(url + ": " + r.status); }
    return r.json();
  }).then((airspace) => {
    for (const el of maps) {
      const data = JSON.parse(el.dataset.route);
      const roles = data.states || {};
      const map = L.map(el, { preferCanvas: true, worldCopyJump: true }).setView([35, 45], 3);
      L.geoJSON(airspace, {
        style: (f) => ({ color: "#777", weight: 0.5, fillOpacity: 0.9,
          fillColor: FILL[roles[f.properties.state]] || "#f4f1ea" }),
        onEachFeature: (f, layer) => {
          const role = roles[f.properties.state];
          layer.bindTooltip(f.properties.state + (role ? " (" + role + ")" : ""));
        },
      }).addTo(map);
      const line = L.geoJSON(data, { style: () => ({ color: "#c0001a", weight: 3 }) }).addTo(map);
      if (data.features.length) { map.fitBounds(line.getBounds(), { padding: [20, 20] }); }
      el.dataset.states = Object.keys(roles).sort().join(",");
      el.dataset.ready = "true";
    }
  }).catch((err) => {
    for (const el of maps) { el.textContent = "The map could not be drawn: " + err.message; }
  });
}());
