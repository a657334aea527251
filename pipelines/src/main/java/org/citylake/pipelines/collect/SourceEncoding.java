package org.citylake.pipelines.collect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Decides and verifies a source file's encoding before anything of it is loaded. A file that
 * would decode to replacement characters is rejected whole, naming the first bad byte, because a
 * half-decoded registry silently corrupts names and addresses.
 *
 * <p>Detection (for sources declared {@code encoding: auto}): a UTF-8 byte-order mark or bytes that
 * are entirely valid UTF-8 mean UTF-8; otherwise bytes valid in GB 18030 (a superset of GBK) mean
 * GB 18030. Pure ASCII is valid in both and reads the same either way.
 */
public final class SourceEncoding {
    public static final Charset GB18030 = Charset.forName("GB18030");

    private SourceEncoding() {
    }

    /** The file's encoding: the declared one if given (verified), else the detected one. */
    public static Charset resolve(Path file, Charset declared) {
        Charset charset = declared != null ? declared : detect(file);
        OptionalLong bad = firstBadByte(file, charset);
        if (bad.isPresent()) {
            throw new SourceFileException(file, lineOf(file, bad.getAsLong()), "byte offset " + bad.getAsLong() + " is not valid "
                    + charset.name() + (declared != null ? " (the contract declares " + declared.name() + ")" : " (detected)")
                    + "; the whole file is rejected and nothing of it was loaded");
        }
        if (isGbFamily(charset)) {
            OptionalLong utf8 = firstUtf8Line(file);
            if (utf8.isPresent()) {
                throw new SourceFileException(file, utf8.getAsLong(), "this line is UTF-8 inside a " + charset.name()
                        + " file (mixed encodings): read as " + charset.name() + " it would load as mojibake; the whole file is"
                        + " rejected and nothing of it was loaded — ask the department to export it in one encoding");
            }
        }
        return charset;
    }

    /** GBK and GB 18030 decode most UTF-8 Chinese without error — as other, wrong characters (张三 → 寮犱笁). */
    static boolean isGbFamily(Charset c) {
        String n = c.name().toUpperCase(java.util.Locale.ROOT);
        return n.equals("GBK") || n.equals("GB18030") || n.equals("GB2312") || n.equals("X-MSWIN-936");
    }

    /**
     * The first line (1-based) that is UTF-8 Chinese: it decodes strictly as UTF-8 and has at least
     * {@link #UTF8_EVIDENCE} three-byte characters. GBK text forms valid three-byte UTF-8 sequences only by
     * rare accident (the famous 联通 is two bytes a pair), and three in one line not in practice.
     */
    static OptionalLong firstUtf8Line(Path file) {
        // One pass over the bytes with a strict UTF-8 check per line (what CharsetDecoder REPORT accepts):
        // no copy and no decoder per line, which at a million GBK lines was most of this check's time.
        try (InputStream s = Files.newInputStream(file)) {
            Utf8Line line = new Utf8Line();
            byte[] buf = new byte[1 << 16];
            long number = 1;
            int n;
            while ((n = s.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        if (line.isUtf8Chinese()) {
                            return OptionalLong.of(number);
                        }
                        line.reset();
                        number++;
                    } else {
                        line.accept(b & 0xFF);
                    }
                }
            }
            return line.isUtf8Chinese() ? OptionalLong.of(number) : OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /**
     * The bytes of one line so far: whether they are strictly valid UTF-8 (shortest forms, no surrogates,
     * at most U+10FFFF), whether any is non-ASCII, and how many UTF-16 chars at or above U+0800 they decode to.
     */
    static final class Utf8Line {
        private boolean valid = true;
        private boolean nonAscii;
        private int wide;
        /** Continuation bytes still expected, and the range the next one must lie in. */
        private int pending;
        private int lo = 0x80;
        private int hi = 0xBF;
        private int charsOfSequence;

        void reset() {
            valid = true;
            nonAscii = false;
            wide = 0;
            pending = 0;
        }

        void accept(int b) {
            if (b >= 0x80) {
                nonAscii = true;
            }
            if (!valid) {
                return;
            }
            if (pending > 0) {
                if (b < lo || b > hi) {
                    valid = false;
                    return;
                }
                lo = 0x80;
                hi = 0xBF;
                if (--pending == 0) {
                    wide += charsOfSequence;
                }
                return;
            }
            if (b < 0x80) {
                return;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                pending = 1;
                charsOfSequence = 0;        // U+0080..U+07FF: not wide
            } else if (b >= 0xE0 && b <= 0xEF) {
                pending = 2;
                charsOfSequence = 1;        // U+0800..U+FFFF
                lo = b == 0xE0 ? 0xA0 : 0x80;
                hi = b == 0xED ? 0x9F : 0xBF; // no overlongs, no surrogates
            } else if (b >= 0xF0 && b <= 0xF4) {
                pending = 3;
                charsOfSequence = 2;        // a surrogate pair
                lo = b == 0xF0 ? 0x90 : 0x80;
                hi = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                valid = false;
            }
        }

        boolean isUtf8Chinese() {
            return nonAscii && valid && pending == 0 && wide >= UTF8_EVIDENCE;
        }
    }

    static final int UTF8_EVIDENCE = 3;

    public static Charset detect(Path file) {
        if (hasUtf8Bom(file) || firstBadByte(file, StandardCharsets.UTF_8).isEmpty()) {
            return StandardCharsets.UTF_8;
        }
        return GB18030;
    }

    /** The offset of the first byte that does not decode strictly in {@code charset}, if any. */
    public static OptionalLong firstBadByte(Path file, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        long consumed = 0;
        try (InputStream s = Files.newInputStream(file)) {
            boolean eof = false;
            while (true) {
                if (!eof) {
                    int n = s.read(in.array(), in.position(), in.remaining());
                    if (n < 0) {
                        eof = true;
                    } else {
                        in.position(in.position() + n);
                    }
                }
                in.flip();
                int before = in.position();
                CoderResult r = decoder.decode(in, out, eof);
                if (r.isError()) {
                    return OptionalLong.of(consumed + in.position());
                }
                consumed += in.position() - before;
                out.clear();
                in.compact();
                if (eof && r.isUnderflow()) {
                    CoderResult flush = decoder.flush(out);
                    return flush.isError() ? OptionalLong.of(consumed) : OptionalLong.empty();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static boolean hasUtf8Bom(Path file) {
        try (InputStream s = Files.newInputStream(file)) {
            byte[] b = s.readNBytes(3);
            return b.length == 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** 1-based line number of a byte offset, for the error message. */
    static long lineOf(Path file, long offset) {
        long line = 1;
        try (InputStream s = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            long pos = 0;
            int n;
            while (pos < offset && (n = s.read(buf)) > 0) {
                for (int i = 0; i < n && pos < offset; i++, pos++) {
                    if (buf[i] == '\n') {
                        line++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return line;
    }
}
