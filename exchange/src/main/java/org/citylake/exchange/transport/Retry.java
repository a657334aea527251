package org.citylake.exchange.transport;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;

/**
 * Retries an S3 call on network errors and server-side failures with exponential backoff. A client error
 * (no such key, access denied, bad signature) is not retried: it will not heal by waiting.
 */
public record Retry(int attempts, Duration firstBackoff, double factor, PrintStream log) {
    private static final Set<String> RETRYABLE_CODES = Set.of("SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout");

    public static Retry standard(PrintStream log) {
        return new Retry(6, Duration.ofMillis(200), 2.0, log);
    }

    @FunctionalInterface
    public interface Call<T> {
        T run() throws Exception;
    }

    public <T> T run(String what, Call<T> call) {
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (Exception e) {
                if (!retryable(e) || attempt >= attempts) {
                    throw new TransportException(what + " failed" + (attempt > 1 ? " after " + attempt + " attempts" : "") + ": " + describe(e), e);
                }
                log.printf("retry %d/%d of %s in %d ms: %s%n", attempt, attempts - 1, what, backoff.toMillis(), describe(e));
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new TransportException(what + " interrupted", ie);
                }
                backoff = Duration.ofMillis((long) (backoff.toMillis() * factor));
            }
        }
    }

    static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ErrorResponseException er) {
                return RETRYABLE_CODES.contains(er.errorResponse().code());
            }
            if (t instanceof ServerException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable e) {
        if (e instanceof ErrorResponseException er) {
            return er.errorResponse().code() + " " + er.errorResponse().message();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    /** An S3 operation that failed for good. */
    public static final class TransportException extends RuntimeException {
        public TransportException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
