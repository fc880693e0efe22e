"""The OGC API – Features routes: landing page, conformance, collections, items, item.

JSON by default (``f=json``, ``Accept: */*`` or none), GeoJSON for features, and each resource
as an HTML page in the site's layout (``f=html``, or an Accept header preferring HTML).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlencode

import orjson
from flask import Response, current_app, render_template, request, url_for
from flask_babel import gettext

from arealweb import __version__
from arealweb.api.errors import GEOJSON, JSON
from arealweb.api.features import feature_cache
from arealweb.api.ogc import openapi, params
from arealweb.api.ogc.blueprint import ogc
from arealweb.api.ogc.collections import COLLECTIONS, Collection, visible_collections
from arealweb.domain.errors import NotFound
from arealweb.domain.filters import queryables_schema
from arealweb.domain.text import N_
from arealweb.domain.zones import Zone
from arealweb.geo.crs import CRS84, STORAGE_CRS, OgcCrs
from arealweb.geo.geojson import dumps, geometries_json
from arealweb.http.store import current_store
from arealweb.services import ogc as service
from arealweb.services.listing import Listing

HTML = "text/html"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
    "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
    "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags",
]
"""Only what tests/api/ogc proves."""
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA_JSON = "application/schema+json"
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
TRS = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
TITLE = N_("Arealstrategien for Bærum som kartdata (OGC API – Features)")
DESCRIPTION = N_(
    "Sonene, kommunegrensen, stasjonene, måltreet, koblingene mellom soner og mål og de "
    "publiserte innspillene i arealweb, som en OGC API – Features-tjeneste for QGIS, GDAL og "
    "andre kartprogrammer."
)


def _url(endpoint: str, pairs: list[tuple[str, str]] | None = None, **values) -> str:
    base = url_for(endpoint, _external=True, **values)
    return f"{base}?{urlencode(pairs)}" if pairs else base


def _kept(dropped: tuple[str, ...]) -> list[tuple[str, str]]:
    """The request's query parameters but ``dropped``, each (name, value) once."""
    pairs = request.args.items(multi=True)
    return list(dict.fromkeys((k, v) for k, v in pairs if k not in dropped))


def _link(href: str, rel: str, type: str, title: str) -> dict:
    return {"href": href, "rel": rel, "type": type, "title": title}


def _self_links(endpoint: str, json_type: str = JSON, **values) -> list[dict]:
    """``self`` and ``alternate`` for the JSON and HTML forms of this resource, keeping the
    request's other query parameters."""
    kept = _kept(("f",))
    as_html = params.wants_html()
    json_link = _url(endpoint, [*kept, ("f", "json")], **values)
    html_link = _url(endpoint, [*kept, ("f", "html")], **values)
    return [
        _link(
            html_link if as_html else json_link,
            "self",
            HTML if as_html else json_type,
            gettext("Denne siden") if as_html else gettext("Dette dokumentet"),
        ),
        _link(
            json_link if as_html else html_link,
            "alternate",
            json_type if as_html else HTML,
            gettext("Som JSON") if as_html else gettext("Som HTML"),
        ),
    ]


def _answer(document: dict | bytes, template: str, mimetype: str = JSON, **context) -> Response:
    if params.wants_html():
        if isinstance(document, bytes):
            document = orjson.loads(document)
        response = Response(render_template(template, doc=document, **context), mimetype=HTML)
    else:
        body = document if isinstance(document, bytes) else dumps(document)
        response = Response(body, mimetype=mimetype)
    response.headers["Vary"] = "Accept, Cookie, Authorization"
    return response


