/* frontline map tools: place search, distance measure, place labels at close zoom, a compact
 * layer panel and the timeline's day window. Hand-written, no dependency beyond Leaflet.
 *
 * frontlineTools(map, options) is called once per page (on a day map by mapevents.js once it
 * has drawn the page's events, on the timeline by a script frontline renders), with
 *   events    the day map's events layer (FeatureGroup or MarkerCluster), or null
 *   timeline  the timeline layer, or null;  slider  its slider control, or null
 *   places    [[name, lat, lon, [noon ms of each day, timeline only]], ...] from the page's
 *             own events; names are report text, so they only ever reach the DOM as textContent
 *   labelZoom labels are drawn from this zoom on
 *   windows   [[days, label], ...] for the timeline's window (0 days: all so far)
 */
(function () {
    "use strict";
    var DAY = 86400000;

    // Case-, accent- and apostrophe-insensitive form of a name: "Kup'yans'k" ~ "kupyansk".
    function fold(text) {
        return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
            .toLowerCase().replace(/['’ʼ`]/g, "").replace(/[\s\-‐–]+/g, " ").trim();
    }

    function key(lat, lon) { return lat.toFixed(5) + "," + lon.toFixed(5); }

    function isEvent(layer) {
        return layer.getLatLng && / fl-event /.test(" " + (layer.options.className || "") + " ");
    }

    // Every event marker the page holds now (filtered-out ones are not in the day layer).
    function markers(o) {
        var all = [];
        if (o.events) { all = o.events.getLayers(); }
        if (o.timeline) { all = all.concat(o.timeline.getLayers()); }
        return all.filter(isEvent);
    }

    // Markers the reader sees: on the map (not inside a cluster bubble), not hidden by a filter.
    function shownMarkers(o) {
        return markers(o).filter(function (m) {
            return m._map && m._path && m._path.isConnected &&
                getComputedStyle(m._path).display !== "none";
        });
    }

    function findMarker(o, k) {
        var all = markers(o);
        for (var i = 0; i < all.length; i++) {
            var ll = all[i].getLatLng();
            if (key(ll.lat, ll.lng) === k) { return all[i]; }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------
    // Place search

    function searchControl(map, o) {
        var entries = null; // built at the first search, not while the page loads
        function index() {
            if (entries) { return entries; }
            entries = [];
            var seen = {};
            o.places.forEach(function (p) {
                var id = p[0] + "|" + key(p[1], p[2]);
                if (seen[id]) { return; }
                seen[id] = true;
                entries.push({
                    name: p[0], folded: fold(p[0]), lat: p[1], lon: p[2], days: p[3] || []
                });
            });
            return entries;
        }
        var Search = L.Control.extend({
            options: {position: "topleft"},
            onAdd: function () {
                var box = L.DomUtil.create("div", "leaflet-bar fl-search");
                var input = L.DomUtil.create("input", "fl-search-input", box);
                input.type = "search";
                input.placeholder = "Find a place";
                input.setAttribute("aria-label", "Find a place on this map");
                var list = L.DomUtil.create("ul", "fl-search-results", box);
                var note = L.DomUtil.create("div", "fl-search-note", box);
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);

                function show() {
                    var q = fold(input.value);
                    list.textContent = "";
                    note.textContent = "";
                    if (!q) { return; }
                    var hits = index().filter(function (e) {
                        return e.folded.indexOf(q) >= 0;
                    });
                    hits.sort(function (a, b) {
                        var pa = a.folded.indexOf(q) === 0 ? 0 : 1;
                        var pb = b.folded.indexOf(q) === 0 ? 0 : 1;
                        return pa - pb || a.name.localeCompare(b.name);
                    });
                    if (!hits.length) { note.textContent = "no place of this map matches"; }
                    hits.slice(0, 8).forEach(function (e) {
                        var item = L.DomUtil.create("li", "fl-search-hit", list);
                        item.textContent = e.name;
                        item.tabIndex = 0;
                        item.addEventListener("click", function (ev) {
                            // go() empties the list: a detached target would no longer be
                            // known as inside the control, and the map would take the click
                            // (closing the popup just opened).
                            ev.stopPropagation();
                            go(e);
                        });
                        item.addEventListener("keydown", function (ev) {
                            if (ev.key === "Enter") { go(e); }
                        });
                    });
                }

                function go(e) {
                    var k = key(e.lat, e.lon);
                    list.textContent = "";
                    input.value = e.name;
                    if (o.slider && e.days.length && !findMarker(o, k)) {
                        // On the timeline: go to the place's day nearest the one shown.
                        var t = o.slider.time;
                        var best = e.days.reduce(function (a, b) {
                            return Math.abs(b - t) < Math.abs(a - t) ? b : a;
                        });
                        o.slider.setTime(best);
                    }
                    var marker = findMarker(o, k);
                    var ll = L.latLng(e.lat, e.lon);
                    var zoom = Math.max(map.getZoom(), o.searchZoom);
                    if (!marker) {
                        map.setView(ll, zoom, {animate: false});
                        note.textContent = "its events are switched off in the layer panel";
                        return;
                    }
                    if (o.events && o.events.zoomToShowLayer && map.hasLayer(o.events)) {
                        map.setView(ll, zoom, {animate: false});
                        o.events.zoomToShowLayer(marker, function () { marker.openPopup(); });
                    } else {
                        map.setView(ll, zoom, {animate: false});
                        marker.openPopup();
                    }
                }

                input.addEventListener("input", show);
                input.addEventListener("keydown", function (ev) {
                    if (ev.key === "Enter") {
                        var first = list.querySelector("li");
                        if (first) { first.click(); }
                        ev.preventDefault();
                    } else if (ev.key === "Escape") {
                        input.value = "";
                        show();
                    }
                });
                return box;
            }
        });
        new Search().addTo(map);
    }

    // ---------------------------------------------------------------------------------------
    // Measure: click two points, read the great-circle distance

    function measureControl(map) {
        var Measure = L.Control.extend({
            options: {position: "topleft"},
            onAdd: function () {
                var box = L.DomUtil.create("div", "leaflet-bar fl-measure");
                var button = L.DomUtil.create("a", "fl-measure-toggle", box);
                button.href = "#";
                button.setAttribute("role", "button");
                button.title = "Measure a distance: click two points on the map";
                button.textContent = "km";
                var out = L.DomUtil.create("div", "fl-measure-out", box);
                var drawn = L.layerGroup();
                var points = [];
                var active = false;
                L.DomEvent.disableClickPropagation(box);

                function reset() {
                    points = [];
                    drawn.clearLayers();
                }
                function toggle(on) {
                    active = on;
                    reset();
                    out.textContent = on ? "click two points" : "";
                    L.DomUtil[on ? "addClass" : "removeClass"](box, "fl-active");
                    L.DomUtil[on ? "addClass" : "removeClass"](map.getContainer(), "fl-measuring");
                    if (on) { drawn.addTo(map); } else { drawn.remove(); }
                }
                L.DomEvent.on(button, "click", function (ev) {
                    L.DomEvent.preventDefault(ev);
                    toggle(!active);
                });
                map.on("click", function (ev) {
                    if (!active) { return; }
                    if (points.length === 2) { reset(); }
                    points.push(ev.latlng);
                    L.circleMarker(ev.latlng, {
                        radius: 4, color: "#111", weight: 2, fillOpacity: 1,
                        interactive: false, className: "fl-measure-point"
                    }).addTo(drawn);
                    if (points.length === 1) {
                        out.textContent = "click the second point";
                        return;
                    }
                    var km = map.distance(points[0], points[1]) / 1000;
                    var text = (km < 10 ? km.toFixed(2) : km.toFixed(1)) + " km";
                    L.polyline(points, {
                        color: "#111", weight: 2, dashArray: "6 4", interactive: false,
                        className: "fl-measure-line"
                    }).addTo(drawn);
                    out.textContent = text;
                    out.setAttribute("data-km", km.toFixed(4));
                });
                map.getContainer().addEventListener("keydown", function (ev) {
                    if (active && ev.key === "Escape") { toggle(false); }
                });
                return box;
            }
        });
        new Measure().addTo(map);
    }

    // ---------------------------------------------------------------------------------------
    // Place labels: names next to the shown markers, only from labelZoom on

    function placeLabels(map, o) {
        var names = {};
        o.places.forEach(function (p) {
            var k = key(p[1], p[2]);
            names[k] = names[k] || [];
            if (names[k].indexOf(p[0]) < 0) { names[k].push(p[0]); }
        });
        var group = L.layerGroup().addTo(map);
        var pending = null;
        function update() {
            pending = null;
            group.clearLayers();
            if (map.getZoom() < o.labelZoom) { return; }
            var bounds = map.getBounds().pad(0.2);
            var done = {};
            shownMarkers(o).forEach(function (m) {
                var ll = m.getLatLng();
                var k = key(ll.lat, ll.lng);
                if (done[k] || !names[k] || !bounds.contains(ll)) { return; }
                done[k] = true;
                var text = document.createElement("span");
                text.textContent = names[k].join(" / ");
                L.tooltip({
                    permanent: true, direction: "right", offset: [8, 0], interactive: false,
                    className: "fl-place-label"
                }).setLatLng(ll).setContent(text).addTo(group);
            });
        }
        function later() {
            if (pending === null) { pending = window.setTimeout(update, 0); }
        }
        map.on("zoomend moveend overlayadd overlayremove", later);
        if (o.events && o.events.on) { o.events.on("animationend", later); }
        if (o.timeline) { o.timeline.on("change", later); }
        update();
    }

    // ---------------------------------------------------------------------------------------
    // Layer panel: the filter groups fold (one open at a time), long groups in two columns

    function compactPanel(map) {
        var groups = map.getContainer().querySelectorAll(".leaflet-control-layers-group");
        if (!groups.length) { return; }
        var panel = groups[0].parentNode;
        while (panel && !L.DomUtil.hasClass(panel, "leaflet-control-layers")) {
            panel = panel.parentNode;
        }
        if (panel) {
            panel.addEventListener("mouseleave", function () {
                panel.style.minHeight = "";
                panel.style.minWidth = "";
            });
        }
        var folding = Array.prototype.slice.call(groups, 1); // the first, "Layers", stays open
        folding.forEach(function (group) {
            var entries = group.querySelectorAll("label:not(.leaflet-control-layers-group-label)");
            var head = group.querySelector(".leaflet-control-layers-group-label");
            var name = group.querySelector(".leaflet-control-layers-group-name");
            L.DomUtil.addClass(group, "fl-folded");
            if (entries.length > 6) { L.DomUtil.addClass(group, "fl-two-columns"); }
            var count = document.createElement("span");
            count.className = "fl-group-count";
            count.textContent = " (" + entries.length + ")";
            name.appendChild(count);
            head.setAttribute("role", "button");
            head.setAttribute("aria-expanded", "false");
            head.tabIndex = 0;
            function flip(ev) {
                if (ev) { ev.preventDefault(); }
                // Keep the panel's size while the pointer is on it: folding a long group above
                // must not pull the panel from under the pointer (which would collapse it).
                if (panel) {
                    panel.style.minHeight = panel.offsetHeight + "px";
                    panel.style.minWidth = panel.offsetWidth + "px";
                }
                var opening = L.DomUtil.hasClass(group, "fl-folded");
                folding.forEach(function (other) {
                    L.DomUtil.addClass(other, "fl-folded");
                    other.querySelector(".leaflet-control-layers-group-label")
                        .setAttribute("aria-expanded", "false");
                });
                if (opening) {
                    L.DomUtil.removeClass(group, "fl-folded");
                    head.setAttribute("aria-expanded", "true");
                }
            }
            head.addEventListener("click", flip);
            head.addEventListener("keydown", function (ev) {
                if (ev.key === "Enter" || ev.key === " ") { flip(ev); }
            });
            // Show which groups have values switched off, even when folded.
            group.addEventListener("change", function () {
                var off = group.querySelectorAll("input:not(:checked)").length;
                L.DomUtil[off ? "addClass" : "removeClass"](group, "fl-some-off");
            });
        });
    }

    // ---------------------------------------------------------------------------------------
    // Timeline window: this day, the last N days, or everything up to the day shown

    function timelineWindow(map, o) {
        var timeline = o.timeline;
        var span = 1;
        timeline.updateDisplayedLayers = function () {
            var t = this.time;
            var wanted = span === 1 ? this.ranges.lookup(t)
                : this.ranges.overlap(span ? t - (span - 1) * DAY : -Infinity, t);
            var want = new Set(wanted);
            var self = this;
            this.getLayers().forEach(function (layer) {
                if (want.has(layer.feature)) { want.delete(layer.feature); }
                else { self.removeLayer(layer); }
            });
            want.forEach(function (feature) { self.addData(feature); });
            // Events of earlier days in the window are drawn paler than the day shown.
            var today = t - t % DAY;
            this.getLayers().forEach(function (layer) {
                var el = layer._path || layer.getElement && layer.getElement();
                var end = layer.feature && new Date(layer.feature.properties.end).getTime();
                if (el) { L.DomUtil[end < today ? "addClass" : "removeClass"](el, "fl-earlier"); }
            });
        };
        var box = L.DomUtil.create("label", "fl-window");
        box.appendChild(document.createTextNode("show "));
        var select = L.DomUtil.create("select", "fl-window-select", box);
        select.setAttribute("aria-label", "Which days the map shows");
        o.windows.forEach(function (w) {
            var option = L.DomUtil.create("option", "", select);
            option.value = String(w[0]);
            option.textContent = w[1];
        });
        L.DomEvent.disableClickPropagation(box);
        select.addEventListener("change", function () {
            span = parseInt(select.value, 10);
            timeline.setTime(timeline.time);
        });
        var holder = o.slider.container.querySelector(".sldr-ctrl-container") || o.slider.container;
        holder.appendChild(box);
    }

    window.frontlineTools = function (map, o) {
        if (o.timeline && o.slider && o.windows && o.windows.length) { timelineWindow(map, o); }
        searchControl(map, o);
        measureControl(map);
        placeLabels(map, o);
        compactPanel(map);
    };
})();
