package org.citylake.pipelines.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The district's standard addresses: door plates along real Yaohai roads and residential
 * buildings in estates behind them, each inside its street's share of the district's bounding box.
 * Persons live at these addresses and companies are registered at them, so every address text in
 * the other files can be matched back to a place.
 */
final class AddressBook {
    private static final String PREFIX = "安徽省合肥市瑶海区";

    /** Main roads per street (by the street's last three code digits); community names add more. */
    private static final Map<String, List<String>> ROADS = Map.ofEntries(
            Map.entry("001", List.of("明光路", "全椒路", "长江东路", "胜利路", "淮河东路")),
            Map.entry("003", List.of("胜利路", "濉溪东路", "新安江路", "长江东路", "凤凰桥路")),
            Map.entry("004", List.of("临淮路", "凤阳路", "天长路", "蒙城北路", "长江东路")),
            Map.entry("005", List.of("铜陵路", "泗洲路", "花冲路", "合浦路", "长江东大街")),
            Map.entry("006", List.of("裕溪路", "站前路", "春华路", "学苑路", "北二环路")),
            Map.entry("007", List.of("红光路", "当涂北路", "和平路", "新海大道")),
            Map.entry("008", List.of("和平路", "当涂路", "合裕路", "纺织路")),
            Map.entry("010", List.of("长江东路", "东二环路", "大众路", "郎溪路", "铜陵路")),
            Map.entry("011", List.of("长淮路", "凤阳东路", "铜陵北路", "和平路")),
            Map.entry("012", List.of("临泉路", "方庙路", "凤阳东路", "东二环路")),
            Map.entry("014", List.of("嘉山路", "明光路", "临泉路", "新蚌埠路")),
            Map.entry("100", List.of("合裕路", "龙岗路", "大兴路", "包公大道", "东方大道")),
            Map.entry("401", List.of("龙岗路", "站北路", "新海大道", "龙岗东路")));
    private static final List<String> FALLBACK_ROADS = List.of("长江东路", "胜利路", "和平路", "铜陵路");
    private static final String[] ESTATE_SUFFIX = {"小区", "花园", "新村", "家园", "公寓", "苑"};
    private static final String[] ESTATE_WORDS = {"锦绣", "翡翠", "万达", "东方", "和顺", "瑶海", "龙湖", "金色", "阳光", "幸福", "宝文", "新城", "融科", "恒大", "绿城", "滨湖", "琥珀", "红星"};

    private final List<Place> places;
    private final int[] buildingIndexes;
    private final int[] doorPlateIndexes;

    private AddressBook(List<Place> places, int[] buildings, int[] doorPlates) {
        this.places = places;
        this.buildingIndexes = buildings;
        this.doorPlateIndexes = doorPlates;
    }

