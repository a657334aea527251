package org.citylake.pipelines.standards;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.io.WKTWriter;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Geometries as OGC Well-Known Text, checked by JTS: text that does not parse is {@code bad_wkt};
 * a geometry that parses but is invalid (self-intersecting polygon, ring not closed, too few
 * points) is {@code invalid_geometry} with JTS's reason and location. Valid geometries are written
 * back in JTS's canonical text form (upper-case keywords, one space after commas), vertex order
 * untouched so a footprint still reads as the surveyor drew it.
 */
public final class WktStandard implements Standard {
    @Override
    public Verdict apply(String value) {
        // JTS readers and writers are cheap and not serialisable: made per value, not held.
        Geometry g;
        try {
            g = new WKTReader(new GeometryFactory()).read(CharWidth.toHalfWidthLatin(value).strip());
        } catch (ParseException | IllegalArgumentException e) {
            return Verdict.invalid(ReasonCode.BAD_WKT, "'" + abbreviate(value) + "' is not valid WKT: " + e.getMessage());
        }
        TopologyValidationError error = new IsValidOp(g).getValidationError();
        if (error != null) {
            return Verdict.invalid(ReasonCode.INVALID_GEOMETRY, "'" + abbreviate(value) + "' is an invalid " + g.getGeometryType()
                    + ": " + error.getMessage() + " at (" + error.getCoordinate().x + " " + error.getCoordinate().y + ")");
        }
        return Verdict.normalized(value, new WKTWriter().write(g));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
