package org.citylake.exchange.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.MinioClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final Retry retry = new Retry(4, Duration.ofMillis(5), 2.0, new PrintStream(log, true));

    @Test
    void networkErrorsAreRetriedWithBackoffThenSucceed() {
        AtomicInteger calls = new AtomicInteger();
        String out = retry.run("flaky", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("connection reset");
            }
            return "ok";
        });
        assertThat(out).isEqualTo("ok");
        assertThat(calls).hasValue(3);
        assertThat(log.toString()).contains("retry 1/3 of flaky in 5 ms", "retry 2/3 of flaky in 10 ms");
    }

    @Test
    void programmingErrorsAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.run("bad", () -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("no");
        })).isInstanceOf(Retry.TransportException.class).hasMessageContaining("bad failed: no");
        assertThat(calls).hasValue(1);
    }

    @Test
    void anUnreachableServerFailsAfterTheLastAttempt() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        PeerStore store = new PeerStore(MinioClient.builder().endpoint("http://127.0.0.1:" + port).credentials("a", "b").build(),
                "city", "p", retry, new PrintStream(log, true));
        assertThatThrownBy(store::packageIds).isInstanceOf(Retry.TransportException.class).hasMessageContaining("after 4 attempts");
    }
}
