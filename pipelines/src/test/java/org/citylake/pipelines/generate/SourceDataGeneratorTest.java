package org.citylake.pipelines.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citylake.pipelines.standards.ResidentIdNumber;
import org.citylake.pipelines.standards.UnifiedSocialCreditCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class SourceDataGeneratorTest {
    /** The district as the place contract draws it: generated places must respect it, injected defects break it. */
    static final DistrictExtent EXTENT = DistrictExtent.fromPlaceContract(
            java.nio.file.Path.of(System.getProperty("citylake.home", "..")).resolve("conf"));

    private static final Charset GBK = Charset.forName("GBK");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONF = confDir();
    private static final List<String> SOURCES = List.of("places.csv", "population_registry.csv", "grid_residents.csv",
            "market_registry.jsonl", "certificates.csv");

    @TempDir
    static Path tmp;
    static Path out;
    static GenerationResult result;
    /** defects by file, then by line. */
    static Map<String, Map<Long, JsonNode>> defects = new HashMap<>();

    @BeforeAll
    static void generateOnce() throws IOException {
        out = tmp.resolve("a");
        // A higher defect rate than default so every kind shows up in a small, fast run.
        result = generator().generate(options(out, 20260101L));
        for (String line : Files.readAllLines(out.resolve(SourceDataGenerator.DEFECTS_FILE), StandardCharsets.UTF_8)) {
            JsonNode d = JSON.readTree(line);
            JsonNode previous = defects.computeIfAbsent(d.get("file").asText(), k -> new HashMap<>()).put(d.get("line").asLong(), d);
            assertThat(previous).as("two defects on one row: " + line).isNull();
        }
    }

    private static SourceDataGenerator generator() {
        return new SourceDataGenerator(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static GeneratorOptions options(Path dir, long seed) {
        return GeneratorOptions.defaults(dir, CONF).withPersons(3000).withSeed(seed).withDefectRate(0.08);
    }

    private static Path confDir() {
        String home = System.getProperty("citylake.home");
        Path root = home != null ? Path.of(home) : Path.of("..");
        return root.resolve("conf").toAbsolutePath().normalize();
    }

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDiffers() throws IOException {
        Path again = tmp.resolve("again");
        Path other = tmp.resolve("other");
        generator().generate(options(again, 20260101L));
        generator().generate(options(other, 7L));
        for (Path f : result.files()) {
            String name = f.getFileName().toString();
            assertThat(Files.readAllBytes(again.resolve(name))).as(name).isEqualTo(Files.readAllBytes(f));
            if (!name.equals(SourceDataGenerator.MANIFEST_FILE)) {
                assertThat(Files.readAllBytes(other.resolve(name))).as(name).isNotEqualTo(Files.readAllBytes(f));
            }
        }
    }

    @Test
    void resultCountsMatchTheFiles() throws IOException {
        assertThat(result.rowsByFile().keySet()).containsExactlyInAnyOrderElementsOf(SOURCES);
        assertThat(result.rowsByFile().get("population_registry.csv")).isBetween(3000L, 3200L);
        assertThat(result.rowsByFile().get("market_registry.jsonl")).isBetween(300L, 340L);
        long gridRows = result.rowsByFile().get("grid_residents.csv");
        assertThat(gridRows).isBetween(300L, 480L);   // 10–15 % of persons
        for (String name : SOURCES) {
            int header = name.endsWith(".jsonl") ? 0 : 1;
            assertThat((long) Files.readAllLines(out.resolve(name), charsetOf(name)).size() - header)
                    .as(name).isEqualTo(result.rowsByFile().get(name));
        }
        assertThat(result.totalDefects()).isEqualTo(Files.readAllLines(out.resolve(SourceDataGenerator.DEFECTS_FILE)).size());
        assertThat(result.defectsByKind().keySet()).contains("bad_check_digit", "impossible_birth_date", "future_birth_date",
                "unknown_region", "fullwidth_digits", "stray_spaces", "lowercase_x", "legacy_15_digit_id", "lossy_gbk_name",
                "duplicate_conflicting_address", "exact_duplicate_row", "missing_required_field", "bad_credit_code_check",
                "coordinate_outside_district", "certificate_holder_not_found", "unknown_street_code", "bad_date");
        JsonNode manifest = JSON.readTree(out.resolve(SourceDataGenerator.MANIFEST_FILE).toFile());
        assertThat(manifest.get("seed").asLong()).isEqualTo(20260101L);
        assertThat(manifest.get("as_of").asText()).isEqualTo("2026-11-01");
        assertThat(manifest.get("files")).hasSize(5);
    }

    @Test
    void cleanRegistryIdsHaveValidChecksAndKnownRegions() throws IOException {
        RegionCodeBook regions = RegionCodeBook.load(CONF, "340102");
        Map<Long, JsonNode> fileDefects = defects.get("population_registry.csv");
        List<String> lines = Files.readAllLines(out.resolve("population_registry.csv"), GBK);
        int checked = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (fileDefects.containsKey((long) i + 1)) {
                continue;
            }
            String[] f = lines.get(i).split(",", -1);
            assertThat(ResidentIdNumber.isValidChecksum(f[0])).as("line %d: %s", i + 1, f[0]).isTrue();
            ResidentIdNumber id = ResidentIdNumber.parse(f[0]);
            assertThat(regions.isKnown(id.regionCode())).as(f[0]).isTrue();
            assertThat(id.birthDate()).isBeforeOrEqualTo(java.time.LocalDate.of(2026, 11, 1));
            assertThat(id.isMale()).as("sex column agrees with digit 17 on line %d", i + 1).isEqualTo(f[2].equals("男"));
            assertThat(f[1]).doesNotContain("?", "\uFFFD", " ");
            assertThat(f[8]).startsWith("340102");
            assertThat(f[9]).startsWith(f[8]);   // community belongs to its street
            checked++;
        }
        assertThat(checked).isGreaterThan(2500);
    }

    @Test
    void cleanCreditCodesAreValidAndRepresentativesExist() throws IOException {
        Map<Long, JsonNode> fileDefects = defects.getOrDefault("market_registry.jsonl", Map.of());
        List<String> registryIds = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve("population_registry.csv"), GBK)) {
            registryIds.add(l.split(",", -1)[0]);
        }
        java.util.Set<String> persons = new java.util.HashSet<>(registryIds);
        List<String> lines = Files.readAllLines(out.resolve("market_registry.jsonl"));
        for (int i = 0; i < lines.size(); i++) {
            if (fileDefects.containsKey((long) i + 1)) {
                continue;
            }
            JsonNode e = JSON.readTree(lines.get(i));
            String code = e.get("统一社会信用代码").asText();
            assertThat(UnifiedSocialCreditCode.isValid(code)).as(code).isTrue();
            assertThat(code.substring(2, 8)).isEqualTo("340102");
            assertThat(e.get("注册资本").isNumber()).isTrue();
            if (!e.get("法定代表人身份证号").isNull()) {
                assertThat(persons).contains(e.get("法定代表人身份证号").asText());
            }
        }
    }

    @Test
    void encodingsAreAsDepartmentsDeliverThem() throws IOException {
        byte[] registry = Files.readAllBytes(out.resolve("population_registry.csv"));
        assertThat(decodes(registry, GBK)).isTrue();
        assertThat(decodes(registry, StandardCharsets.UTF_8)).isFalse();
        byte[] certificates = Files.readAllBytes(out.resolve("certificates.csv"));
        assertThat(certificates).startsWith(0xEF, 0xBB, 0xBF);
        for (String name : List.of("grid_residents.csv", "places.csv", "market_registry.jsonl")) {
            byte[] bytes = Files.readAllBytes(out.resolve(name));
            assertThat(decodes(bytes, StandardCharsets.UTF_8)).as(name).isTrue();
            assertThat(bytes[0]).as(name + " has no BOM").isNotEqualTo((byte) 0xEF);
        }
    }

    @Test
    void cleanPlacesLieInsideTheDistrict() throws IOException {
        Map<Long, JsonNode> fileDefects = defects.getOrDefault("places.csv", Map.of());
        List<String> lines = Files.readAllLines(out.resolve("places.csv"));
        for (int i = 1; i < lines.size(); i++) {
            if (fileDefects.containsKey((long) i + 1)) {
                continue;
            }
            List<String> f = splitCsv(lines.get(i));
            double lon = Double.parseDouble(f.get(5));
            double lat = Double.parseDouble(f.get(6));
            assertThat(EXTENT.contains(lon, lat)).as(lon + "," + lat).isTrue();
            if (f.get(1).equals("建筑物")) {
                assertThat(f.get(7)).startsWith("POLYGON ((");
            } else {
                assertThat(f.get(7)).isEmpty();
            }
        }
    }

    @Test
    void defectLinesPointAtRowsThatCarryTheDefect() throws IOException {
        Map<String, List<String>> files = new HashMap<>();
        for (String name : SOURCES) {
            files.put(name, Files.readAllLines(out.resolve(name), charsetOf(name)));
        }
        RegionCodeBook regions = RegionCodeBook.load(CONF, "340102");
        int verified = 0;
        for (Map.Entry<String, Map<Long, JsonNode>> byFile : defects.entrySet()) {
            List<String> lines = files.get(byFile.getKey());
            for (JsonNode d : byFile.getValue().values()) {
                String kind = d.get("kind").asText();
                String line = lines.get((int) d.get("line").asLong() - 1);
                assertThat(d.get("expect").asText()).isIn("quarantine", "fix", "merge");
                boolean person = byFile.getKey().equals("population_registry.csv") || byFile.getKey().equals("grid_residents.csv");
                String first = person ? line.split(",", -1)[0] : "";
                switch (kind) {
                    case "exact_duplicate_row" -> assertThat(lines.get((int) d.get("line").asLong() - 2)).isEqualTo(line);
                    case "bad_check_digit" -> {
                        assertThat(first).hasSize(18).matches("[0-9]{17}[0-9X]");
                        assertThat(ResidentIdNumber.isValidChecksum(first)).isFalse();
                    }
                    case "fullwidth_digits" -> {
                        if (person) {
                            assertThat(first).matches("[\\uFF10-\\uFF19\\uFF38]{18}");
                        }
                    }
                    case "lowercase_x" -> assertThat(first).endsWith("x").hasSize(18);
                    case "legacy_15_digit_id" -> assertThat(ResidentIdNumber.fromLegacy15(first).value()).hasSize(18);
                    case "impossible_birth_date" -> {
                        assertThat(ResidentIdNumber.isValidChecksum(first)).isTrue();
                        assertThat(isRealDate(first.substring(6, 14))).isFalse();
                    }
                    case "future_birth_date" -> assertThat(ResidentIdNumber.parse(first).birthDate()).isAfter(java.time.LocalDate.of(2026, 11, 1));
                    case "unknown_region" -> {
                        assertThat(ResidentIdNumber.isValidChecksum(first)).isTrue();
                        assertThat(regions.isKnown(first.substring(0, 6))).isFalse();
                    }
                    case "lossy_gbk_name" -> assertThat(line.split(",", -1)[1]).containsAnyOf("?", "\uFFFD", "锟斤拷");
                    case "duplicate_conflicting_address" -> assertThat(line).doesNotContain(d.get("detail").asText().split(", grid says ")[0].replace("registry says ", ""));
                    case "bad_credit_code_check" -> {
                        String code = JSON.readTree(line).get("统一社会信用代码").asText();
                        assertThat(UnifiedSocialCreditCode.isValidChecksum(code)).isFalse();
                    }
                    case "coordinate_outside_district" -> {
                        List<String> f = splitCsv(line);
                        double lon = Double.parseDouble(f.get(5));
                        double lat = Double.parseDouble(f.get(6));
                        assertThat(EXTENT.contains(lon, lat)).isFalse();
                    }
                    case "stray_spaces" -> assertThat(line).contains(" ");
                    default -> {
                        continue;
                    }
                }
                verified++;
            }
        }
        assertThat(verified).isGreaterThan(100);
    }

    @Test
    @SuppressWarnings("unchecked")
    void headersAreAliasesFromTheContracts() throws IOException {
        Map<String, String> contractOf = Map.of("population_registry.csv", "person", "grid_residents.csv", "person",
                "market_registry.jsonl", "legal_entity", "certificates.csv", "certificate", "places.csv", "place");
        for (String name : SOURCES) {
            Map<String, Object> contract;
            try (var in = Files.newInputStream(CONF.resolve("contracts/base/" + contractOf.get(name) + ".yaml"))) {
                contract = new Yaml().load(in);
            }
            List<String> aliases = new ArrayList<>();
            for (Map<String, Object> column : (List<Map<String, Object>>) contract.get("columns")) {
                aliases.addAll((List<String>) column.get("aliases"));
            }
            List<String> header;
            if (name.endsWith(".jsonl")) {
                header = new ArrayList<>();
                JSON.readTree(Files.readAllLines(out.resolve(name)).get(0)).fieldNames().forEachRemaining(header::add);
            } else {
                String first = Files.readAllLines(out.resolve(name), charsetOf(name)).get(0).replace("\uFEFF", "");
                header = List.of(first.split(","));
            }
            assertThat(aliases).as(name).containsAll(header);
            boolean declared = ((List<Map<String, Object>>) contract.get("sources")).stream().anyMatch(s -> name.equals(s.get("file")));
            assertThat(declared).as(name + " is a source of its contract").isTrue();
        }
    }

    private static Charset charsetOf(String name) {
        return name.equals("population_registry.csv") ? GBK : StandardCharsets.UTF_8;
    }

    private static boolean decodes(byte[] bytes, Charset charset) {
        try {
            charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean isRealDate(String yyyymmdd) {
        try {
            java.time.LocalDate.parse(yyyymmdd, java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** Splits one CSV line with RFC 4180 quotes (enough for the generator's own output). */
    private static List<String> splitCsv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }
}
