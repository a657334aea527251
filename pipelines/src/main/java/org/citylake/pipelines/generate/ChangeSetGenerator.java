package org.citylake.pipelines.generate;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A change set (CDC file of the {@code population_changes} source) for the population the
 * generator made with the same options: about {@code fraction} of the persons change, in a fixed mix
 * per 20 records — 10 moves (another resident's address, street and community), 4 corrected phone
 * numbers, 3 deaths (key only) and 3 births (new, valid district ID numbers in a parent's
 * household); each clean registry person changes at most once. Change times start at
 * {@code from} and grow by one second per record, in Asia/Shanghai local time, as the police
 * change log writes them. Deterministic for a given seed and {@code from}.
 */
public final class ChangeSetGenerator {
    public static final List<String> HEADER = List.of("变更类型", "变更时间", "公民身份号码", "姓名", "性别", "民族", "出生日期", "联系电话",
            "户籍地址", "现住址", "所属街道代码", "所属社区代码", "登记日期");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** What the change set holds: records per kind, and one mover (ID, old and new address) to look up. */
    public record Summary(Path file, Map<String, Integer> byKind, Optional<Move> move) {
    }

    public record Move(String residentId, String oldAddress, String newAddress, Instant at) {
    }

    private final PrintStream progress;

    public ChangeSetGenerator(PrintStream progress) {
        this.progress = progress;
    }

    public Summary generate(GeneratorOptions options, double fraction, Instant from) {
        try {
            return write(options, fraction, from);
        } catch (IOException e) {
            throw new UncheckedIOException("change set generation failed in " + options.outDir(), e);
        }
    }

    private Summary write(GeneratorOptions options, double fraction, Instant from) throws IOException {
        if (fraction <= 0 || fraction > 0.5) {
            throw new IllegalArgumentException("change fraction must be in (0, 0.5]: " + fraction);
        }
        int persons = options.persons();
        int gridOnly = Math.max(1, (int) Math.round(persons * GridResidentsFile.COVERAGE * 0.04));
        int total = persons + gridOnly;
        DistrictDivisions divisions = DistrictDivisions.load(options.confDir(), SourceDataGenerator.DISTRICT_CODE);
        RegionCodeBook regions = RegionCodeBook.load(options.confDir(), SourceDataGenerator.DISTRICT_CODE);
        AddressBook addresses = AddressBook.generate(divisions, Math.max(10, persons / 8), options.seed(),
                DistrictExtent.fromPlaceContract(options.confDir()));
        PersonFactory factory = new PersonFactory(options.seed(), options.asOf(), new NameGenerator(Charset.forName("GBK")), regions, addresses,
                SourceDataGenerator.DISTRICT_CODE);
        DefectInjector registryDefects = new DefectInjector(options.seed(), Seeds.REGISTRY_DEFECTS, options.defectRate(),
                PopulationRegistryFile.defectKinds());
        PersonIndex index = SourceDataGenerator.resolveIds(factory, total, persons, registryDefects);
        GenerationContext ctx = new GenerationContext(options, divisions, regions, addresses, factory, index, persons, total,
                registryDefects, null, progress);

        Files.createDirectories(options.outDir());
        Path file = options.outDir().resolve("population_changes_" + TIME.format(LocalDateTime.ofInstant(from, ZONE)).replaceAll("[^0-9]", "") + ".csv");
        int changes = Math.max(1, (int) Math.round(persons * fraction));
        Map<String, Integer> byKind = new LinkedHashMap<>();
        Move move = null;
        java.util.Set<Integer> touched = new java.util.HashSet<>();
        long second = 0;
        try (CsvFileWriter out = CsvFileWriter.utf8(file)) {
            out.writeHeader(HEADER);
            for (int k = 0; k < changes; k++) {
                SplittableRandom r = Seeds.forRow(options.seed(), Seeds.CHANGES, k);
                Person p = ctx.pickCleanPerson(r, q -> !touched.contains(q.index()));
                if (p == null) {
                    continue;
                }
                touched.add(p.index());
                String at = TIME.format(LocalDateTime.ofInstant(from.plusSeconds(second++), ZONE));
                int kind = k % 20;   // a fixed mix, so even a small demo shows every kind: 10 moves, 4 corrections, 3 deaths, 3 births
                if (kind < 10) {   // a move inside the district: another resident's address, street and community
                    Person there = ctx.person(r.nextInt(persons));
                    if (there.residenceAddress().equals(p.residenceAddress())) {
                        continue;
                    }
                    out.writeRow(row("U", at, p, there.residenceAddress(), there.streetCode(), there.communityCode(), p.phone()));
                    byKind.merge("move", 1, Integer::sum);
                    if (move == null) {
                        move = new Move(p.residentId(), p.residenceAddress(), there.residenceAddress(), from.plusSeconds(second - 1));
                    }
                } else if (kind < 14) {   // a corrected phone number
                    String phone = ctx.person(r.nextInt(persons)).phone();
                    out.writeRow(row("U", at, p, p.residenceAddress(), p.streetCode(), p.communityCode(), phone));
                    byKind.merge("correction", 1, Integer::sum);
                } else if (kind < 17) {   // a death: the key is all a delete carries
                    out.writeRow("D", at, p.residentId(), "", "", "", "", "", "", "", "", "", "");
                    byKind.merge("death", 1, Integer::sum);
                } else {   // a birth in the parent's household
                    String id = newbornId(index, options.asOf(), r);
                    boolean male = (id.charAt(16) - '0') % 2 == 1;
                    LocalDate born = LocalDate.parse(id.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE);
                    out.writeRow("I", at, id, p.name().substring(0, 1) + ctx.person(r.nextInt(persons)).name().substring(1), male ? "男" : "女",
                            p.ethnicity(), born.toString(), "", p.domicileAddress(), p.residenceAddress(), p.streetCode(),
                            p.communityCode(), born.toString());
                    byKind.merge("birth", 1, Integer::sum);
                }
            }
        }
        progress.printf("  %-26s %,12d changes %s%n", file.getFileName(), byKind.values().stream().mapToInt(Integer::intValue).sum(), byKind);
        return new Summary(file, byKind, Optional.ofNullable(move));
    }

    private static String[] row(String op, String at, Person p, String residence, String street, String community, String phone) {
        return new String[] {op, at, p.residentId(), p.name(), p.sexLabel(), p.ethnicity(), p.birthDate().toString(), phone,
            p.domicileAddress(), residence, street, community, p.registeredAt().toString()};
    }

    /** A district-born ID number no generated person holds, born in the year before the as-of date. */
    private static String newbornId(PersonIndex index, LocalDate asOf, SplittableRandom r) {
        while (true) {
            LocalDate born = asOf.minusDays(1 + r.nextInt(360));
            long body = PersonIndex.body(SourceDataGenerator.DISTRICT_CODE, born, r.nextInt(1000));
            if (!index.contains(body)) {
                index.reserve(body);
                String first17 = PersonIndex.first17(body);
                return first17 + org.citylake.pipelines.standards.ResidentIdNumber.checkCharacter(first17);
            }
        }
    }
}
