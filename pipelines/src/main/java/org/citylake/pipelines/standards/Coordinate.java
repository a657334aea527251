package org.citylake.pipelines.standards;

import java.io.Serializable;

/** A longitude/latitude pair in degrees, longitude first as in WKT. */
public record Coordinate(double lon, double lat) implements Serializable {
    /** Largest of the two differences, in degrees; for tests and convergence. */
    public double distanceDegrees(Coordinate other) {
        return Math.max(Math.abs(lon - other.lon), Math.abs(lat - other.lat));
    }
}
