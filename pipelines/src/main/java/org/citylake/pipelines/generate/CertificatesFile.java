package org.citylake.pipelines.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * certificates.csv — electronic certificates (电子证照) as the province's export tool writes them:
 * UTF-8 with a byte-order mark. Holders are clean registry persons (居住证 for residents whose
 * household is elsewhere, 残疾人证, 老年人优待证 from 60) or clean market entities (营业执照,
 * 食品经营许可证, 卫生许可证).
 */
final class CertificatesFile {
    static final String FILE = "certificates.csv";
    static final List<String> HEADER = List.of("证照编号", "证照类型", "持证主体类型", "持证主体代码", "持证主体名称",
            "发证机关", "发证日期", "有效期至", "证照状态");
    private static final String DISTRICT_PREFIX = "安徽省合肥市瑶海区";

    static WeightedChoice<DefectKind> defectKinds() {
        return WeightedChoice.<DefectKind>builder()
                .add(DefectKind.CERTIFICATE_HOLDER_NOT_FOUND, 25)
                .add(DefectKind.MISSING_REQUIRED_FIELD, 20)
                .add(DefectKind.BAD_DATE, 15)
                .add(DefectKind.EXACT_DUPLICATE_ROW, 10)
                .add(DefectKind.STRAY_SPACES, 10)
                .add(DefectKind.EXPIRY_BEFORE_ISSUE, 10)
                .build();
    }

    private CertificatesFile() {
    }

    static long write(Path file, GenerationContext ctx, List<MarketRegistryFile.Written> entities, int count) throws IOException {
        DefectInjector defects = new DefectInjector(ctx.seed(), Seeds.CERTIFICATE_DEFECTS, ctx.options().defectRate(), defectKinds());
        LocalDate asOf = ctx.asOf();
        try (CsvFileWriter out = CsvFileWriter.utf8WithBom(file)) {
            out.writeHeader(HEADER);
            for (int c = 0; c < count; c++) {
                SplittableRandom r = Seeds.forRow(ctx.seed(), Seeds.CERTIFICATES, c);
                String[] row = r.nextDouble() < 0.55 ? personCertificate(ctx, r, c) : entityCertificate(ctx, entities, r, c);
                if (row == null) {
                    row = entityCertificate(ctx, entities, r, c);
                }
                SplittableRandom shape = defects.shaping(c);
                DefectKind kind = defects.draw(c);
                String[] where = null;
                if (kind != null && kind != DefectKind.EXACT_DUPLICATE_ROW) {
                    where = apply(row, kind, shape, ctx);
                }
                long line = out.writeRow(row);
                if (kind == DefectKind.EXACT_DUPLICATE_ROW) {
                    line = out.writeRow(row);
                    where = new String[] {"certificate_id", "repeats line " + (line - 1)};
                }
                if (kind != null) {
                    ctx.ledger().record(new Defect(FILE, line, kind, where[0], where[1]));
                }
            }
            ctx.reportProgress(FILE, out.dataRows());
            return out.dataRows();
        }
    }

    private static String[] personCertificate(GenerationContext ctx, SplittableRandom r, int c) {
        LocalDate asOf = ctx.asOf();
        double t = r.nextDouble();
        String type = t < 0.40 ? "居住证" : t < 0.55 ? "残疾人证" : "老年人优待证";
        Person p = switch (type) {
            case "居住证" -> ctx.pickCleanPerson(r, x -> !x.domicileAddress().startsWith(DISTRICT_PREFIX) && x.ageOn(asOf) >= 16);
            case "老年人优待证" -> ctx.pickCleanPerson(r, x -> x.ageOn(asOf) >= 60);
            default -> ctx.pickCleanPerson(r, x -> true);
        };
        if (p == null) {
            return null;
        }
        LocalDate earliest = later(p.birthDate().plusYears("老年人优待证".equals(type) ? 60 : "居住证".equals(type) ? 16 : 0),
                LocalDate.of(2008, 1, 1));
        LocalDate issued = between(r, earliest, asOf);
        String id;
        String authority;
        LocalDate validUntil;
        switch (type) {
            case "居住证" -> {
                id = "34010200" + String.format("%010d", c + 1);
                authority = "合肥市公安局瑶海分局";
                validUntil = issued.plusYears(1);   // 居住证 is endorsed yearly
            }
            case "残疾人证" -> {
                // 残疾人证号 = ID number + category digit + grade digit
                id = p.residentId() + (1 + r.nextInt(7)) + (1 + r.nextInt(4));
                authority = "合肥市瑶海区残疾人联合会";
                validUntil = issued.plusYears(10);
            }
            default -> {
                id = "YD340102" + String.format("%08d", c + 1);
                authority = "合肥市瑶海区民政局";
                validUntil = null;   // 长期有效
            }
        }
        String status = validUntil != null && validUntil.isBefore(asOf) ? "过期" : r.nextInt(50) == 0 ? "注销" : "有效";
        DateStyle style = DateStyle.pick(r, 7, 2, 1, 0);
        return new String[] {id, type, "自然人", p.residentId(), p.name(), authority, style.format(issued),
            validUntil == null ? "" : style.format(validUntil), status};
    }

