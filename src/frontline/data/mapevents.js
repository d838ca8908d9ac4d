/* frontline map events: draws a page's events from the JSON data frontline writes into the page
 * (frontline.render_data). Hand-written, no dependency beyond Leaflet, leaflet-groupedlayercontrol
 * and, on dense days, Leaflet.markercluster. Report text reaches the DOM only as text nodes
 * (textContent), never as HTML.
 *
 *   frontlineDayMap(map, data)       a day page: markers with popups and tooltips, offset areas,
 *                                    anchor lines, "new" rings, oblast boundaries, the layer
 *                                    panel with its filter switches, then the map tools
 *   frontlineBindEvent(layer, i)     a timeline marker: the popup and tooltip of record i of the
 *                                    page's data block
 *   frontlineSwitches(map, events, switches)
 *                                    the layer panel's filter switches: [[layer, hide class,
 *                                    token], ...]; events is the events layer or null
 *   frontlineBoundaryLayer(group)    the oblast boundaries (frontlineBoundaries, set by
 *                                    lib/frontline/boundaries.js) drawn into group
 *
 * A record (one event): id, f its filter classes, k its stack (events drawn at one point share
 * it; their popup lists them all), tip, q quotes, rows [[key, text, small, href], ...]; on day
 * pages also ll [lat, lon], s/c its style (index into data.styles) and classes, region/rs,
 * anchor/ls and new.
 */
