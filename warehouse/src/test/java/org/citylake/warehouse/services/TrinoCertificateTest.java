package org.citylake.warehouse.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrinoCertificateTest {
    @TempDir
    Path dir;

    @Test
    void aSelfSignedServerCertificateForTheLoopbackAddressKeptOnce() throws Exception {
        Path keystore = dir.resolve("secrets/trino-https.pem");
        Path cert = dir.resolve("https/trino.crt");
        X509Certificate c = TrinoCertificate.ensure(keystore, cert, "127.0.0.1");
        c.checkValidity();
        c.verify(c.getPublicKey()); // self-signed: its own key verifies it
        assertThat(c.getSubjectX500Principal()).isEqualTo(c.getIssuerX500Principal());
        assertThat(c.getSubjectAlternativeNames()).contains(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
        assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // TLS server
        assertThat(c.getBasicConstraints()).isEqualTo(-1); // not a CA
        String pem = Files.readString(keystore);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").contains("-----BEGIN CERTIFICATE-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore))).isEqualTo("rw-------");
        assertThat(Files.readString(cert)).startsWith("-----BEGIN CERTIFICATE-----").doesNotContain("PRIVATE KEY");
        // A second start keeps the same certificate (clients keep trusting it).
        assertThat(TrinoCertificate.ensure(keystore, cert, "127.0.0.1")).isEqualTo(c);
        assertThat(Files.readString(keystore)).isEqualTo(pem);
    }

    @Test
    void anotherHostIsNamedBesideLoopback() throws Exception {
        assertThat(TrinoCertificate.alternativeNames("10.0.0.5")).hasSize(3);
        assertThat(TrinoCertificate.alternativeNames("trino.yaohai.local")).hasSize(3);
        assertThat(TrinoCertificate.alternativeNames("localhost")).hasSize(2);
    }
}
