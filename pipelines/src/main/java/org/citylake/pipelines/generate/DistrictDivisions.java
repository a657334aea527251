package org.citylake.pipelines.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The streets (乡镇街道) of one district and the communities (社区/村) in each, read from
 * {@code dictionaries/gbt2260/streets.csv} and {@code villages-3401.csv} under the conf dir.
 */
final class DistrictDivisions {
    record Community(String code, String name) {
    }

    record Street(String code, String name, List<Community> communities) {
    }

    private final String districtCode;
    private final List<Street> streets;
    private final Set<String> allStreetCodes;

    private DistrictDivisions(String districtCode, List<Street> streets, Set<String> allStreetCodes) {
        this.districtCode = districtCode;
        this.streets = streets;
        this.allStreetCodes = allStreetCodes;
    }

    static DistrictDivisions load(Path confDir, String districtCode) {
        Path dir = confDir.resolve("dictionaries").resolve("gbt2260");
        Map<String, List<Community>> byStreet = new TreeMap<>();
        for (String[] row : DictionaryCsv.read(dir.resolve("villages-3401.csv"))) {
            if (row.length >= 3 && row[2].startsWith(districtCode)) {
                byStreet.computeIfAbsent(row[2], k -> new ArrayList<>()).add(new Community(row[0], row[1]));
            }
        }
        Map<String, Street> streets = new TreeMap<>();
        Set<String> all = new TreeSet<>();
        for (String[] row : DictionaryCsv.read(dir.resolve("streets.csv"))) {
            all.add(row[0]);
            if (row.length >= 3 && row[2].equals(districtCode)) {
                List<Community> communities = byStreet.getOrDefault(row[0], List.of());
                streets.put(row[0], new Street(row[0], row[1], List.copyOf(communities)));
            }
        }
        if (streets.isEmpty()) {
            throw new IllegalStateException("no streets for district " + districtCode + " in " + dir);
        }
        return new DistrictDivisions(districtCode, List.copyOf(streets.values()), all);
    }

    String districtCode() {
        return districtCode;
    }

    List<Street> streets() {
        return streets;
    }

    /** True if the code is a street anywhere in the national list (not only in this district). */
    boolean isKnownStreetCode(String code) {
        return allStreetCodes.contains(code);
    }
}
