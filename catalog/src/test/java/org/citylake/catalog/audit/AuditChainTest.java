package org.citylake.catalog.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {
    private static final Instant T0 = Instant.parse("2026-12-08T01:00:00.123456789Z");

    /** Three entries as commands would append them. */
    private static List<AuditEntry> chain() {
        List<AuditEntry> out = new ArrayList<>();
        AuditEntry a = AuditEntry.next(null, AuditEvent.of(Actions.LOAD, "base.person", "base.place").withBatch("b1")
                .withDetail("base.person.rows_in", 2000).ok("2 tables"), T0, "ops");
        AuditEntry b = AuditEntry.next(a, AuditEvent.of(Actions.PUBLISH_STEWARD, "base.person").withBatch("b1").withActor("steward")
                .withDetail("reason", "confirmed with 公安分局 \"by phone\"\n"), T0.plusSeconds(60), "ops");
        AuditEntry c = AuditEntry.next(b, AuditEvent.of(Actions.APPS_GRANT, "app:app_market", "base.place").failed("no such table"),
                T0.plusSeconds(120), "root");
        out.add(a);
        out.add(b);
        out.add(c);
        return out;
    }

    @Test
    void entriesChainFromGenesisAndVerify() {
        List<AuditEntry> log = chain();
        assertThat(log).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L);
        assertThat(log.get(0).prevHash()).isEqualTo(AuditEntry.GENESIS);
        assertThat(log.get(1).prevHash()).isEqualTo(log.get(0).hash());
        assertThat(log.get(0).hash()).matches("[0-9a-f]{64}").isEqualTo(log.get(0).computedHash());
        // Stored to the microsecond (Iceberg's precision): the same entry read back hashes the same.
        assertThat(log.get(0).at()).isEqualTo(Instant.parse("2026-12-08T01:00:00.123456Z"));
        assertThat(log.get(0).details()).isEqualTo("{\"base.person.rows_in\":\"2000\"}");
        AuditChain.Verification v = AuditChain.verify(log);
        assertThat(v.intact()).isTrue();
        assertThat(v.entries()).isEqualTo(3);
    }

    @Test
    void aChangedFieldIsFoundAndNamed() {
        List<AuditEntry> log = chain();
        AuditEntry b = log.get(1);
        // The steward's reason rewritten afterwards, hash left as stored.
        log.set(1, new AuditEntry(b.seq(), b.at(), b.osUser(), b.actor(), b.action(), b.targets(), b.batchId(), b.packageId(),
                b.outcome(), b.message(), "{\"reason\":\"routine\"}", b.prevHash(), b.hash()));
        assertThat(AuditChain.verify(log).problems()).singleElement().asString()
                .startsWith("entry 2 (publish.steward at 2026-12-08T01:01:00.123456Z) was changed after it was written");
    }

    @Test
    void aChangedOutcomeWithARecomputedHashBreaksTheNextLink() {
        List<AuditEntry> log = chain();
        AuditEntry b = log.get(1);
        AuditEntry forged = new AuditEntry(b.seq(), b.at(), "someone-else", b.actor(), b.action(), b.targets(), b.batchId(), b.packageId(),
                b.outcome(), b.message(), b.details(), b.prevHash(), "");
        log.set(1, forged.withHash(forged.computedHash()));
        assertThat(AuditChain.verify(log).problems()).singleElement().asString()
                .contains("entry 3 (apps.grant").contains("does not follow entry 2");
    }

    @Test
    void removedAndDuplicatedEntriesAreFound() {
        List<AuditEntry> log = chain();
        log.remove(1);
        assertThat(AuditChain.verify(log).problems()).singleElement().asString().startsWith("entries 2 are missing before 3");
        List<AuditEntry> twice = chain();
        twice.add(twice.get(2));
        assertThat(AuditChain.verify(twice).problems()).anyMatch(p -> p.startsWith("two entries with seq 3"));
    }

    @Test
    void canonicalTextEscapesAndKeepsNullsApart() {
        AuditEntry b = chain().get(1);
        assertThat(b.canonical()).contains("\"{\\\"reason\\\":\\\"confirmed with 公安分局 \\\\\\\"by phone\\\\\\\"\\\\n\\\"}\"");
        AuditEntry a = chain().get(0);
        // No actor and no package: JSON null, never the text "null" (which a user could be called).
        assertThat(a.canonical()).contains(",\"ops\",null,\"load\",[\"base.person\",\"base.place\"],\"b1\",null,\"ok\"");
        assertThat(a.toJson()).contains("\"details\":{\"base.person.rows_in\":\"2000\"}").contains("\"actor\":null");
    }

    @Test
    void filtersCombine() {
        List<AuditEntry> log = chain();
        assertThat(log.stream().filter(new AuditFilter(T0.plusSeconds(1), null, null, null))).extracting(AuditEntry::seq).containsExactly(2L, 3L);
        assertThat(log.stream().filter(new AuditFilter(null, "steward", null, null))).extracting(AuditEntry::seq).containsExactly(2L);
        assertThat(log.stream().filter(new AuditFilter(null, "ops", null, null))).extracting(AuditEntry::seq).containsExactly(1L, 2L);
        assertThat(log.stream().filter(new AuditFilter(null, null, "base.place", null))).extracting(AuditEntry::seq).containsExactly(1L, 3L);
        assertThat(log.stream().filter(new AuditFilter(null, null, "base", null))).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L);
        assertThat(log.stream().filter(new AuditFilter(null, null, null, "apps"))).extracting(AuditEntry::seq).containsExactly(3L);
        assertThat(log.stream().filter(new AuditFilter(null, null, null, "app"))).isEmpty();
        assertThat(log.stream().filter(new AuditFilter(null, "root", "base.person", null))).isEmpty();
        assertThat(log.stream().filter(AuditFilter.ALL)).hasSize(3);
    }

    /** A list standing in for a store, to test what {@link AuditLog#record} appends. */
    static final class ListLog implements AuditLog {
        final List<AuditEntry> entries = new ArrayList<>();
        boolean broken;

        @Override
        public AuditEntry append(AuditEvent event) {
            if (broken) {
                throw new IllegalStateException("metastore down");
            }
            AuditEntry e = AuditEntry.next(entries.isEmpty() ? null : entries.get(entries.size() - 1), event, Instant.now(), "ops");
            entries.add(e);
            return e;
        }

        @Override
        public List<AuditEntry> entries() {
            return List.copyOf(entries);
        }
    }

    @Test
    void aFailedJobIsAuditedAndStillFails() {
        ListLog log = new ListLog();
        assertThatThrownBy(() -> log.record(AuditEvent.of(Actions.MAINTAIN, "base.person"), () -> {
            throw new IllegalArgumentException("No Iceberg table lake.base.person\n\tat somewhere");
        }, (e, r) -> e)).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.entries).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.FAILED);
            assertThat(e.message()).isEqualTo("No Iceberg table lake.base.person");
        });
    }

    @Test
    void aJobWhoseEntryCannotBeWrittenIsNotSilent() throws Exception {
        ListLog log = new ListLog();
        assertThat(log.record(AuditEvent.of(Actions.APPS_PUBLISH), () -> 7, (e, r) -> e.withDetail("views", r))).isEqualTo(7);
        assertThat(log.entries.get(0).details()).isEqualTo("{\"views\":\"7\"}");
        log.broken = true;
        assertThatThrownBy(() -> log.record(AuditEvent.of(Actions.APPS_PUBLISH), () -> 7, (e, r) -> e))
                .isInstanceOf(AuditLog.AuditWriteException.class)
                .hasMessageContaining("apps.publish was done (ok), but its audit entry could not be written: metastore down");
        IllegalStateException jobFailure = new IllegalStateException("Trino down");
        assertThatThrownBy(() -> log.record(AuditEvent.of(Actions.APPS_PUBLISH), () -> {
            throw jobFailure;
        }, (e, r) -> e)).isSameAs(jobFailure).satisfies(t -> assertThat(t.getSuppressed()).hasSize(1));
    }
}
