package org.citylake.pipelines.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * population_registry.csv — the police household registry (公安户籍): GBK, CRLF, the registry's
 * own Chinese headers, birth dates mostly as 8 digits. One row per person #0..N-1.
 */
final class PopulationRegistryFile {
    static final String FILE = "population_registry.csv";
    static final List<String> HEADER = List.of("公民身份号码", "姓名", "性别", "民族", "出生日期", "联系电话",
            "户籍地址", "现住址", "所属街道代码", "所属社区代码", "登记日期");

    static WeightedChoice<DefectKind> defectKinds() {
        return WeightedChoice.<DefectKind>builder()
                .add(DefectKind.BAD_CHECK_DIGIT, 10)
                .add(DefectKind.IMPOSSIBLE_BIRTH_DATE, 6)
                .add(DefectKind.FUTURE_BIRTH_DATE, 4)
                .add(DefectKind.UNKNOWN_REGION, 5)
                .add(DefectKind.FULLWIDTH_DIGITS, 8)
                .add(DefectKind.STRAY_SPACES, 10)
                .add(DefectKind.LOWERCASE_X, 6)
                .add(DefectKind.LEGACY_15_DIGIT_ID, 6)
                .add(DefectKind.LOSSY_GBK_NAME, 6)
                .add(DefectKind.SEX_MISMATCH, 4)
                .add(DefectKind.EXACT_DUPLICATE_ROW, 6)
                .add(DefectKind.MISSING_REQUIRED_FIELD, 8)
                .add(DefectKind.UNKNOWN_STREET_CODE, 5)
                .add(DefectKind.BAD_DATE, 5)
                .build();
    }

    private PopulationRegistryFile() {
    }

    static long write(Path file, GenerationContext ctx) throws IOException {
        DefectInjector defects = ctx.registryDefects();
        try (CsvFileWriter out = CsvFileWriter.gbk(file)) {
            out.writeHeader(HEADER);
            for (int i = 0; i < ctx.registryPersons(); i++) {
                Person person = ctx.person(i);
                SplittableRandom shape = defects.shaping(i);
                DateStyle birthStyle = DateStyle.pick(shape, 2, 1, 6, 1);
                DateStyle registeredStyle = DateStyle.pick(shape, 5, 2, 2, 1);
                PersonRow row = render(person, birthStyle, registeredStyle);
                DefectKind kind = defects.draw(i);
                String[] where = null;
                if (kind != null && kind != DefectKind.EXACT_DUPLICATE_ROW) {
                    // The '?' is what GBK writes for a character it lacks; 锟斤拷 is what UTF-8's
                    // replacement character looks like once the bytes are read back as GBK.
                    String lossy = shape.nextInt(3) == 0 ? "锟斤拷" : "?";
                    where = PersonRow.apply(row, person, kind, shape, ctx, birthStyle, lossy);
                    if (where == null) {   // kind not applicable to this person: a fixable fallback
                        kind = kind == DefectKind.LOWERCASE_X ? DefectKind.STRAY_SPACES : DefectKind.FULLWIDTH_DIGITS;
                        where = PersonRow.apply(row, person, kind, shape, ctx, birthStyle, lossy);
                    }
                }
                String[] values = values(row);
                long line = out.writeRow(values);
                if (kind == DefectKind.EXACT_DUPLICATE_ROW) {
                    line = out.writeRow(values);
                    where = new String[] {"resident_id", "repeats line " + (line - 1)};
                }
                if (kind != null) {
                    ctx.ledger().record(new Defect(FILE, line, kind, where[0], where[1]));
                }
                if ((i + 1) % 250_000 == 0) {
                    ctx.reportProgress(FILE, out.dataRows());
                }
            }
            ctx.reportProgress(FILE, out.dataRows());
            return out.dataRows();
        }
    }

    static PersonRow render(Person p, DateStyle birthStyle, DateStyle registeredStyle) {
        PersonRow row = new PersonRow();
        row.residentId = p.residentId();
        row.name = p.name();
        row.sex = p.sexLabel();
        row.ethnicity = p.ethnicity();
        row.birthDate = birthStyle.format(p.birthDate());
        row.phone = p.phone();
        row.domicileAddress = p.domicileAddress();
        row.residenceAddress = p.residenceAddress();
        row.streetCode = p.streetCode();
        row.communityCode = p.communityCode();
        row.registeredAt = registeredStyle.format(p.registeredAt());
        return row;
    }

    private static String[] values(PersonRow r) {
        return new String[] {r.residentId, r.name, r.sex, r.ethnicity, r.birthDate, r.phone, r.domicileAddress,
            r.residenceAddress, r.streetCode, r.communityCode, r.registeredAt};
    }
}
