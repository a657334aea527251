package org.citylake.pipelines.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;
import org.citylake.pipelines.collect.SourceFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input suite (docs/bad-input.md): hostile and broken department files through the reader and the
 * contract's cleansing, as a load runs them. Every case ends in one of two ways — the file is refused with an
 * error naming it and the line, before anything is loaded; or every data line comes out, accepted or
 * quarantined with a reason code — and never with a record lost: accepted + quarantined == data lines.
 */
class BadInputSuiteTest {
    static final TableContract PERSON = ContractLoader.load(Intake.HOME.resolve("conf/contracts/base/person.yaml"));
    static final TableContract ENTITY = ContractLoader.load(Intake.HOME.resolve("conf/contracts/base/legal_entity.yaml"));
    static final TableContract PLACE = ContractLoader.load(Intake.HOME.resolve("conf/contracts/base/place.yaml"));
    static final SourceSpec REGISTRY = PERSON.sources().get(0); // population_registry.csv, GBK
    static final SourceSpec GRID = PERSON.sources().get(1); // grid_residents.csv, UTF-8
    static final SourceSpec MARKET = ENTITY.sources().get(0); // market_registry.jsonl
    static final SourceSpec PLACES = PLACE.sources().get(0); // places.csv, UTF-8
    static final Charset GBK = Charset.forName("GBK");
    static final String HEADER = "身份证号,姓名,性别,出生日期,联系电话,街道代码,社区代码,户籍地址\n";
    static final String GOOD = "34010219800101001X,张三,男,1980-01-01,13800001234,340102001,340102001001,瑶海区胜利路1号\n";
    static final String ENTITY_OK = "{\"credit_code\":\"914403001922038216\",\"entity_name\":\"合肥瑶海商贸有限公司\",\"legal_rep_name\":\"张三\","
            + "\"legal_rep_id\":\"34010219800101001X\",\"registered_capital\":\"100\",\"established_date\":\"2010-05-01\",\"street_code\":\"340102001\"}";

    @TempDir
    Path tmp;

