package org.citylake.pipelines.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.citylake.catalog.contract.ColumnContract;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.SourceFormat;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a file split by split gives exactly what reading it in order gives — every record, its line,
 * fields, raw text and parse error — for every split size down to a few bytes, on files with the hard
 * cases: quoted fields spanning lines, a quote that never closes (given up on after 50 lines, which are
 * then records of their own), blank lines, undecodable lines, a missing last newline, CRLF.
 */
class SourceSplitsTest {
    static final Path HOME = Path.of(System.getProperty("citylake.home", ".."));
    static final TableContract PERSON = ContractLoader.load(HOME.resolve("conf/contracts/base/person.yaml"));
    static final TableContract ENTITY = ContractLoader.load(HOME.resolve("conf/contracts/base/legal_entity.yaml"));

    @TempDir
    Path tmp;

    @Test
    void csvSplitsReadExactlyWhatTheWholeFileReads() throws IOException {
        SourceSpec grid = source(PERSON, "grid_residents");
        Random random = new Random(7);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("身份证号,名字,居住地址,备注\r\n".getBytes(StandardCharsets.UTF_8));
        int line = 2;
        while (line < 2_000) {
            int kind = random.nextInt(100);
            String text;
            if (kind < 3) {
                text = String.format("1101051949123%05d,\"张%d\n第二行\",\"合肥\"\"市\"\"\",x\n", line, line); // two lines
                line++;
            } else if (kind < 4 && line % 400 < 50) {
                text = "11010519491231002X,\"never closed,x\n"; // gives up after 50 lines, re-read one by one
            } else if (kind < 6) {
                text = "\n";
            } else if (kind < 7) {
                b.write("11010519491231002X,".getBytes(StandardCharsets.UTF_8));
                b.write("李四,a,b\n".getBytes(Charset.forName("GBK"))); // not UTF-8
                line++;
                continue;
            } else if (kind < 9) {
                text = "11010519491231002X,only two\r\n";
            } else {
                text = String.format("1101051949123%05d,王%d,瑶海区%d号,\n", line, line, random.nextInt(1000));
            }
            b.write(text.getBytes(StandardCharsets.UTF_8));
            line++;
        }
        b.write("110105194912310029,最后,没有换行,".getBytes(StandardCharsets.UTF_8));
        Path f = tmp.resolve("grid_residents.csv");
        Files.write(f, b.toByteArray());

        SourceFileReader reader = new SourceFileReader(PERSON, grid, StandardCharsets.UTF_8);
        List<SourceRecord> whole = new ArrayList<>();
        reader.read(f, whole::add);
        assertThat(whole).anyMatch(r -> r.parseError() != null && r.parseError().startsWith("unbalanced_quotes"));
        assertThat(whole).anyMatch(r -> r.readable() && r.fields().get("name").contains("\n"));
        assertThat(whole).anyMatch(r -> r.parseError() != null && r.parseError().startsWith("encoding_error"));

        SourceFileReader.CsvHeader header = reader.header(f);
        int manySplits = 0;
        for (long target : new long[] {1, 7, 64, 333, 1_000, 4_096, 100_000, Long.MAX_VALUE}) {
            List<SourceSplit> splits = SourceSplits.plan(f, SourceFormat.CSV, target);
            assertContiguous(splits, Files.size(f));
            manySplits = Math.max(manySplits, splits.size());
            assertThat(readSplits(reader, f, header, splits)).as("splits of about " + target + " bytes").isEqualTo(whole);
        }
        assertThat(manySplits).as("the small targets really split the file").isGreaterThan(10);
    }

    @Test
    void aSplitNeverStartsRightAfterQuotedLines() throws IOException {
        // Every line quoted: no line has 51 quote-free lines before it, so the file stays one split.
        StringBuilder csv = new StringBuilder("身份证号,名字\n");
        for (int i = 0; i < 500; i++) {
            csv.append("\"11010519491231002X\",\"张三\"\n");
        }
        Path f = tmp.resolve("grid_residents.csv");
        Files.writeString(f, csv, StandardCharsets.UTF_8);
        assertThat(SourceSplits.plan(f, SourceFormat.CSV, 10)).hasSize(1);
    }

    @Test
    void jsonLinesSplitAtAnyLine() throws IOException {
        SourceSpec market = ENTITY.sources().stream().filter(s -> s.format() == SourceFormat.JSONL).findFirst().orElseThrow();
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            json.append(i % 17 == 0 ? "\n" : i % 23 == 0 ? "{not json\n" : "{\"统一社会信用代码\":\"91340100MA2" + i + "\",\"x\":[1]}\n");
        }
        Path f = tmp.resolve("market_registry.jsonl");
        Files.writeString(f, json, StandardCharsets.UTF_8);
        SourceFileReader reader = new SourceFileReader(ENTITY, market, StandardCharsets.UTF_8);
        List<SourceRecord> whole = new ArrayList<>();
        reader.read(f, whole::add);
        for (long target : new long[] {1, 50, 2_000}) {
            List<SourceSplit> splits = SourceSplits.plan(f, SourceFormat.JSONL, target);
            assertContiguous(splits, Files.size(f));
            assertThat(readSplits(reader, f, null, splits)).isEqualTo(whole);
        }
        assertThat(SourceSplits.plan(f, SourceFormat.JSONL, 1)).hasSizeGreaterThan(250);
    }

    @Test
    void anEmptyFileIsOneEmptySplit() throws IOException {
        Path f = tmp.resolve("market_registry.jsonl");
        Files.write(f, new byte[0]);
        assertThat(SourceSplits.plan(f, SourceFormat.JSONL, 10)).containsExactly(new SourceSplit(0, 0, 1));
    }

    @Test
    void headerNamesAgreeWithTheContract() {
        for (TableContract c : List.of(PERSON, ENTITY)) {
            HeaderNames names = HeaderNames.of(c);
            for (ColumnContract col : c.columns()) {
                List<String> headers = new ArrayList<>(col.aliases());
                headers.addAll(List.of(col.name(), col.name().toUpperCase(java.util.Locale.ROOT), " " + col.title() + " ", col.title() + "x"));
                for (String h : headers) {
                    assertThat(names.column(h)).as(h).isEqualTo(c.columnForHeader(h).map(ColumnContract::name));
                }
            }
        }
    }

    private static List<SourceRecord> readSplits(SourceFileReader reader, Path f, SourceFileReader.CsvHeader header, List<SourceSplit> splits) {
        List<SourceRecord> out = new ArrayList<>();
        for (SourceSplit s : splits) {
            try (SourceFileReader.Records records = reader.records(f, header, s)) {
                records.forEachRemaining(out::add);
            }
        }
        return out;
    }

    private static void assertContiguous(List<SourceSplit> splits, long size) {
        assertThat(splits.get(0).start()).isZero();
        assertThat(splits.get(0).firstLine()).isEqualTo(1);
        for (int i = 1; i < splits.size(); i++) {
            assertThat(splits.get(i).start()).isEqualTo(splits.get(i - 1).end());
        }
        assertThat(splits.get(splits.size() - 1).end()).isEqualTo(size);
    }

    private static SourceSpec source(TableContract c, String name) {
        return c.sources().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
