package org.citylake.pipelines.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * GB/T 2260 county-level codes as they appear in ID numbers: the current list (areas.csv) and the
 * historical list (historical-codes.csv). A code that was ever valid stays valid in an ID number,
 * because IDs are never reissued when districts are merged or renamed; so "known" means the union,
 * and "retired" means historical but no longer current.
 */
final class RegionCodeBook {
    private final TreeSet<String> known;
    private final Map<String, String> fullNames;
    private final WeightedChoice<List<String>> birthRegionGroups;

    private RegionCodeBook(TreeSet<String> known, Map<String, String> fullNames, WeightedChoice<List<String>> groups) {
        this.known = known;
        this.fullNames = fullNames;
        this.birthRegionGroups = groups;
    }

    static RegionCodeBook load(Path confDir, String districtCode) {
        Path dir = confDir.resolve("dictionaries").resolve("gbt2260");
        Map<String, String> provinces = new TreeMap<>();
        for (String[] r : DictionaryCsv.read(dir.resolve("provinces.csv"))) {
            provinces.put(r[0], r[1]);
        }
        Map<String, String> cities = new TreeMap<>();
        for (String[] r : DictionaryCsv.read(dir.resolve("cities.csv"))) {
            cities.put(r[0], r[1]);
        }
        TreeSet<String> known = new TreeSet<>();
        Map<String, String> fullNames = new TreeMap<>();
        TreeSet<String> current = new TreeSet<>();
        for (String[] r : DictionaryCsv.read(dir.resolve("areas.csv"))) {
            String code = r[0];
            known.add(code);
            current.add(code);
            String city = cities.getOrDefault(r[2], "");
            fullNames.put(code, provinces.getOrDefault(r[3], "") + ("市辖区".equals(city) || city.contains("直辖") ? "" : city) + r[1]);
        }
        TreeSet<String> retired = new TreeSet<>();
        for (String[] r : DictionaryCsv.read(dir.resolve("historical-codes.csv"))) {
            String code = r[0];
            known.add(code);
            fullNames.putIfAbsent(code, r[1]);
            if (!current.contains(code) && !code.endsWith("00")) {
                retired.add(code);
            }
        }
        // Development zones (xxxx7x) do not issue ID numbers; keep them out of birth places.
        List<String> hefei = new ArrayList<>();
        List<String> anhui = new ArrayList<>();
        List<String> neighbours = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        for (String code : current) {
            if (code.charAt(4) == '7' || code.endsWith("00")) {
                continue;
            }
            if (code.startsWith("3401")) {
                hefei.add(code);
            } else if (code.startsWith("34")) {
                anhui.add(code);
            } else if (code.startsWith("32") || code.startsWith("33") || code.startsWith("41")
                    || code.startsWith("36") || code.startsWith("42") || code.startsWith("37")) {
                neighbours.add(code);
            } else {
                elsewhere.add(code);
            }
        }
        WeightedChoice<List<String>> groups = WeightedChoice.<List<String>>builder()
                .add(List.of(districtCode), 28)        // born in the district itself
                .add(List.copyOf(hefei), 24)
                .add(List.copyOf(anhui), 30)
                .add(List.copyOf(neighbours), 9)
                .add(List.copyOf(elsewhere), 5)
                .add(List.copyOf(retired), 4)          // old IDs keep their retired codes
                .build();
        return new RegionCodeBook(known, fullNames, groups);
    }

    String pickBirthRegion(SplittableRandom random) {
        List<String> group = birthRegionGroups.pick(random);
        return group.get(random.nextInt(group.size()));
    }

    boolean isKnown(String code) {
        return known.contains(code);
    }

    /** A 6-digit code that never was a GB/T 2260 code: what a typo or a made-up ID looks like. */
    String pickUnknown(SplittableRandom random) {
        while (true) {
            String code = String.format("%02d%02d%02d", 10 + random.nextInt(90), random.nextInt(100), random.nextInt(100));
            if (!known.contains(code)) {
                return code;
            }
        }
    }

    /** Province + city + county, e.g. 安徽省六安市裕安区; retired codes use their historical name. */
    String fullName(String code) {
        return fullNames.getOrDefault(code, "");
    }
}
