"""Places in Bærum that tests draw zones on (WGS84, as a GeoJSON file or request carries them)."""

HASLUM = {
    "type": "Polygon",
    "coordinates": [
        [[10.560, 59.913], [10.567, 59.913], [10.567, 59.917], [10.560, 59.917], [10.560, 59.913]]
    ],
}
"""About 174 daa around Haslum station, inside the municipality and clear of the demo zones."""

HASLUM_BOWTIE = {
    "type": "Polygon",
    "coordinates": [
        [[10.56, 59.913], [10.567, 59.917], [10.567, 59.913], [10.56, 59.917], [10.56, 59.913]]
    ],
}
"""The same square with two corners swapped: it crosses itself near 59.915 N, 10.5635 Ø."""
