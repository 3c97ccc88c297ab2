// Case map: country polygons from the server (no tile server), the route, states crossed.
(function () {
  "use strict";
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  const map = L.map(el, { preferCanvas: true, worldCopyJump: true }).setView([30, 40], 3);
  const get = (url) => fetch(url, { credentials: "same-origin" }).then((r) => {
    if (!r.ok) { throw new Error(url + ": " + r.status); }
    return r.json();
  });
  Promise.all([get(el.dataset.airspace), get(el.dataset.route)]).then(([airspace, route]) => {
    const crossed = new Set(
      route.features.filter((f) => f.properties.role === "transit" && f.properties.state)
        .map((f) => f.properties.state));
    L.geoJSON(airspace, {
      style: (f) => crossed.has(f.properties.state)
        ? { color: "#8a4b00", weight: 1, fillColor: "#f4a340", fillOpacity: 0.8 }
        : { color: "#777", weight: 0.5, fillColor: "#e8e4d8", fillOpacity: 1 },
      onEachFeature: (f, layer) => layer.bindTooltip(f.properties.state),
    }).addTo(map);
    const line = L.geoJSON(route, {
      style: () => ({ color: "#c0001a", weight: 3 }),
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 5, color: "#c0001a" })
        .bindTooltip(f.properties.name || ""),
    }).addTo(map);
    if (route.features.length) { map.fitBounds(line.getBounds(), { padding: [20, 20] }); }
    el.dataset.ready = "true";
    el.dataset.states = Array.from(crossed).sort().join(",");
  }).catch((err) => {
    el.dataset.ready = "error";
    document.getElementById("map-legend").textContent = "Map unavailable: " + err.message;
  });
}());
