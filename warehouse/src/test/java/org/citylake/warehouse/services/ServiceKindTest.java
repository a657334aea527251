package org.citylake.warehouse.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServiceKindTest {
    @Test
    void parsesNamesInAnyCase() {
        assertThat(ServiceKind.parse("hms")).isEqualTo(ServiceKind.HMS);
        assertThat(ServiceKind.parse("TRINO")).isEqualTo(ServiceKind.TRINO);
        assertThat(ServiceKind.parse(" Trino ")).isEqualTo(ServiceKind.TRINO);
        assertThat(ServiceKind.parse("Postgres")).isEqualTo(ServiceKind.POSTGRES);
        assertThat(ServiceKind.parse("spark")).isEqualTo(ServiceKind.SPARK);
    }

    @Test
    void atlasIsNotStartedByDefault() {
        assertThat(ServiceKind.parse("atlas")).isEqualTo(ServiceKind.ATLAS);
        assertThat(new LocalServices(org.citylake.warehouse.Profile.load("local"), System.out).managed())
                .containsExactly(ServiceKind.HMS, ServiceKind.TRINO);
    }

    @Test
    void unknownNamesListTheAcceptedOnes() {
        assertThatThrownBy(() -> ServiceKind.parse("yarn"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown service 'yarn': expected one of postgres, hms, spark, trino, atlas, s3");
        assertThatThrownBy(() -> ServiceKind.parse(null)).hasMessageContaining("expected one of postgres, hms, spark, trino, atlas, s3");
    }
}
