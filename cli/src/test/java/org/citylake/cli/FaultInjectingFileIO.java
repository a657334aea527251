package org.citylake.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * The fault suite's FileIO: Iceberg's HadoopFileIO, plus one fault at a chosen new output file. It is
 * installed only by naming it as the catalog's {@code io-impl} (e.g. {@code
 * spark.sql.catalog.lake.io-impl}, as a Spark conf of one session or a {@code -D} system property of a
 * child JVM) and is inert without {@value #ACTION}; no main code knows it.
 *
 * <p>Catalog properties (the FileIO receives every property of its catalog):
 * <ul>
 *   <li>{@value #ACTION}: {@code fail} (throw an IOException, as a full disk would), {@code halt}
 *       ({@code Runtime.halt}, as {@code kill -9} would), {@code freeze} (print {@value #FROZEN} and block
 *       forever, so the test sends a real {@code kill -9} at a known point), {@code pause} (block until
 *       {@link #release} for the {@value #ID}, then go on);</li>
 *   <li>{@value #PATH}: a substring of the new file's location, e.g. {@code /base.db/person/data/};</li>
 *   <li>{@value #CALLER}: optional, a substring of a class on the writing thread's stack, e.g. {@code
 *       FastForwardBranchProcedure} to pick the metadata write of a publish;</li>
 *   <li>{@value #NTH}: the fault hits the Nth matching file (default 1) and only that one;</li>
 *   <li>{@value #WHEN}: {@code create} (default), {@code write} (after the first bytes: mid-file) or {@code
 *       close} (the file complete, before the writer returns: for a metadata file, written but not yet
 *       swapped into the catalog);</li>
 *   <li>{@value #ID}: names the counter and latch, so test cases do not share them.</li>
 * </ul>
 * Counters are per JVM (static): Spark ships a copy of the FileIO with every task, and in local mode all
 * copies share them.
 */
public class FaultInjectingFileIO extends HadoopFileIO {
    public static final String ACTION = "citylake.fault.action";
    public static final String PATH = "citylake.fault.path";
    public static final String CALLER = "citylake.fault.caller";
    public static final String NTH = "citylake.fault.nth";
    public static final String WHEN = "citylake.fault.when";
    public static final String ID = "citylake.fault.id";
    public static final String FROZEN = "FAULT-FROZEN";
    /** The message of an injected write failure, so a test can find it in the job's error. */
    public static final String INJECTED = "injected write fault";

    private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> RELEASES = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> REACHED = new ConcurrentHashMap<>();

    private String action = "";
    private String path = "";
    private String caller = "";
    private int nth = 1;
    private String when = "create";
    private String id = "default";

    @Override
    public void initialize(Map<String, String> properties) {
        super.initialize(properties);
        action = properties.getOrDefault(ACTION, "");
        path = properties.getOrDefault(PATH, "");
        caller = properties.getOrDefault(CALLER, "");
        nth = Integer.parseInt(properties.getOrDefault(NTH, "1"));
        when = properties.getOrDefault(WHEN, "create");
        id = properties.getOrDefault(ID, "default");
        if (!action.isEmpty() && !java.util.Set.of("fail", "halt", "freeze", "pause").contains(action)) {
            throw new IllegalArgumentException(ACTION + " must be fail, halt, freeze or pause: " + action);
        }
    }

    /** Lets a paused writer of fault {@code id} go on. */
    public static void release(String id) {
        RELEASES.computeIfAbsent(id, k -> new CountDownLatch(1)).countDown();
    }

    /** Waits until a writer of fault {@code id} has reached its fault; false on timeout. */
    public static boolean awaitReached(String id, long seconds) throws InterruptedException {
        return REACHED.computeIfAbsent(id, k -> new CountDownLatch(1)).await(seconds, TimeUnit.SECONDS);
    }

    /** Forgets fault {@code id}'s count and latches (a test case starts afresh). */
    public static void reset(String id) {
        COUNTS.remove(id);
        RELEASES.remove(id);
        REACHED.remove(id);
    }

    @Override
    public OutputFile newOutputFile(String location) {
        OutputFile file = super.newOutputFile(location);
        if (action.isEmpty() || !location.contains(path) || !onStack()) {
            return file;
        }
        if (COUNTS.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() != nth) {
            return file;
        }
        return new Faulty(file);
    }

    private boolean onStack() {
        if (caller.isEmpty()) {
            return true;
        }
        for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
            if (e.getClassName().contains(caller)) {
                return true;
            }
        }
        return false;
    }

    /** Acts once, at the configured moment of this file. */
    private void strike(String location, String moment) throws IOException {
        String what = action + " at " + moment + " of " + location + " (fault '" + id + "')";
        switch (action) {
            case "fail" -> throw new IOException(INJECTED + ": " + what);
            case "halt" -> {
                System.out.println("FAULT-HALT " + what);
                System.out.flush();
                Runtime.getRuntime().halt(org.citylake.exchange.CrashPoint.EXIT_CODE);
            }
            case "freeze" -> {
                REACHED.computeIfAbsent(id, k -> new CountDownLatch(1)).countDown();
                System.out.println(FROZEN + " " + what);
                System.out.flush();
                try {
                    new CountDownLatch(1).await();   // until the kill -9
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while frozen", e);
                }
            }
            case "pause" -> {
                REACHED.computeIfAbsent(id, k -> new CountDownLatch(1)).countDown();
                System.out.println("FAULT-PAUSED " + what);
                try {
                    if (!RELEASES.computeIfAbsent(id, k -> new CountDownLatch(1)).await(10, TimeUnit.MINUTES)) {
                        throw new IOException("fault '" + id + "' was never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while paused", e);
                }
            }
            default -> throw new IllegalStateException(action);
        }
    }

    private final class Faulty implements OutputFile {
        private final OutputFile delegate;

        Faulty(OutputFile delegate) {
            this.delegate = delegate;
        }

        @Override
        public PositionOutputStream create() {
            return open(false);
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
            return open(true);
        }

        private PositionOutputStream open(boolean overwrite) {
            try {
                if (when.equals("create")) {
                    strike(delegate.location(), "create");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            PositionOutputStream out = overwrite ? delegate.createOrOverwrite() : delegate.create();
            return when.equals("create") ? out : new Stream(out, delegate.location());
        }

        @Override
        public String location() {
            return delegate.location();
        }

        @Override
        public InputFile toInputFile() {
            return delegate.toInputFile();
        }
    }

    private final class Stream extends PositionOutputStream {
        private final PositionOutputStream out;
        private final String location;
        private boolean struck;

        Stream(PositionOutputStream out, String location) {
            this.out = out;
            this.location = location;
        }

        private void beforeWrite() throws IOException {
            // After the first bytes (Parquet's magic): the file exists, half written.
            if (when.equals("write") && !struck && out.getPos() > 0) {
                struck = true;
                out.flush();
                strike(location, "write (" + out.getPos() + " bytes in)");
            }
        }

        @Override
        public long getPos() throws IOException {
            return out.getPos();
        }

        @Override
        public long storedLength() throws IOException {
            return out.storedLength();
        }

        @Override
        public void write(int b) throws IOException {
            beforeWrite();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            beforeWrite();
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (when.equals("close") && !struck) {
                struck = true;
                out.close();
                strike(location, "close");
                return;
            }
            out.close();
        }
    }
}