@ogc.get("/")
def landing() -> Response:
    params.only(params.ITEMS_PARAMETERS)
    base = url_for("ogc.landing", _external=True)
    document = {
        "title": gettext(TITLE),
        "description": gettext(DESCRIPTION),
        "links": [
            *_self_links("ogc.landing"),
            _link(base + "api", "service-desc", OPENAPI, gettext("API-beskrivelsen (OpenAPI 3.0)")),
            _link(base + "api?f=html", "service-doc", HTML, gettext("API-beskrivelsen som side")),
            _link(
                _url("ogc.conformance"),
                "conformance",
                JSON,
                gettext("Standardene tjenesten følger"),
            ),
            _link(_url("ogc.collections"), "data", JSON, gettext("Samlingene")),
        ],
    }
    return _answer(document, "ogc_landing.html")


@ogc.get("/api")
def api_definition() -> Response:
    """The OpenAPI 3.0 document of this service (f=html: as a page)."""
    params.only(())
    document = openapi.document(
        url_for("ogc.landing", _external=True).rstrip("/"),
        current_app.config["OGC_DEFAULT_LIMIT"],
        current_app.config["OGC_MAX_LIMIT"],
    )
    if params.wants_html():
        return _answer(document, "ogc_api.html")
    response = Response(dumps(document), content_type=OPENAPI)
    response.headers["Vary"] = "Accept"
    return response


@ogc.get("/conformance")
def conformance() -> Response:
    params.only(params.ITEMS_PARAMETERS)
    document = {"conformsTo": CONFORMANCE, "links": _self_links("ogc.conformance")}
    return _answer(document, "ogc_landing.html", conformance=True)


def find_collection(collection_id: str) -> Collection:
    found = COLLECTIONS.get(collection_id)
    if found is None or not found.visible():
        raise NotFound(N_("fant ingen samling med id %(id)s"), id=collection_id)
    return found


def _extent(collection: Collection, zone_extents: dict | None) -> tuple:
    """The collection's WGS84 bounds and time span; zones' from ``zone_extents`` (read once
    for every zone collection), others' from their items (none to read without geometry or
    time)."""
    if collection.zones:
        if zone_extents is None:
            zone_extents = service.zone_extents(current_store())
        return zone_extents.get(collection.kind, (None, None))
    if not collection.geometry and not collection.temporal:
        return None, None
    return service.extent(collection.read(current_store()))


def _collection_json(
    collection: Collection, links: list[dict] | None = None, zone_extents: dict | None = None
) -> dict:
    bounds, times = _extent(collection, zone_extents)
    extent: dict = {}
    if bounds is not None:
        extent["spatial"] = {"bbox": [list(bounds)], "crs": CRS84.uri}
    if collection.temporal and times is not None:
        extent["temporal"] = {
            "interval": [
                [t.astimezone(UTC).isoformat().replace("+00:00", "Z") if t else None for t in times]
            ],
            "trs": TRS,
        }
    items = url_for("ogc.items", collection_id=collection.id, _external=True)
    document = {
        "id": collection.id,
        "title": gettext(collection.title),
        "description": gettext(collection.description),
        "itemType": "feature",
        "links": [
            *(
                links
                or [
                    _link(
                        _url("ogc.collection", collection_id=collection.id),
                        "self",
                        JSON,
                        gettext(collection.title),
                    )
                ]
            ),
            _link(items + "?f=json", "items", GEOJSON, gettext("Objektene som GeoJSON")),
            _link(items + "?f=html", "items", HTML, gettext("Objektene som HTML")),
            _link(
                _url("ogc.queryables", collection_id=collection.id),
                QUERYABLES_REL,
                SCHEMA_JSON,
                gettext("Egenskapene et filter kan bruke"),
            ),
        ],
        "extent": extent,
        "crs": [c.uri for c in collection.crs],
    }
    if collection.geometry:
        document["storageCrs"] = STORAGE_CRS.uri
    return document


@ogc.get("/collections")
def collections() -> Response:
    params.only(params.ITEMS_PARAMETERS)
    extents = service.zone_extents(current_store())
    document = {
        "links": _self_links("ogc.collections"),
        "collections": [_collection_json(c, zone_extents=extents) for c in visible_collections()],
        "crs": [c.uri for c in COLLECTIONS["zones"].crs],
    }
    return _answer(document, "ogc_collections.html")