(function () {
    "use strict";
    var DATA_ID = "fl-page-data";
    var BOUNDARY_STYLE = {
        color: "#555555", weight: 1.2, opacity: 0.8, fill: false, className: "fl-boundary"
    };
    var page = null; // the timeline's data, parsed at its first marker

    function node(tag, cls, parent, text) {
        var n = document.createElement(tag);
        if (cls) { n.className = cls; }
        if (text !== undefined && text !== null) { n.textContent = text; }
        if (parent) { parent.appendChild(n); }
        return n;
    }

    // For the layer panel, whose plugin sets names as HTML.
    function escapeHtml(text) {
        return String(text).replace(/[&<>"']/g, function (c) {
            return "&#" + c.charCodeAt(0) + ";";
        });
    }

    // Links only to relative paths and file:/http(s): URLs (frontline writes nothing else).
    function safeHref(href) {
        var scheme = /^([a-z][a-z0-9+.\-]*):/i.exec(href);
        return !scheme || /^(file|https?)$/i.test(scheme[1]);
    }

    function indexStacks(data) {
        data.stacks = {};
        data.events.forEach(function (r) {
            (data.stacks[r.k] = data.stacks[r.k] || []).push(r);
        });
        return data;
    }

    function popupNode(r) {
        var box = node("div", "fl-popup");
        box.setAttribute("data-fl-id", r.id);
        r.q.forEach(function (q) { node("blockquote", "", box, q); });
        var rows = node("tbody", "", node("table", "", box));
        r.rows.forEach(function (row) {
            var tr = node("tr", "", rows);
            node("th", "", tr, row[0]);
            var td = node("td", "", tr);
            if (row[3] && safeHref(row[3])) {
                var a = node("a", "", td, row[1]);
                a.setAttribute("href", row[3]);
                a.setAttribute("target", "_blank");
                a.setAttribute("rel", "noopener");
            } else {
                td.appendChild(document.createTextNode(row[1]));
            }
            if (row[2] !== undefined && row[2] !== null) {
                td.appendChild(document.createTextNode(" "));
                node("small", "", td, row[2]);
            }
        });
        return box;
    }

    // One popup per point: markers drawn at the same point overlap, so only the top one can be
    // clicked; its popup lists them all, each entry carrying its filter classes (a switched-off
    // value hides the entry as it hides the marker).
    function popupContent(data, r) {
        var stack = data.stacks[r.k];
        if (stack.length === 1) { return popupNode(r); }
        var box = node("div", "fl-stack");
        node("div", "fl-stack-head", box, stack.length + " events at this point");
        stack.forEach(function (s) {
            node("div", "fl-stack-item " + s.f, box).appendChild(popupNode(s));
        });
        return box;
    }

    // Content is built when a popup or tooltip opens, not for every marker as the page loads.
    function bind(layer, data, r) {
        layer.bindPopup(function () { return popupContent(data, r); },
            {maxWidth: data.popupMaxWidth});
        layer.bindTooltip(function () { return node("div", "", null, r.tip); }, {sticky: true});
    }

    function switches(map, events, list) {
        var all = events ? events.getLayers() : [];
        function shown(marker, hidden) {
            var cls = " " + (marker.options.className || "") + " ";
            for (var i = 0; i < hidden.length; i++) {
                if (cls.indexOf(" " + hidden[i] + " ") >= 0) { return false; }
            }
            return true;
        }
        // CSS hides every shape of a switched-off value (the container's fl-hide-* classes);
        // the markers also leave the events layer, so that clusters count only what is shown.
        function sync() {
            var box = map.getContainer();
            var hidden = [];
            list.forEach(function (s) {
                if (map.hasLayer(s[0])) { L.DomUtil.removeClass(box, s[1]); }
                else { L.DomUtil.addClass(box, s[1]); hidden.push(s[2]); }
            });
            if (!events) { return; }
            var keep = all.filter(function (m) { return shown(m, hidden); });
            if (keep.length === events.getLayers().length) { return; }
            map.closePopup();
            events.clearLayers();
            if (events.addLayers) { events.addLayers(keep); }
            else { keep.forEach(function (m) { events.addLayer(m); }); }
        }
        map.on("overlayadd overlayremove", function (e) {
            if (e.layer !== events) { sync(); }
        });
        sync();
    }

    function boundaries(group) {
        if (window.frontlineBoundaries) {
            L.geoJson(window.frontlineBoundaries, {
                interactive: false,
                style: function () { return BOUNDARY_STYLE; }
            }).addTo(group);
        }
        return group;
    }

    window.frontlineDayMap = function (map, data) {
        indexStacks(data);
        var v = data.view;
        if (v.bounds) {
            map.fitBounds(v.bounds, {padding: v.padding, maxZoom: v.maxZoom, animate: false});
        } else {
            map.setView(v.centre, v.zoom, {animate: false});
        }
        var names = data.layers;
        var styles = data.styles;
        function style(i, cls) { return L.extend({}, styles[i], {className: cls}); }
        var offsets = L.featureGroup();
        var lines = L.featureGroup();
        var rings = L.featureGroup();
        var events = names.cluster ? L.markerClusterGroup(names.cluster) : L.featureGroup();
        var markers = [];
        data.events.forEach(function (r) {
            if (r.region) {
                L.polygon(r.region, style(r.rs, "fl-uncertainty " + r.f)).addTo(offsets);
            }
            if (r.anchor) {
                L.polyline([r.anchor, r.ll], style(r.ls, "fl-anchor-line " + r.f)).addTo(lines);
            }
            var marker = L.circleMarker(r.ll, style(r.s, r.c + " " + r.f));
            bind(marker, data, r);
            markers.push(marker);
            if (r["new"]) {
                L.circleMarker(r.ll, style(data.ring, "fl-new " + r.f)).addTo(rings);
            }
        });
        if (events.addLayers) { events.addLayers(markers); }
        else { markers.forEach(function (m) { events.addLayer(m); }); }

        // The panel's "Layers" group, in drawing order (later ones on top).
        var real = [];
        if (names.boundaries) { real.push([names.boundaries, boundaries(L.featureGroup()), true]); }
        real.push([names.offsets, offsets, true], [names.lines, lines, names.linesShown],
            [names.events, events, true]);
        if (names["new"]) { real.push([names["new"], rings, true]); }
        var groups = {Layers: {}};
        real.forEach(function (entry) {
            if (entry[2]) { entry[1].addTo(map); }
            groups.Layers[escapeHtml(entry[0])] = entry[1];
        });
        var list = [];
        data.filters.forEach(function (group) {
            var entries = {};
            group[1].forEach(function (e) {
                var layer = L.featureGroup().addTo(map); // empty: only its checkbox matters
                entries[escapeHtml(e[0])] = layer;
                list.push([layer, e[1], e[2]]);
            });
            groups[escapeHtml(group[0])] = entries;
        });
        L.control.groupedLayers(null, groups, {collapsed: true}).addTo(map);
        switches(map, events, list);
        window.frontlineTools(map, {
            events: events, timeline: null, slider: null, places: data.places,
            labelZoom: data.labelZoom, searchZoom: data.searchZoom, windows: []
        });
    };

    window.frontlineBindEvent = function (layer, i) {
        if (!page) {
            var block = document.getElementById(DATA_ID);
            page = indexStacks(block ? JSON.parse(block.textContent) : {events: []});
        }
        if (page.events[i]) { bind(layer, page, page.events[i]); }
    };

    window.frontlineSwitches = switches;
    window.frontlineBoundaryLayer = boundaries;
})();
