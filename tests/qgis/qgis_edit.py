"""Run by Debian's system Python with QGIS (not arealweb's venv): open a project arealweb wrote
and edit the plan through its layers as a planner would. Prints one JSON document.

    python3 qgis_edit.py PROJECT MOVE_ID DELETE_ID NEW_POLYGON_WKT

Moves the second vertex of MOVE_ID 2 m east and commits; adds a zone with NEW_POLYGON_WKT
(its id from the layer's default) and commits; deletes DELETE_ID and commits.
"""

import json
import sys

from qgis.core import (
    QgsApplication,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProject,
    QgsVectorLayerUtils,
)


def feature(layer, zone_id):
    request = QgsFeatureRequest().setFilterExpression(f"\"id\" = '{zone_id}'")
    return next(layer.getFeatures(request))


def commit(layer, step, report):
    ok = layer.commitChanges()
    report["steps"][step] = {"committed": ok, "errors": list(layer.commitErrors())}
    if not ok:
        layer.rollBack()


def main():
    project_path, move_id, delete_id, new_wkt = sys.argv[1:5]
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    report = {"read": project.read(project_path), "layers": {}, "steps": {}}
    report["crs"] = project.crs().authid()
    extent = project.viewSettings().defaultViewExtent()
    report["extent"] = [extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()]
    report["extent_crs"] = extent.crs().authid()
    for layer in project.mapLayers().values():
        renderer = layer.renderer()
        categories = {}
        if renderer.type() == "categorizedSymbol":
            for category in renderer.categories():
                symbol_layer = category.symbol().symbolLayer(0)
                colour = symbol_layer.fillColor() if hasattr(symbol_layer, "fillColor") else None
                if category.symbol().type() == 1:  # a line
                    colour = symbol_layer.color()
                categories[str(category.value())] = {
                    "label": category.label(),
                    "colour": colour.name() if colour is not None else None,
                }
        fields = layer.fields()
        report["layers"][layer.name()] = {
            "id": layer.id(),
            "valid": layer.isValid(),
            "provider": layer.providerType(),
            "crs": layer.crs().authid(),
            "read_only": layer.readOnly(),
            "features": layer.featureCount(),
            "geometry": layer.wkbType(),
            "renderer": renderer.type(),
            "attribute": getattr(renderer, "classAttribute", lambda: None)(),
            "categories": categories,
            "widgets": {f.name(): layer.editorWidgetSetup(i).type() for i, f in enumerate(fields)},
            "editable_fields": {
                f.name(): layer.editFormConfig().readOnly(i) is False for i, f in enumerate(fields)
            },
            "aliases": {f.name(): layer.attributeAlias(i) for i, f in enumerate(fields)},
        }
    layer = project.mapLayer("arealweb_development")

    # Move a vertex of a known zone.
    zone = feature(layer, move_id)
    point = zone.geometry().vertexAt(1)
    report["moved_from"] = [point.x(), point.y()]
    layer.startEditing()
    report["moved"] = layer.moveVertex(point.x() + 2.0, point.y(), zone.id(), 1)
    commit(layer, "move", report)

    # Add a zone: the id comes from the layer's default, like a click in QGIS.
    layer.startEditing()
    new = QgsVectorLayerUtils.createFeature(
        layer,
        QgsGeometry.fromWkt(new_wkt),
        {
            layer.fields().indexOf("name"): "Fra QGIS",
            layer.fields().indexOf("category"): "knutepunkt",
        },
    )
    report["new_id"] = new["id"]
    report["added"] = layer.addFeature(new)
    commit(layer, "add", report)

    # Delete a zone.
    layer.startEditing()
    report["deleted"] = layer.deleteFeature(feature(layer, delete_id).id())
    commit(layer, "delete", report)

    report["moved_to"] = [
        feature(layer, move_id).geometry().vertexAt(1).x(),
        feature(layer, move_id).geometry().vertexAt(1).y(),
    ]
    print(json.dumps(report, default=str))
    app.exitQgis()


if __name__ == "__main__":
    main()
