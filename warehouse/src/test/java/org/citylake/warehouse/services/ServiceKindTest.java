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
    }

    @Test
    void atlasIsNotStartedByDefault() {
        assertThat(ServiceKind.parse("atlas")).isEqualTo(ServiceKind.ATLAS);
        assertThat(ServiceKind.defaults()).containsExactly(ServiceKind.HMS, ServiceKind.TRINO);
    }

    @Test
    void unknownNamesListTheAcceptedOnes() {
        assertThatThrownBy(() -> ServiceKind.parse("spark"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown service 'spark': expected one of hms, trino, atlas");
        assertThatThrownBy(() -> ServiceKind.parse(null)).hasMessageContaining("expected one of hms, trino, atlas");
    }
}
