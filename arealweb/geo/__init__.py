"""Coordinates and files: CRS transforms, geometry checks, GeoJSON and GIS formats."""