    static AddressBook generate(DistrictDivisions divisions, int count, long seed, DistrictExtent extent) {
        List<DistrictDivisions.Street> streets = divisions.streets();
        // Streets with more communities get more addresses; a street without communities still gets some.
        WeightedChoice.Builder<Integer> byWeight = WeightedChoice.builder();
        List<List<String>> roads = new ArrayList<>();
        for (int s = 0; s < streets.size(); s++) {
            DistrictDivisions.Street street = streets.get(s);
            byWeight.add(s, Math.max(2, street.communities().size()));
            List<String> r = new ArrayList<>(ROADS.getOrDefault(street.code().substring(street.code().length() - 3), FALLBACK_ROADS));
            for (DistrictDivisions.Community c : street.communities()) {
                String n = c.name().replace("社区居委会", "").replace("村委会", "");
                if (n.endsWith("路") && !r.contains(n)) {
                    r.add(n);
                }
            }
            roads.add(r);
        }
        WeightedChoice<Integer> streetChoice = byWeight.build();
        int columns = (int) Math.ceil(Math.sqrt(streets.size()));
        int rows = (int) Math.ceil(streets.size() / (double) columns);
        Map<String, Integer> nextNumber = new java.util.TreeMap<>();
        List<Place> places = new ArrayList<>(count);
        List<Integer> buildings = new ArrayList<>();
        List<Integer> doorPlates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SplittableRandom r = Seeds.forRow(seed, Seeds.PLACES, i);
            int s = streetChoice.pick(r);
            DistrictDivisions.Street street = streets.get(s);
            String communityCode = street.communities().isEmpty() ? ""
                    : street.communities().get(r.nextInt(street.communities().size())).code();
            List<String> streetRoads = roads.get(s);
            String road = streetRoads.get(r.nextInt(streetRoads.size()));
            // House numbers climb along a road in uneven steps; odd and even sides alike.
            String roadKey = street.code() + road;
            int number = nextNumber.getOrDefault(roadKey, 1 + r.nextInt(20)) + 1 + r.nextInt(6);
            nextNumber.put(roadKey, number);
            // Street cell within the district box, leaving a margin so jitter stays inside.
            double cellW = (extent.maxLon() - extent.minLon() - 0.01) / columns;
            double cellH = (extent.maxLat() - extent.minLat() - 0.01) / rows;
            double lon = extent.minLon() + 0.005 + (s % columns) * cellW + (0.05 + 0.9 * r.nextDouble()) * cellW;
            double lat = extent.minLat() + 0.005 + (s / columns) * cellH + (0.05 + 0.9 * r.nextDouble()) * cellH;
            boolean building = r.nextDouble() < 0.6;
            String plate = PREFIX + road + number + "号";
            String placeId = street.code() + (building ? "2" : "1") + String.format("%07d", i + 1);
            if (building) {
                String estate = ESTATE_WORDS[r.nextInt(ESTATE_WORDS.length)] + ESTATE_SUFFIX[r.nextInt(ESTATE_SUFFIX.length)];
                String address = plate + estate + (1 + r.nextInt(30)) + "栋";
                int floors = pickFloors(r);
                buildings.add(i);
                places.add(new Place(placeId, Place.BUILDING, address, street.code(), communityCode,
                        round6(lon), round6(lat), footprint(r, lon, lat), floors));
            } else {
                doorPlates.add(i);
                places.add(new Place(placeId, Place.DOOR_PLATE, plate, street.code(), communityCode,
                        round6(lon), round6(lat), "", null));
            }
        }
        return new AddressBook(List.copyOf(places),
                buildings.stream().mapToInt(Integer::intValue).toArray(),
                doorPlates.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Old six-storey walk-ups dominate Yaohai; newer estates are 11, 18, 26 or 33 floors. */
    private static int pickFloors(SplittableRandom r) {
        double x = r.nextDouble();
        if (x < 0.45) {
            return 5 + r.nextInt(3);
        }
        if (x < 0.60) {
            return 11;
        }
        if (x < 0.80) {
            return 18;
        }
        if (x < 0.92) {
            return 26;
        }
        return x < 0.97 ? 33 : 1 + r.nextInt(4);
    }

    /** A rectangle of 20–70 m by 12–25 m around the point, slightly rotated, as WKT. */
    private static String footprint(SplittableRandom r, double lon, double lat) {
        double metresPerDegLat = 110_900;
        double metresPerDegLon = 94_400;   // at latitude ~31.9°
        double halfLength = (10 + r.nextDouble() * 25);
        double halfWidth = (6 + r.nextDouble() * 6.5);
        double angle = (r.nextDouble() - 0.5) * 0.6;
        double[][] corners = {{-halfLength, -halfWidth}, {halfLength, -halfWidth}, {halfLength, halfWidth}, {-halfLength, halfWidth}};
        StringBuilder wkt = new StringBuilder("POLYGON ((");
        for (int k = 0; k <= 4; k++) {
            double[] c = corners[k % 4];
            double x = c[0] * Math.cos(angle) - c[1] * Math.sin(angle);
            double y = c[0] * Math.sin(angle) + c[1] * Math.cos(angle);
            if (k > 0) {
                wkt.append(", ");
            }
            wkt.append(String.format(Locale.ROOT, "%.6f %.6f", lon + x / metresPerDegLon, lat + y / metresPerDegLat));
        }
        return wkt.append("))").toString();
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    List<Place> places() {
        return places;
    }

    int size() {
        return places.size();
    }

    Place get(int index) {
        return places.get(index);
    }

    /** Index of a place for a home: nine homes in ten are in a residential building. */
    int pickHome(SplittableRandom r) {
        if (buildingIndexes.length > 0 && (doorPlateIndexes.length == 0 || r.nextDouble() < 0.9)) {
            return buildingIndexes[r.nextInt(buildingIndexes.length)];
        }
        return doorPlateIndexes[r.nextInt(doorPlateIndexes.length)];
    }

    /** Index of a place for a business: mostly street-front door plates. */
    int pickBusinessPremises(SplittableRandom r) {
        if (doorPlateIndexes.length > 0 && (buildingIndexes.length == 0 || r.nextDouble() < 0.8)) {
            return doorPlateIndexes[r.nextInt(doorPlateIndexes.length)];
        }
        return buildingIndexes[r.nextInt(buildingIndexes.length)];
    }
}
