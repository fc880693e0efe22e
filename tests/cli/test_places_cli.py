"""`arealweb places PATH`: Kartverket's Stedsnavn as a user downloads it, GeoJSON and GML."""

import json

import pytest
from shapely.geometry import Point

from arealweb.geo.crs import from_utm, to_utm

# Two names in Bærum and one in Oslo, in EPSG:25833 as Geonorge's national files come.
INSIDE = {"Tjernsmyra": (10.5420, 59.9620), "Gjettumbekken": (10.5280, 59.9060)}
OUTSIDE = {"Frognerparken": (10.7000, 59.9270)}


def utm33(lon, lat):
    point = from_utm(to_utm(Point(lon, lat)), 25833)
    return round(point.x, 2), round(point.y, 2)


def geojson_file(tmp_path, names):
    features = []
    for number, (name, (lon, lat)) in enumerate(names.items(), start=100):
        x, y = utm33(lon, lat)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [x, y]},
                "properties": {
                    "stedsnummer": number,
                    "navneobjekttype": "myr" if name.endswith("myra") else "bekk",
                    "stedsnavn": [
                        {
                            "navnestatus": "hovednavn",
                            "språk": "nor",
                            "skrivemåte": [
                                {"komplettskrivemåte": name, "prioritertSkrivemåte": True}
                            ],
                        }
                    ],
                    "kommune": [{"kommunenummer": "3201", "kommunenavn": "Bærum"}],
                },
            }
        )
    path = tmp_path / "Basisdata_3201_Baerum_25833_Stedsnavn_GeoJSON.geojson"
    document = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25833"}},
        "features": features,
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


GML_STED = """
  <wfs:member>
    <app:Sted gml:id="sted.{number}">
      <app:identifikasjon><app:Identifikasjon><app:lokalId>{number}</app:lokalId>
        <app:navnerom>https://data.geonorge.no/sosi/stedsnavn</app:navnerom></app:Identifikasjon>
      </app:identifikasjon>
      <app:stedsnummer>{number}</app:stedsnummer>
      <app:navneobjekttype>{kind}</app:navneobjekttype>
      <app:posisjon>
        <gml:Point gml:id="sted.{number}.posisjon" srsName="http://www.opengis.net/def/crs/EPSG/0/25833" srsDimension="2">
          <gml:pos>{x} {y}</gml:pos>
        </gml:Point>
      </app:posisjon>
      <app:stedsnavn>
        <app:Stedsnavn>
          <app:navnestatus>hovednavn</app:navnestatus>
          <app:språk>nor</app:språk>
          <app:skrivemåte><app:Skrivemåte>
            <app:komplettskrivemåte>{name}</app:komplettskrivemåte>
            <app:skrivemåtestatus>vedtatt</app:skrivemåtestatus>
          </app:Skrivemåte></app:skrivemåte>
        </app:Stedsnavn>
      </app:stedsnavn>
      <app:kommune><app:Kommune><app:kommunenummer>{kommune}</app:kommunenummer></app:Kommune></app:kommune>
    </app:Sted>
  </wfs:member>"""


def gml_file(tmp_path, names):
    members = []
    for number, (name, (lon, lat)) in enumerate(names.items(), start=200):
        x, y = utm33(lon, lat)
        kommune = "0301" if name in OUTSIDE else "3201"
        members.append(
            GML_STED.format(number=number, kind="tjern", x=x, y=y, name=name, kommune=kommune)
        )
    path = tmp_path / "Basisdata_3201_Baerum_25833_Stedsnavn_GML.gml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" '
        'xmlns:gml="http://www.opengis.net/gml/3.2" '
        'xmlns:app="https://skjema.geonorge.no/SOSI/produktspesifikasjon/Stedsnavn/5.0">'
        + "".join(members)
        + "\n</wfs:FeatureCollection>\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def search_names(url):
    from arealweb.services.places import search
    from arealweb.store.database import create_engine
    from arealweb.store.repository import Store

    def found(query):
        store = Store(create_engine(url))
        try:
            return [(h.source, h.name) for h in search(store, query).hits]
        finally:
            store.engine.dispose()

    return found


@pytest.mark.parametrize("shape", [geojson_file, gml_file])
def test_names_inside_the_municipality_are_added_beside_the_gazetteer(
    demo, tmp_path, search_names, shape
):
    path = shape(tmp_path, {**INSIDE, **OUTSIDE})
    result = demo("places", path)
    assert "Stedsnavn: 2 av 3 ligger i kommunen; 2 nye" in result.output
    assert ("place", "Tjernsmyra") in search_names("tjernsm")
    assert search_names("frognerparken") == []
    assert ("place", "Bekkestua") in search_names("bekkestua")
    again = demo("places", path)
    assert "0 nye, 0 endret, 2 uendret" in again.output


def test_a_download_with_a_collection_per_feature_type_is_read(demo, tmp_path, search_names):
    path = geojson_file(tmp_path, INSIDE)
    collection = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({"Sted": collection}, ensure_ascii=False), encoding="utf-8")
    assert "Stedsnavn: 2 av 2 ligger i kommunen; 2 nye" in demo("places", path).output
    assert ("place", "Gjettumbekken") in search_names("gjettumbekken")


def test_replace_leaves_only_the_files_names(demo, tmp_path, search_names):
    result = demo("places", geojson_file(tmp_path, INSIDE), "--replace")
    assert "2 nye" in result.output and "fjernet" in result.output
    assert search_names("bekkestua skole") == []
    assert ("place", "Gjettumbekken") in search_names("gjettumb")


def test_a_file_with_no_name_inside_changes_nothing(demo, tmp_path, search_names):
    result = demo("places", gml_file(tmp_path, OUTSIDE), "--replace", ok=False)
    assert result.exit_code == 1
    assert "ingen av de 1 stedsnavnene i filen ligger i kommunen" in result.output
    assert "Ingenting ble endret." in result.output
    assert ("place", "Bekkestua") in search_names("bekkestua")


def test_a_file_that_is_not_stedsnavn_is_refused(demo, tmp_path):
    broken = tmp_path / "stedsnavn.gml"
    broken.write_text("<wfs:FeatureCollection", encoding="utf-8")
    result = demo("places", broken, ok=False)
    assert result.exit_code == 1
    assert "kan ikke leses som Kartverkets stedsnavn" in result.output
    other = tmp_path / "stedsnavn.csv"
    other.write_text("navn;x;y\n", encoding="utf-8")
    assert "leses fra .gml eller .geojson" in demo("places", other, ok=False).output
