"""The golden thread measured: areas, conflicts, coverage, nearness to stations, corridors.

Pure functions over GeoDataFrames in EPSG:25832 (built by :mod:`arealweb.analysis.frames`),
returning plain results; no database, no web. Draft zones are left out: they are proposals,
not yet the land-use strategy.
"""
