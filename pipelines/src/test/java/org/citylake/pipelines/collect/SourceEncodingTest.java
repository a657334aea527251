package org.citylake.pipelines.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceEncodingTest {
    static final Charset GBK = Charset.forName("GBK");

    @TempDir
    Path tmp;

    @Test
    void detectsUtf8WithAndWithoutBomAndGbk() throws IOException {
        Path utf8 = write("a.csv", "姓名\n张三\n".getBytes(StandardCharsets.UTF_8));
        Path bom = write("b.csv", ("\uFEFF姓名\n张三\n").getBytes(StandardCharsets.UTF_8));
        Path gbk = write("c.csv", "姓名\n张三\n".getBytes(GBK));
        assertThat(SourceEncoding.detect(utf8)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(SourceEncoding.detect(bom)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(SourceEncoding.detect(gbk)).isEqualTo(SourceEncoding.GB18030);
        assertThat(SourceEncoding.resolve(gbk, null)).isEqualTo(SourceEncoding.GB18030);
    }

    @Test
    void aFileWithABadByteIsRejectedWholeNamingTheOffsetAndLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("身份证号,名字\n1,张三\n2,".getBytes(StandardCharsets.UTF_8));
        int offset = b.size();
        b.write("李四".getBytes(GBK)); // a GBK name pasted into a UTF-8 file
        b.write("\n".getBytes(StandardCharsets.UTF_8));
        Path f = write("grid_residents.csv", b.toByteArray());
        assertThat(SourceEncoding.firstBadByte(f, StandardCharsets.UTF_8)).hasValue(offset);
        assertThatThrownBy(() -> SourceEncoding.resolve(f, StandardCharsets.UTF_8))
                .isInstanceOf(SourceFileException.class)
                .hasMessage(f + ":3: byte offset " + offset + " is not valid UTF-8 (the contract declares UTF-8); "
                        + "the whole file is rejected and nothing of it was loaded");
    }

    @Test
    void findsABadByteBeyondTheFirstBuffer() throws IOException {
        byte[] big = new byte[200_000];
        java.util.Arrays.fill(big, (byte) 'a');
        big[150_000] = (byte) 0xFF;
        Path f = write("big.csv", big);
        assertThat(SourceEncoding.firstBadByte(f, StandardCharsets.UTF_8)).hasValue(150_000);
        assertThat(SourceEncoding.firstBadByte(write("ok.csv", "a\nb\n".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aTruncatedMultiByteCharacterAtTheEndIsBad() throws IOException {
        byte[] zhang = "张".getBytes(StandardCharsets.UTF_8);
        Path f = write("t.csv", new byte[] {'a', zhang[0], zhang[1]});
        assertThat(SourceEncoding.firstBadByte(f, StandardCharsets.UTF_8)).isPresent();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    /**
     * The byte-level UTF-8 line check agrees with Java's strict decoder (the definition: decodes with REPORT,
     * at least three chars at or above U+0800) on random lines of UTF-8, GBK, mixed and arbitrary bytes.
     */
    @Test
    void utf8LineCheckAgreesWithTheStrictDecoder() {
        java.util.Random random = new java.util.Random(11);
        java.nio.charset.CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT).onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        String[] pieces = {"张三", "a", "é", "😀", ",", "合肥市瑶海区", "\uFFFF", "0"};
        int utf8Chinese = 0;
        for (int i = 0; i < 20_000; i++) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int parts = random.nextInt(6);
            for (int p = 0; p < parts; p++) {
                int kind = random.nextInt(4);
                String piece = pieces[random.nextInt(pieces.length)];
                byte[] bytes = kind == 0 ? piece.getBytes(GBK) : kind == 1 ? new byte[] {(byte) (0x80 + random.nextInt(128))}
                        : kind == 2 ? new byte[] {(byte) random.nextInt(256), (byte) random.nextInt(256)} : piece.getBytes(StandardCharsets.UTF_8);
                line.writeBytes(bytes);
            }
            byte[] bytes = line.toByteArray();
            SourceEncoding.Utf8Line check = new SourceEncoding.Utf8Line();
            for (byte b : bytes) {
                if (b != '\n') {
                    check.accept(b & 0xFF);
                }
            }
            boolean expected = !new String(bytes, StandardCharsets.ISO_8859_1).contains("\n") && decodesAsUtf8Chinese(strict, bytes);
            if (new String(bytes, StandardCharsets.ISO_8859_1).contains("\n")) {
                continue; // a newline ends a line; the file-level check never hands one to a line
            }
            assertThat(check.isUtf8Chinese()).as(java.util.HexFormat.of().formatHex(bytes)).isEqualTo(expected);
            utf8Chinese += expected ? 1 : 0;
        }
        assertThat(utf8Chinese).as("some lines are UTF-8 Chinese").isGreaterThan(100);
    }

    private static boolean decodesAsUtf8Chinese(java.nio.charset.CharsetDecoder strict, byte[] line) {
        boolean nonAscii = false;
        for (byte b : line) {
            nonAscii |= b < 0;
        }
        try {
            java.nio.CharBuffer chars = strict.reset().decode(java.nio.ByteBuffer.wrap(line));
            int wide = 0;
            for (int i = 0; i < chars.length(); i++) {
                wide += chars.charAt(i) >= 0x800 ? 1 : 0;
            }
            return nonAscii && wide >= SourceEncoding.UTF8_EVIDENCE;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
