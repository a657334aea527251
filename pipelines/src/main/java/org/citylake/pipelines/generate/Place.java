package org.citylake.pipelines.generate;

/**
 * One record of the address registry: a door plate (门牌, a point) or a building (建筑物, a point
 * plus footprint polygon). Coordinates are CGCS2000 longitude/latitude in degrees.
 */
record Place(String id, String type, String address, String streetCode, String communityCode,
             double longitude, double latitude, String footprintWkt, Integer floors) {
    static final String DOOR_PLATE = "门牌";
    static final String BUILDING = "建筑物";

    boolean isBuilding() {
        return BUILDING.equals(type);
    }
}
