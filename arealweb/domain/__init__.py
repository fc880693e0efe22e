"""The plan as plain Python: goals, zones and the links between them.

Nothing here knows about HTTP, SQL or maps; geometries are shapely objects in EPSG:25832.
"""
