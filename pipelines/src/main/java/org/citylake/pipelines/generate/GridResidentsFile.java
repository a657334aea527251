package org.citylake.pipelines.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * grid_residents.csv — what grid workers (网格员) collect door to door: UTF-8, their own headers,
 * dates typed as 2023/1/5. Covers about 12 % of registry persons, mostly agreeing with the
 * registry, plus persons the registry does not know (the grid-only persons #N..).
 */
final class GridResidentsFile {
    static final String FILE = "grid_residents.csv";
    static final List<String> HEADER = List.of("身份证号", "名字", "性别", "民族", "出生年月日", "手机号码",
            "居住地址", "街道代码", "社区代码", "采集日期");
    static final double COVERAGE = 0.12;

    static WeightedChoice<DefectKind> defectKinds() {
        return WeightedChoice.<DefectKind>builder()
                .add(DefectKind.DUPLICATE_CONFLICTING_ADDRESS, 30)
                .add(DefectKind.BAD_CHECK_DIGIT, 8)
                .add(DefectKind.FULLWIDTH_DIGITS, 10)
                .add(DefectKind.STRAY_SPACES, 10)
                .add(DefectKind.LOWERCASE_X, 5)
                .add(DefectKind.LOSSY_GBK_NAME, 6)
                .add(DefectKind.MISSING_REQUIRED_FIELD, 8)
                .add(DefectKind.UNKNOWN_STREET_CODE, 5)
                .add(DefectKind.BAD_DATE, 5)
                .add(DefectKind.EXACT_DUPLICATE_ROW, 6)
                .build();
    }

    private GridResidentsFile() {
    }

    static long write(Path file, GenerationContext ctx) throws IOException {
        DefectInjector defects = new DefectInjector(ctx.seed(), Seeds.GRID_DEFECTS, ctx.options().defectRate(), defectKinds());
        int registry = ctx.registryPersons();
        int gridOnly = ctx.totalPersons() - registry;
        long row = 0;
        int nextGridOnly = 0;
        try (CsvFileWriter out = CsvFileWriter.utf8(file)) {
            out.writeHeader(HEADER);
            for (int i = 0; i < registry; i++) {
                if (Seeds.forRow(ctx.seed(), Seeds.GRID, i).nextDouble() < COVERAGE) {
                    writePerson(out, ctx, ctx.person(i), row++, defects);
                }
                // Grid-only persons are spread evenly through the file.
                while (nextGridOnly < gridOnly && (long) nextGridOnly * registry <= (long) i * gridOnly) {
                    writePerson(out, ctx, ctx.person(registry + nextGridOnly), row++, defects);
                    nextGridOnly++;
                }
            }
            ctx.reportProgress(FILE, out.dataRows());
            return out.dataRows();
        }
    }

    private static void writePerson(CsvFileWriter out, GenerationContext ctx, Person p, long row, DefectInjector defects) {
        SplittableRandom shape = defects.shaping(row);
        DateStyle birthStyle = DateStyle.pick(shape, 3, 6, 1, 1);
        DateStyle collectedStyle = DateStyle.pick(shape, 3, 6, 0, 1);
        PersonRow r = PopulationRegistryFile.render(p, birthStyle, collectedStyle);
        r.registeredAt = collectedStyle.format(ctx.asOf().minusDays(shape.nextInt(700)));
        DefectKind kind = defects.draw(row);
        String[] where = null;
        if (kind == DefectKind.DUPLICATE_CONFLICTING_ADDRESS) {
            // Only a conflict if the registry row survives cleansing unchanged.
            if (ctx.isCleanInRegistry(p.index())) {
                Place moved = ctx.addresses().get(ctx.addresses().pickHome(shape));
                if (!moved.address().equals(ctx.addresses().get(p.homePlace()).address())) {
                    r.residenceAddress = moved.address();
                    r.streetCode = moved.streetCode();
                    r.communityCode = moved.communityCode();
                    where = new String[] {"residence_address", "registry says " + p.residenceAddress() + ", grid says " + moved.address()};
                }
            }
            if (where == null) {
                kind = DefectKind.STRAY_SPACES;
            }
        }
        if (kind != null && where == null && kind != DefectKind.EXACT_DUPLICATE_ROW) {
            where = PersonRow.apply(r, p, kind, shape, ctx, birthStyle, "\uFFFD");
            if (where == null) {
                kind = DefectKind.FULLWIDTH_DIGITS;
                where = PersonRow.apply(r, p, kind, shape, ctx, birthStyle, "\uFFFD");
            }
        }
        String[] values = {r.residentId, r.name, r.sex, r.ethnicity, r.birthDate, r.phone, r.residenceAddress,
            r.streetCode, r.communityCode, r.registeredAt};
        long line = out.writeRow(values);
        if (kind == DefectKind.EXACT_DUPLICATE_ROW) {
            line = out.writeRow(values);
            where = new String[] {"resident_id", "repeats line " + (line - 1)};
        }
        if (kind != null) {
            ctx.ledger().record(new Defect(FILE, line, kind, where[0], where[1]));
        }
    }
}
