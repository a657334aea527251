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
}
