package org.citylake.pipelines.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** places.csv — the standard address and building registry (标准地址库), UTF-8, CGCS2000 degrees. */
final class PlacesFile {
    static final String FILE = "places.csv";
    static final List<String> HEADER = List.of("地址编码", "地址类型", "标准地址", "所属街道代码", "所属社区代码",
            "经度", "纬度", "建筑轮廓", "地上层数");

    static WeightedChoice<DefectKind> defectKinds() {
        return WeightedChoice.<DefectKind>builder()
                .add(DefectKind.COORDINATE_OUTSIDE_DISTRICT, 35)
                .add(DefectKind.UNKNOWN_STREET_CODE, 20)
                .add(DefectKind.MISSING_REQUIRED_FIELD, 20)
                .add(DefectKind.EXACT_DUPLICATE_ROW, 15)
                .add(DefectKind.COMMUNITY_NOT_IN_STREET, 10)
                .build();
    }

    private PlacesFile() {
    }

    static long write(Path file, GenerationContext ctx) throws IOException {
        DefectInjector defects = new DefectInjector(ctx.seed(), Seeds.PLACE_DEFECTS, ctx.options().defectRate(), defectKinds());
        try (CsvFileWriter out = CsvFileWriter.utf8(file)) {
            out.writeHeader(HEADER);
            List<Place> places = ctx.addresses().places();
            for (int i = 0; i < places.size(); i++) {
                Place p = places.get(i);
                String[] row = {p.id(), p.type(), p.address(), p.streetCode(), p.communityCode(),
                    coordinate(p.longitude()), coordinate(p.latitude()), p.footprintWkt(),
                    p.floors() == null ? "" : Integer.toString(p.floors())};
                DefectKind kind = defects.draw(i);
                SplittableRandom shape = defects.shaping(i);
                String[] where = null;
                if (kind == DefectKind.COMMUNITY_NOT_IN_STREET) {
                    where = otherStreetsCommunity(row, p, ctx, shape);
                    if (where == null) {
                        kind = DefectKind.UNKNOWN_STREET_CODE;
                    }
                }
                if (kind != null && where == null && kind != DefectKind.EXACT_DUPLICATE_ROW) {
                    where = apply(row, kind, shape, ctx);
                }
                long line = out.writeRow(row);
                if (kind == DefectKind.EXACT_DUPLICATE_ROW) {
                    line = out.writeRow(row);
                    where = new String[] {"place_id", "repeats line " + (line - 1)};
                }
                if (kind != null) {
                    ctx.ledger().record(new Defect(FILE, line, kind, where[0], where[1]));
                }
            }
            ctx.reportProgress(FILE, out.dataRows());
            return out.dataRows();
        }
    }

    private static String[] apply(String[] row, DefectKind kind, SplittableRandom r, GenerationContext ctx) {
        switch (kind) {
            case COORDINATE_OUTSIDE_DISTRICT -> {
                int how = r.nextInt(3);
                if (how == 0) {            // longitude and latitude swapped
                    String lon = row[5];
                    row[5] = row[6];
                    row[6] = lon;
                    return new String[] {"longitude", "longitude and latitude swapped: " + row[5] + ", " + row[6]};
                }
                if (how == 1) {            // a point in 蜀山区, west of the district
                    row[5] = coordinate(117.17 + r.nextDouble() * 0.08);
                    row[6] = coordinate(31.82 + r.nextDouble() * 0.06);
                    return new String[] {"longitude", "point " + row[5] + ", " + row[6] + " lies west of the district"};
                }
                row[5] = "0";              // an un-geocoded address exported as 0,0
                row[6] = "0";
                return new String[] {"longitude", "un-geocoded point 0, 0"};
            }
            case UNKNOWN_STREET_CODE -> {
                row[3] = ctx.unknownStreetCode(r);
                return new String[] {"street_code", "street " + row[3] + " is not in the district's dictionary"};
            }
            case MISSING_REQUIRED_FIELD -> {
                int k = r.nextInt(3);
                int[] index = {0, 2, 5};
                String[] column = {"place_id", "address", "longitude"};
                row[index[k]] = "";
                return new String[] {column[k], "empty " + column[k]};
            }
            default -> throw new IllegalStateException("no place defect " + kind);
        }
    }

    /** Puts a community of another Yaohai street on the row; null if the district has only one street with communities. */
    private static String[] otherStreetsCommunity(String[] row, Place p, GenerationContext ctx, SplittableRandom r) {
        List<DistrictDivisions.Street> streets = ctx.divisions().streets();
        for (int attempt = 0; attempt < 20; attempt++) {
            DistrictDivisions.Street s = streets.get(r.nextInt(streets.size()));
            if (!s.code().equals(p.streetCode()) && !s.communities().isEmpty()) {
                DistrictDivisions.Community c = s.communities().get(r.nextInt(s.communities().size()));
                row[4] = c.code();
                return new String[] {"community_code", "community " + c.code() + " belongs to street " + s.code() + ", not " + p.streetCode()};
            }
        }
        return null;
    }

    private static String coordinate(double degrees) {
        return String.format(Locale.ROOT, "%.6f", degrees);
    }
}
