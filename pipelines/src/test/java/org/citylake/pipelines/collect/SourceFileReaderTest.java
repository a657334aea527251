package org.citylake.pipelines.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFileReaderTest {
    static final Path HOME = Path.of(System.getProperty("citylake.home", ".."));
    static final TableContract PERSON = ContractLoader.load(HOME.resolve("conf/contracts/base/person.yaml"));
    static final TableContract ENTITY = ContractLoader.load(HOME.resolve("conf/contracts/base/legal_entity.yaml"));
    static final Charset GBK = Charset.forName("GBK");

    @TempDir
    Path tmp;

    @Test
    void gbkCsvWithChineseHeadersMapsToContractColumns() throws IOException {
        Path f = tmp.resolve("population_registry.csv");
        Files.write(f, "公民身份号码,姓名,备注\r\n11010519491231002X,张三,无\r\n".getBytes(GBK));
        List<SourceRecord> out = read(PERSON, PERSON.sources().get(0), f);
        assertThat(out).hasSize(1);
        SourceRecord r = out.get(0);
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.fields()).containsEntry("resident_id", "11010519491231002X").containsEntry("name", "张三");
        assertThat(r.extra()).containsEntry("备注", "无");
        assertThat(r.readable()).isTrue();
    }

    @Test
    void aLineThatIsNotValidInTheDeclaredEncodingIsKeptAndFlagged() throws IOException {
        Path f = tmp.resolve("grid_residents.csv"); // declared UTF-8
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("身份证号,名字\n".getBytes(StandardCharsets.UTF_8));
        b.write("11010519491231002X,".getBytes(StandardCharsets.UTF_8));
        b.write("李四\n".getBytes(GBK)); // a GBK name inside a UTF-8 file
        b.write("110105194912310029,王五\n".getBytes(StandardCharsets.UTF_8));
        Files.write(f, b.toByteArray());
        List<SourceRecord> out = read(PERSON, PERSON.sources().get(1), f);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).parseError()).startsWith("encoding_error: line 2 is not valid UTF-8");
        assertThat(out.get(0).raw()).startsWith("11010519491231002X,");
        assertThat(out.get(1).fields()).containsEntry("name", "王五");
        assertThat(out.get(1).line()).isEqualTo(3);
    }

    @Test
    void utf8ByteOrderMarkIsNotPartOfTheFirstHeader() throws IOException {
        Path f = tmp.resolve("grid_residents.csv");
        Files.write(f, ("\uFEFF身份证号,名字\n11010519491231002X,张三\n").getBytes(StandardCharsets.UTF_8));
        assertThat(read(PERSON, PERSON.sources().get(1), f).get(0).fields()).containsEntry("resident_id", "11010519491231002X");
    }

    @Test
    void quotedFieldsMaySpanLinesButAnUnclosedQuoteCostsOnlyItsOwnLine() throws IOException {
        Path f = tmp.resolve("grid_residents.csv");
        Files.writeString(f, "身份证号,名字,居住地址\n"
                + "1,\"张三\",\"长江东路\n88号\"\n"
                + "2,\"李四,未闭合\n"
                + "3,王五,胜利路1号\n", StandardCharsets.UTF_8);
        List<SourceRecord> out = read(PERSON, PERSON.sources().get(1), f);
        assertThat(out).extracting(SourceRecord::line).containsExactly(2L, 4L, 5L);
        assertThat(out.get(0).fields()).containsEntry("residence_address", "长江东路\n88号");
        assertThat(out.get(1).parseError()).startsWith("unbalanced_quotes: line 4");
        assertThat(out.get(2).fields()).containsEntry("name", "王五");
    }

    @Test
    void wrongFieldCountAndBlankLinesAreRecordsToo() throws IOException {
        Path f = tmp.resolve("grid_residents.csv");
        Files.writeString(f, "身份证号,名字\n1,张三,多余\n\n2,李四\n", StandardCharsets.UTF_8);
        List<SourceRecord> out = read(PERSON, PERSON.sources().get(1), f);
        assertThat(out).extracting(SourceRecord::parseError).containsExactly(
                "wrong_field_count: line 2 has 3 fields, the header has 2", "empty_record: line 3 is empty", null);
    }

    @Test
    void headerNamingNoContractColumnIsAFileError() throws IOException {
        Path f = tmp.resolve("grid_residents.csv");
        Files.writeString(f, "a,b\n1,2\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(PERSON, PERSON.sources().get(1), f))
                .isInstanceOf(SourceFileException.class).hasMessageContaining("grid_residents.csv:1: no header names a column of base.person");
    }

    @Test
    void jsonLinesKeepNumbersAsTextAndFlagBrokenLines() throws IOException {
        Path f = tmp.resolve("market_registry.jsonl");
        Files.writeString(f, "{\"统一社会信用代码\":\"914403001922038216\",\"注册资本\":100.5,\"其他\":{\"a\":1}}\n"
                + "{\"统一社会信用代码\": \n"
                + "[1,2]\n", StandardCharsets.UTF_8);
        List<SourceRecord> out = read(ENTITY, ENTITY.sources().get(0), f);
        assertThat(out.get(0).fields()).containsEntry("credit_code", "914403001922038216").containsEntry("registered_capital", "100.5");
        assertThat(out.get(0).extra()).containsEntry("其他", "{\"a\":1}");
        assertThat(out.get(1).parseError()).startsWith("malformed_json: line 2");
        assertThat(out.get(2).parseError()).isEqualTo("malformed_json: line 3 is not a JSON object");
    }

    private static List<SourceRecord> read(TableContract c, SourceSpec s, Path f) {
        List<SourceRecord> out = new ArrayList<>();
        long n = new SourceFileReader(c, s).read(f, out::add);
        assertThat(n).isEqualTo(out.size());
        return out;
    }
}