@ogc.get("/collections/<collection_id>")
def collection(collection_id: str) -> Response:
    """One collection. It accepts (and ignores) its items' parameters: GDAL copies those of
    a connection URL naming the collection to every request, this one included."""
    found = find_collection(collection_id)
    params.only([*params.ITEMS_PARAMETERS, *found.parameters])
    document = _collection_json(found, _self_links("ogc.collection", collection_id=collection_id))
    return _answer(document, "ogc_collections.html", single=True)


def _items_query(found: Collection) -> service.ItemsQuery:
    params.only([*params.ITEMS_PARAMETERS, *found.parameters])
    return service.ItemsQuery(
        limit=params.limit(),
        offset=params.offset(),
        bbox=params.bbox(found.crs),
        datetime_range=params.datetime_range() if found.temporal else None,
        crs=params.crs("crs", found.crs),
        where=params.where(found.queryables, found.crs),
    )


@ogc.get("/collections/<collection_id>/queryables")
def queryables(collection_id: str) -> Response:
    """What a filter on the collection may name, as JSON Schema (Part 3); f=html: a page."""
    found = find_collection(collection_id)
    params.only(())
    document = queryables_schema(
        found.queryables,
        gettext(found.title),
        _url("ogc.queryables", collection_id=found.id),
        gettext,
    )
    links = _self_links("ogc.queryables", SCHEMA_JSON, collection_id=found.id)
    response = _answer(document, "ogc_queryables.html", SCHEMA_JSON, collection=found, links=links)
    return response


def _page_links(found: Collection, query: service.ItemsQuery, matched: int, returned: int):
    links = _self_links("ogc.items", GEOJSON, collection_id=found.id)
    kept = _kept(("offset",))
    as_html = params.wants_html()
    kind = HTML if as_html else GEOJSON
    if query.offset + query.limit < matched:
        pairs = [*kept, ("offset", str(query.offset + query.limit))]
        links.append(
            _link(
                _url("ogc.items", pairs, collection_id=found.id),
                "next",
                kind,
                gettext("Neste side"),
            )
        )
    if query.offset > 0:
        pairs = [*kept, ("offset", str(max(query.offset - query.limit, 0)))]
        links.append(
            _link(
                _url("ogc.items", pairs, collection_id=found.id),
                "prev",
                kind,
                gettext("Forrige side"),
            )
        )
    links.append(
        _link(
            _url("ogc.collection", collection_id=found.id), "collection", JSON, gettext(found.title)
        )
    )
    return links


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _items_body(features: bytes, matched: int, returned: int, links: list[dict]) -> bytes:
    return (
        b'{"type":"FeatureCollection","features":['
        + features
        + b'],"numberMatched":%d,"numberReturned":%d,"timeStamp":%s,"links":%s}'
        % (matched, returned, dumps(_now()), dumps(links))
    )


def _small_features(items: list[service.Item], crs: OgcCrs) -> bytes:
    geometries = geometries_json([i.geometry for i in items], crs)
    return dumps(
        [
            {"type": "Feature", "id": i.id, "geometry": g, "properties": i.properties}
            for i, g in zip(items, geometries, strict=True)
        ]
    )[1:-1]


def _etag(*parts: object) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}|{request.query_string.decode()}".encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


def _conditional(etag: str, crs: OgcCrs) -> Response | None:
    """304 when the client has this answer already (JSON only: pages carry a fresh form token)."""
    if params.wants_html() or etag not in request.if_none_match:
        return None
    return Response(status=304, headers=geojson_headers(etag, crs))


def geojson_headers(etag: str, crs: OgcCrs) -> dict:
    return {
        "ETag": f'"{etag}"',
        "Cache-Control": "no-cache",
        "Content-Crs": f"<{crs.uri}>",
        "Vary": "Accept, Cookie, Authorization",
    }


