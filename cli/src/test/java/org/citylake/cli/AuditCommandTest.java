package org.citylake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.citylake.catalog.audit.AuditEntry;
import org.citylake.catalog.audit.AuditEvent;
import org.junit.jupiter.api.Test;

class AuditCommandTest {
    private static final Instant NOW = Instant.parse("2026-12-08T02:00:00Z");

    @Test
    void sinceTakesInstantsLocalTimesAndAges() {
        assertThat(AuditCommand.parseSince("2026-12-08T01:00:00Z", NOW)).isEqualTo(Instant.parse("2026-12-08T01:00:00Z"));
        // Local dates and times are Asia/Shanghai (UTC+8).
        assertThat(AuditCommand.parseSince("2026-12-08", NOW)).isEqualTo(Instant.parse("2026-12-07T16:00:00Z"));
        assertThat(AuditCommand.parseSince("2026-12-08T09:30", NOW)).isEqualTo(Instant.parse("2026-12-08T01:30:00Z"));
        assertThat(AuditCommand.parseSince("90m", NOW)).isEqualTo(Instant.parse("2026-12-08T00:30:00Z"));
        assertThat(AuditCommand.parseSince("2h", NOW)).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
        assertThat(AuditCommand.parseSince("7d", NOW)).isEqualTo(Instant.parse("2026-12-01T02:00:00Z"));
        assertThatThrownBy(() -> AuditCommand.parseSince("yesterday", NOW)).hasMessageContaining("--since yesterday: not an instant");
    }

    @Test
    void entriesRenderAsTextJsonAndCsv() {
        AuditEntry a = AuditEntry.next(null, AuditEvent.of("publish.steward", "base.person").withActor("steward").withBatch("b1")
                .withDetail("reason", "ok, \"checked\"").ok("checked with 公安分局"), NOW, "ops");
        String text = AuditCommand.render(List.of(a), AuditCommand.Format.TEXT);
        assertThat(text).contains("2026-12-08 10:00:00").contains("ops/steward").contains("publish.steward").contains("b1")
                .contains("checked with 公安分局");
        assertThat(AuditCommand.render(List.of(a), AuditCommand.Format.JSON))
                .startsWith("[\n  {\"seq\":1,\"at\":\"2026-12-08T02:00:00Z\",\"os_user\":\"ops\",\"actor\":\"steward\"")
                .contains("\"details\":{\"reason\":\"ok, \\\"checked\\\"\"}").endsWith("}\n]\n");
        String csv = AuditCommand.render(List.of(a), AuditCommand.Format.CSV);
        assertThat(csv.lines().toList()).hasSize(2);
        assertThat(csv.lines().toList().get(1)).startsWith("1,2026-12-08T02:00:00Z,ops,steward,publish.steward,ok,base.person,b1,,")
                .endsWith("," + a.hash());
        assertThat(AuditCommand.render(List.of(), AuditCommand.Format.JSON)).isEqualTo("[]\n");
        assertThat(AuditCommand.render(List.of(), AuditCommand.Format.TEXT)).isEqualTo("no audit entries match\n");
    }

    @Test
    void eachPackageSentIsAnExportEntry() {
        org.citylake.warehouse.Profile p = org.citylake.warehouse.Profile.load("local");
        java.util.Map<String, org.citylake.catalog.contract.TableContract> contracts = ExchangeCommand.contracts(p);
        org.citylake.exchange.subscription.Subscription s = org.citylake.exchange.subscription.SubscriptionLoader
                .load(p.confDir().resolve("exchange/city-person.yaml"), contracts);
        List<AuditEntry> log = new java.util.ArrayList<>();
        org.citylake.catalog.audit.AuditLog list = new org.citylake.catalog.audit.AuditLog() {
            @Override
            public AuditEntry append(AuditEvent event) {
                AuditEntry e = AuditEntry.next(log.isEmpty() ? null : log.get(log.size() - 1), event, NOW, "ops");
                log.add(e);
                return e;
            }

            @Override
            public List<AuditEntry> entries() {
                return log;
            }
        };
        ExchangeCommand.exported(p, list, s, List.of(
                new org.citylake.exchange.flow.OutboundExport.Result(s.name(), "base.person", "city-person.base_person.start-42", 
                        new org.citylake.exchange.pkg.SnapshotRange(null, 42L), 2000, "uploaded"),
                // Nothing new for a table: no package, no export.
                new org.citylake.exchange.flow.OutboundExport.Result(s.name(), "base.place", null, null, 0, "up to date")));
        assertThat(log).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("export.exchange");
            assertThat(e.targets()).containsExactly("subscription:city-person", "base.person");
            assertThat(e.packageId()).isEqualTo("city-person.base_person.start-42");
            assertThat(e.message()).isEqualTo("uploaded");
            assertThat(e.details()).contains("\"range\":\"start..42\"").contains("\"rows\":\"2000\"").contains("\"bucket\":\"" + s.peer().bucket() + "\"");
        });
    }
}
