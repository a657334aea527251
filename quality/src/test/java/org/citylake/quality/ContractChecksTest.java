package org.citylake.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import java.util.List;
import org.citylake.catalog.contract.TableContract;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/** Planning needs no Spark: every real contract must turn into named Deequ constraints. */
class ContractChecksTest {
    final ContractChecks checks = new ContractChecks(Fixtures.DICTIONARIES);

    @Test
    void everyRealContractPlansWithUniqueRuleIds() {
        assertThat(Fixtures.CONTRACTS).extracting(TableContract::qualifiedName)
                .contains("base.person", "base.certificate", "base.legal_entity", "base.place");
        for (TableContract contract : Fixtures.CONTRACTS) {
            ContractChecks.Plan plan = checks.plan(contract, Fixtures.AS_OF);
            int rules = contract.columns().stream().mapToInt(c -> c.quality().size()).sum();
            List<String> ids = plan.rules().stream().map(PlannedCheck::id).toList();
            assertThat(ids).as(contract.qualifiedName()).hasSize(rules + 1).doesNotHaveDuplicates().startsWith("*:row_count");

            List<String> constraintNames = plan.checks().stream()
                    .flatMap(c -> JavaConverters.seqAsJavaList(c.constraints()).stream()).map(Object::toString).toList();
            List<String> deequIds = plan.rules().stream().filter(r -> !r.isReference()).map(PlannedCheck::id).toList();
            assertThat(constraintNames).as(contract.qualifiedName()).containsExactlyInAnyOrderElementsOf(deequIds);
        }
    }

    @Test
    void oneCheckPerLevel() {
        ContractChecks.Plan plan = checks.plan(Fixtures.contract("base.person"), Fixtures.AS_OF);

        assertThat(plan.checks()).extracting(Check::level).containsExactly(CheckLevel.Error(), CheckLevel.Warning());
        assertThat(plan.rule("ethnicity:completeness").orElseThrow().threshold()).isEqualTo(">= 0.95");
        assertThat(plan.rule("birth_date:range").orElseThrow().expectation())
                .isEqualTo("share of rows with birth_date between 1900-01-01 and 2026-11-25 (NULL allowed)");
        assertThat(plan.references()).isEmpty();
        assertThat(checks.plan(Fixtures.contract("base.place"), Fixtures.AS_OF).rules()).extracting(PlannedCheck::expectation)
                .anyMatch(e -> e.contains("between 117.28 and 117.42"));
    }
}