def _finish(response: Response, etag: str, crs: OgcCrs) -> Response:
    if not params.wants_html():
        response.headers.update(geojson_headers(etag, crs))
    return response


@ogc.get("/collections/<collection_id>/items")
def items(collection_id: str) -> Response:
    found = find_collection(collection_id)
    query = _items_query(found)
    crs = query.crs or CRS84
    store = current_store()
    if found.zones:
        cache = feature_cache(crs)
        view = cache.view()
        page = service.zone_page(store, found.kind, query, view.knows, stored=crs == CRS84)
        listing, matched = page.listing, page.matched
        rows = "".join(
            f"\x1e{zone_id}\x1f{version}\x1f{','.join(listing.goal_ids.get(zone_id, ()))}"
            for zone_id, version in listing.rows
        )
        etag = _etag(matched, rows)
        if (unchanged := _conditional(etag, crs)) is not None:
            return unchanged
        features, returned = cache.features(listing, view), len(listing.rows)
    else:
        revision = found.revision(store) if found.revision else None
        if revision is not None:
            # Known before anything is read: an unchanged collection answers 304 at once.
            etag = _etag(found.id, revision)
            if (unchanged := _conditional(etag, crs)) is not None:
                return unchanged
        if query.where is not None and found.read_where is not None:
            read = found.read_where(store, query.where)
            query = replace(query, where=None)  # selected in the database already
        else:
            read = found.read(store)
        selected = service.select(read, query)
        features, matched = _small_features(selected.items, crs), selected.matched
        returned = len(selected.items)
        if revision is None:
            etag = _etag(matched, features)
            if (unchanged := _conditional(etag, crs)) is not None:
                return unchanged
    links = _page_links(found, query, matched, returned)
    body = _items_body(features, matched, returned, links)
    response = _answer(body, "ogc_items.html", GEOJSON, collection=found, query=query)
    return _finish(response, etag, crs)


@ogc.get("/collections/<collection_id>/items/<feature_id>")
def item(collection_id: str, feature_id: str) -> Response:
    found = find_collection(collection_id)
    params.only(["crs"])
    crs = params.crs("crs", found.crs)
    store = current_store()
    if found.zones:
        feature, etag = zone_feature(service.zone(store, feature_id, found.kind), crs)
    else:
        match = [i for i in found.read(store) if i.id == feature_id]
        if not match:
            raise NotFound(N_("fant ikke objektet %(id)s i samlingen"), id=feature_id)
        feature = _small_features(match, crs)
        etag = hashlib.sha1(feature + crs.uri.encode()).hexdigest()[:12]
    if (unchanged := _conditional(etag, crs)) is not None:
        return unchanged
    body = with_links(feature, found, feature_id, "ogc.item")
    response = _answer(body, "ogc_items.html", GEOJSON, collection=found, single=True)
    return _finish(response, etag, crs)


def zone_feature(zone: Zone, crs: OgcCrs) -> tuple[bytes, str]:
    """A zone's Feature in ``crs`` and its ETag (unquoted): ``v<version>-<digest>``, the
    version for If-Match (the same in every CRS), the digest for If-None-Match."""
    cache = feature_cache(crs)
    view = cache.view()
    known = view.knows(zone.id, zone.version)
    listing = Listing([(zone.id, zone.version)], {zone.id: zone.goal_ids}, [] if known else [zone])
    feature = cache.features(listing, view)
    return feature, f"v{zone.version}-" + hashlib.sha1(feature + crs.uri.encode()).hexdigest()[:12]


def with_links(feature: bytes, found: Collection, feature_id: str, endpoint: str) -> bytes:
    """``feature`` with its ``self``, ``alternate`` and ``collection`` links."""
    links = [
        *_self_links(endpoint, GEOJSON, collection_id=found.id, feature_id=feature_id),
        _link(
            _url("ogc.collection", collection_id=found.id), "collection", JSON, gettext(found.title)
        ),
    ]
    return feature[:-1] + b',"links":' + dumps(links) + b"}"