    private static String[] entityCertificate(GenerationContext ctx, List<MarketRegistryFile.Written> entities,
                                              SplittableRandom r, int c) {
        LegalEntity e = null;
        for (int attempt = 0; attempt < 40 && e == null; attempt++) {
            MarketRegistryFile.Written w = entities.get(r.nextInt(entities.size()));
            if (w.clean()) {
                e = w.entity();
            }
        }
        if (e == null) {
            e = entities.get(0).entity();
        }
        LocalDate asOf = ctx.asOf();
        double t = r.nextDouble();
        String type = t < 0.5 ? "营业执照" : t < 0.8 ? "食品经营许可证" : "卫生许可证";
        LocalDate issued = between(r, later(e.established(), LocalDate.of(1984, 1, 1)), asOf);
        String id;
        String authority;
        LocalDate validUntil;
        switch (type) {
            case "营业执照" -> {
                id = "34010260" + String.format("%010d", c + 1);
                authority = "合肥市瑶海区市场监督管理局";
                validUntil = e.isIndividualBusiness() || r.nextBoolean() ? null : e.established().plusYears(20 + 10 * r.nextInt(3));
                if (validUntil != null && issued.isAfter(validUntil)) {
                    // A licence is (re)issued within its business term, never after it ended.
                    issued = between(r, later(e.established(), LocalDate.of(1984, 1, 1)), validUntil);
                }
            }
            case "食品经营许可证" -> {
                id = "JY1340102" + String.format("%07d", c + 1);
                authority = "合肥市瑶海区市场监督管理局";
                validUntil = issued.plusYears(5);
            }
            default -> {
                id = "皖卫公证字〔" + issued.getYear() + "〕第340102" + String.format("%07d", c + 1) + "号";
                authority = "合肥市瑶海区卫生健康委员会";
                validUntil = issued.plusYears(4);
            }
        }
        String status = switch (e.status()) {
            case "注销", "迁出" -> "注销";
            case "吊销" -> "吊销";
            default -> validUntil != null && validUntil.isBefore(asOf) ? "过期" : "有效";
        };
        DateStyle style = DateStyle.pick(r, 7, 2, 1, 0);
        return new String[] {id, type, "法人", e.creditCode(), e.name(), authority, style.format(issued),
            validUntil == null ? "" : style.format(validUntil), status};
    }

    private static String[] apply(String[] row, DefectKind kind, SplittableRandom r, GenerationContext ctx) {
        switch (kind) {
            case CERTIFICATE_HOLDER_NOT_FOUND -> {
                String ghost = "自然人".equals(row[2]) ? ghostResidentId(ctx, r) : ghostCreditCode(r);
                String was = row[3];
                row[3] = ghost;
                if (row[1].equals("残疾人证")) {
                    row[0] = ghost + row[0].substring(18);
                }
                return new String[] {"holder_id", "well-formed holder " + ghost + " is in no base source (was " + was + ")"};
            }
            case MISSING_REQUIRED_FIELD -> {
                int[] required = {0, 3, 6};
                String[] columns = {"certificate_id", "holder_id", "issue_date"};
                int k = r.nextInt(3);
                row[required[k]] = "";
                return new String[] {columns[k], "empty " + columns[k]};
            }
            case BAD_DATE -> {
                row[6] = IdNumberDefects.badDate(r);
                return new String[] {"issue_date", "not a date: " + row[6]};
            }
            case STRAY_SPACES -> {
                String holder = row[3];
                row[3] = IdNumberDefects.straySpaces(holder, r, true);
                return new String[] {"holder_id", "spaces in '" + row[3] + "'; normalises to " + holder};
            }
            case EXPIRY_BEFORE_ISSUE -> {
                // dates typed into the wrong fields: the expiry lies before the issue date
                LocalDate issued = ctx.asOf().minusDays(1 + r.nextInt(300));
                row[6] = DateStyle.ISO.format(issued);
                row[7] = DateStyle.ISO.format(issued.minusDays(1 + r.nextInt(1000)));
                row[8] = "有效";
                return new String[] {"valid_until", "valid until " + row[7] + " precedes issue date " + row[6]};
            }
            default -> throw new IllegalStateException("no certificate defect " + kind);
        }
    }

    /** A valid-looking ID (right checksum, known region, past birth date) that no person holds. */
    private static String ghostResidentId(GenerationContext ctx, SplittableRandom r) {
        while (true) {
            LocalDate birth = ctx.asOf().minusDays(365L * 20 + r.nextInt(365 * 50));
            int sequence = r.nextInt(1000);
            long body = PersonIndex.body(ctx.divisions().districtCode(), birth, sequence);
            if (ctx.personIndex().reserve(body)) {
                return org.citylake.pipelines.standards.ResidentIdNumber.ofFirst17(PersonIndex.first17(body)).value();
            }
        }
    }

    /** A valid credit code (both checks right) in a neighbouring district, so no entity of ours has it. */
    private static String ghostCreditCode(SplittableRandom r) {
        StringBuilder body = new StringBuilder("MA");
        for (int k = 0; k < 6; k++) {
            body.append(org.citylake.pipelines.standards.UnifiedSocialCreditCode.ALPHABET.charAt(r.nextInt(31)));
        }
        return org.citylake.pipelines.standards.UnifiedSocialCreditCode.of('9', '1', "340103", body.toString()).value();
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate between(SplittableRandom r, LocalDate from, LocalDate to) {
        long span = to.toEpochDay() - from.toEpochDay();
        return span <= 0 ? to : from.plusDays(r.nextLong(span + 1));
    }
}