    /** Writes the file, runs the intake, and checks no data line went missing. */
    Intake.Accounting intake(TableContract contract, SourceSpec source, String name, byte[] bytes, long dataLines) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, bytes);
        Intake.Accounting a = Intake.of(contract, source, f);
        assertThat(a.accepted() + a.quarantined()).as("accepted + quarantined of " + name).isEqualTo(dataLines);
        return a;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    // --- truncated files ---

    @Test
    void aCsvCutMidRecordQuarantinesTheCutLineOnly() throws IOException {
        Intake.Accounting a = intake(PERSON, GRID, "grid_residents.csv", utf8(HEADER + GOOD + "34010219800101001X,张"), 2);
        assertThat(a.reasons(2)).isEmpty();
        assertThat(a.reasons(3)).containsExactly("wrong_field_count");
    }

    @Test
    void aCsvCutInsideAnOpenQuoteQuarantinesThatRecord() throws IOException {
        Intake.Accounting a = intake(PERSON, GRID, "grid_residents.csv", utf8(HEADER + GOOD + "34010219800101001X,\"张三,男"), 2);
        assertThat(a.reasons(3)).containsExactly("unbalanced_quotes");
    }

    @Test
    void aFileCutInsideAMultiByteCharacterIsRefusedNamingFileAndLine() throws IOException {
        byte[] whole = utf8(HEADER + GOOD + GOOD);
        Path f = tmp.resolve("grid_residents.csv");
        Files.write(f, java.util.Arrays.copyOf(whole, whole.length - 12)); // ends inside 胜利路1号's bytes
        assertThatThrownBy(() -> Intake.of(PERSON, GRID, f)).isInstanceOf(SourceFileException.class)
                .hasMessageStartingWith(f + ":3: ").hasMessageContaining("not valid UTF-8");
    }

    @Test
    void anEmptyFileIsRefusedNotReadAsAnEmptyExtract() throws IOException {
        Path f = tmp.resolve("grid_residents.csv");
        Files.write(f, new byte[0]);
        assertThatThrownBy(() -> Intake.of(PERSON, GRID, f)).isInstanceOf(SourceFileException.class)
                .hasMessageStartingWith(f + ":1: ").hasMessageContaining("empty");
    }

    @Test
    void aJsonLinesFileCutMidObjectQuarantinesTheLastLine() throws IOException {
        Intake.Accounting a = intake(ENTITY, MARKET, "market_registry.jsonl", utf8(ENTITY_OK + "\n" + ENTITY_OK.substring(0, 40)), 2);
        assertThat(a.reasons(1)).isEmpty();
        assertThat(a.reasons(2)).containsExactly("malformed_json");
    }

    // --- mixed encodings in one file ---

    @Test
    void aGbkLineInAUtf8FileRefusesTheFileNamingTheLine() throws IOException {
        Path f = tmp.resolve("grid_residents.csv");
        Files.write(f, concat(utf8(HEADER + GOOD), GOOD.getBytes(GBK), utf8(GOOD)));
        assertThatThrownBy(() -> Intake.of(PERSON, GRID, f)).isInstanceOf(SourceFileException.class)
                .hasMessageStartingWith(f + ":3: ").hasMessageContaining("not valid UTF-8");
    }

    @Test
    void aUtf8LineInAGbkFileThatGbkCannotDecodeRefusesTheFileNamingTheLine() throws IOException {
        Path f = tmp.resolve("population_registry.csv");
        Files.write(f, concat((HEADER + GOOD).getBytes(GBK), utf8(GOOD), GOOD.getBytes(GBK)));
        assertThatThrownBy(() -> Intake.of(PERSON, REGISTRY, f)).isInstanceOf(SourceFileException.class)
                .hasMessageStartingWith(f + ":3: ").hasMessageContaining("not valid GBK");
    }

    @Test
    void aUtf8LineInAGbkFileThatGbkDecodesAsMojibakeRefusesTheFileNamingTheLine() throws Exception {
        // UTF-8 Chinese is often also "valid" GBK — as mojibake (张三 → 寮犱笁) that no decoder flags.
        String line = "34010219800101001X,张三,1,1980-01-01,13800001234,340102001,340102001001,安徽省合肥市长江东路\n";
        String mojibake = GBK.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(utf8(line))).toString();
        assertThat(mojibake).as("precondition: GBK decodes these UTF-8 bytes without error").contains("寮犱笁");
        Path f = tmp.resolve("population_registry.csv");
        Files.write(f, concat((HEADER + GOOD).getBytes(GBK), utf8(line), GOOD.getBytes(GBK)));
        assertThatThrownBy(() -> Intake.of(PERSON, REGISTRY, f)).isInstanceOf(SourceFileException.class)
                .hasMessageStartingWith(f + ":3: ").hasMessageContaining("UTF-8 inside a GBK file (mixed encodings)");
        // and a GBK file of real GBK text passes the same check
        Files.write(f, (HEADER + GOOD + GOOD.replace("胜利路", "长江东路")).getBytes(GBK));
        assertThat(Intake.of(PERSON, REGISTRY, f).accepted()).isEqualTo(2);
    }

    // --- NUL bytes ---

    @Test
    void nulBytesInAnyFieldQuarantineTheRecord() throws IOException {
        String nulName = GOOD.replace("张三", "张\u0000三");
        String nulAddress = GOOD.replace("胜利路", "胜利\u0000路");
        String nulId = GOOD.replace("001X", "001\u0000X");
        Intake.Accounting a = intake(PERSON, GRID, "grid_residents.csv", utf8(HEADER + nulName + nulAddress + nulId + GOOD), 4);
        assertThat(a.reasons(2)).isNotEmpty();
        assertThat(a.reasons(3)).containsExactly("control_character");
        assertThat(a.reasons(4)).isNotEmpty();
        assertThat(a.reasons(5)).isEmpty();
    }

    // --- a 10 MB single field ---

    @Test
    void aTenMegabyteFieldIsQuarantinedNotLoaded() throws IOException {
        String huge = "路".repeat(10 * 1024 * 1024 / 3 + 1);
        Intake.Accounting a = intake(PERSON, GRID, "grid_residents.csv", utf8(HEADER + GOOD.replace("胜利路", huge) + GOOD), 2);
        assertThat(a.reasons(2)).containsExactly("field_too_long");
        assertThat(a.reasons(3)).isEmpty();
    }

    // --- CSV with unbalanced quotes ---

    @Test
    void anUnbalancedQuoteCostsOnlyItsOwnLine() throws IOException {
        String open = GOOD.replace("张三", "\"张三");
        Intake.Accounting a = intake(PERSON, GRID, "grid_residents.csv", utf8(HEADER + GOOD + open + GOOD + GOOD), 4);
        assertThat(a.reasons(3)).containsExactly("unbalanced_quotes");
        assertThat(a.reasons(2)).isEmpty();
        assertThat(a.reasons(4)).isEmpty();
        assertThat(a.reasons(5)).isEmpty();
    }

    @Test
    void aStrayQuoteInsideAFieldIsKeptAsText() throws IOException {
        Intake.Accounting a = intake(PERSON, GRID, "grid_residents.csv", utf8(HEADER + GOOD.replace("胜利路", "胜利\"路")), 1);
        assertThat(a.reasons(2)).isEmpty();
    }

    // --- JSON with wrong types ---

    @Test
    void jsonValuesOfTheWrongTypeAreQuarantined() throws IOException {
        String[] lines = {
                ENTITY_OK,
                ENTITY_OK.replace("\"registered_capital\":\"100\"", "\"registered_capital\":true"),
                ENTITY_OK.replace("\"registered_capital\":\"100\"", "\"registered_capital\":\"一百万\""),
                ENTITY_OK.replace("\"entity_name\":\"合肥瑶海商贸有限公司\"", "\"entity_name\":{\"x\":1}"),
                ENTITY_OK.replace("\"entity_name\":\"合肥瑶海商贸有限公司\"", "\"entity_name\":[\"合肥\",\"瑶海\"]"),
                ENTITY_OK.replace("\"established_date\":\"2010-05-01\"", "\"established_date\":20100501"),
                ENTITY_OK.replace("\"entity_name\":\"合肥瑶海商贸有限公司\"", "\"entity_name\":12345"),
                "[\"914403001922038216\",\"合肥瑶海商贸有限公司\"]",
                "\"just a string\"",
                "null"};
        Intake.Accounting a = intake(ENTITY, MARKET, "market_registry.jsonl", utf8(String.join("\n", lines) + "\n"), lines.length);
        assertThat(a.reasons(1)).isEmpty();
        assertThat(a.reasons(2)).containsExactly("bad_number");
        assertThat(a.reasons(3)).containsExactly("bad_number");
        assertThat(a.reasons(4)).containsExactly("bad_type");
        assertThat(a.reasons(5)).containsExactly("bad_type");
        assertThat(a.reasons(6)).isEmpty(); // the number 20100501 reads as the compact date it spells
        assertThat(a.reasons(7)).containsExactly("bad_name");
        for (long l = 8; l <= 10; l++) {
            assertThat(a.reasons(l)).as("line " + l).containsExactly("malformed_json");
        }
    }

    @Test
    void jsonNumbersKeepEveryDigit() throws IOException {
        // 16 + 2 digits fit decimal(18,2) but not a double: read as a double it would load as ….80
        String exact = ENTITY_OK.replace("\"registered_capital\":\"100\"", "\"registered_capital\":1234567890123456.78");
        Path f = tmp.resolve("market_registry.jsonl");
        Files.write(f, utf8(exact + "\n"));
        List<String> seen = new java.util.ArrayList<>();
        new org.citylake.pipelines.collect.SourceFileReader(ENTITY, MARKET, StandardCharsets.UTF_8).read(f, r -> seen.add(r.fields().get("registered_capital")));
        assertThat(seen).containsExactly("1234567890123456.78");
    }

    // --- column headers containing SQL or HTML ---

    @Test
    void headersWithSqlOrHtmlAreKeptAsDataAndDoNotDisturbTheRecord() throws IOException {
        String sql = "x'); DROP TABLE lake.base.person; --";
        String html = "<script>alert(1)</script>";
        String header = HEADER.strip() + ",\"" + sql + "\"," + html + "\n";
        String row = GOOD.strip() + ",a,b\n";
        Path f = tmp.resolve("grid_residents.csv");
        Files.write(f, utf8(header + row));
        List<java.util.Map<String, String>> extras = new java.util.ArrayList<>();
        new org.citylake.pipelines.collect.SourceFileReader(PERSON, GRID, StandardCharsets.UTF_8).read(f, r -> extras.add(r.extra()));
        assertThat(extras).containsExactly(java.util.Map.of(sql, "a", html, "b"));
        assertThat(intake(PERSON, GRID, "grid_residents.csv", utf8(header + row), 1).reasons(2)).isEmpty();
    }

    @Test
    void aHeaderNamingAContractColumnTwiceIsRefusedNamingTheFile() throws IOException {
        Path f = tmp.resolve("grid_residents.csv");
        Files.write(f, utf8("身份证号,公民身份号码\n1,2\n"));
        assertThatThrownBy(() -> Intake.of(PERSON, GRID, f)).isInstanceOf(SourceFileException.class)
                .hasMessageStartingWith(f + ":1: ").hasMessageContaining("both name column resident_id");
    }

    // --- negative or huge numbers ---

    @Test
    void negativeAndHugeNumbersAreQuarantinedOrKeptExactlyForTheWarningCheck() throws IOException {
        String header = "地址编码,地址类型,标准地址,街道代码,社区代码,经度,纬度,层数\n";
        String ok = "P001,门牌,瑶海区胜利路1号,340102001,340102001001,117.33,31.88,6\n";
        String[] rows = {
                ok,
                ok.replace("117.33", "-117.33"),
                ok.replace("117.33", "1e308"),
                ok.replace("117.33", "NaN"),
                ok.replace("117.33", "Infinity"),
                ok.replace(",6\n", ",99999999999\n"),
                ok.replace(",6\n", ",1e999999999\n"),
                ok.replace(",6\n", ",-3\n"),
                ok.replace("31.88", "-1e-999999999")};
        Intake.Accounting a = intake(PLACE, PLACES, "places.csv", utf8(header + String.join("", rows)), rows.length);
        assertThat(a.reasons(2)).isEmpty();
        for (long l = 3; l <= 7; l++) {
            assertThat(a.reasons(l)).as("line " + l).isNotEmpty();
        }
        assertThat(a.reasons(8)).containsExactly("bad_number"); // 1e999999999 floors: never expanded to a billion digits
        // -3 floors breaks only a warning-level range rule: accepted, and Deequ's range check reports it.
        assertThat(a.reasons(9)).isEmpty();
        assertThat(a.reasons(10)).isNotEmpty();
    }

    // --- dates like 0000-00-00 ---

    @Test
    void zeroAndImpossibleDatesAreQuarantined() throws IOException {
        String[] dates = {"0000-00-00", "0000-01-01", "2020-02-30", "1980-13-01", "00000000", "9999-99-99", "1980-01-01"};
        StringBuilder file = new StringBuilder(HEADER);
        for (String d : dates) {
            file.append(GOOD.replace("1980-01-01", d));
        }
        Intake.Accounting a = intake(PERSON, GRID, "grid_residents.csv", utf8(file.toString()), dates.length);
        for (int i = 0; i < dates.length - 1; i++) {
            assertThat(a.reasons(i + 2)).as(dates[i]).isNotEmpty();
        }
        assertThat(a.reasons(dates.length + 1)).isEmpty();

        String entity = ENTITY_OK.replace("2010-05-01", "0000-00-00");
        assertThat(intake(ENTITY, MARKET, "market_registry.jsonl", utf8(entity + "\n"), 1).reasons(1)).containsExactly("bad_date");
    }
}
