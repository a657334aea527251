package org.citylake.warehouse.services;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;

/**
 * The self-signed TLS certificate of a Trino citylake runs itself, for its loopback address: a PEM keystore
 * (private key + certificate, mode 600) for the server, and the certificate alone for clients to trust.
 * Generated once per state directory; a deployment with a real certificate points {@code trino.truststore}
 * at its CA instead and runs its own Trino.
 *
 * <p>Built from BouncyCastle's ASN.1 classes and the JDK's signature, so there is no keytool process and no
 * keystore password: the key is protected by the file's mode, as Trino's PEM keystores expect.
 */
final class TrinoCertificate {
    static final Duration VALIDITY = Duration.ofDays(3650);

    private TrinoCertificate() {
    }

    /** Writes the keystore and the certificate unless both exist; returns the certificate. */
    static X509Certificate ensure(Path keystorePem, Path certificatePem, String host) {
        try {
            if (Files.isRegularFile(keystorePem) && Files.isRegularFile(certificatePem)) {
                return read(certificatePem);
            }
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
            kpg.initialize(2048, new SecureRandom());
            KeyPair keys = kpg.generateKeyPair();
            X509Certificate cert = selfSigned(keys, host, Instant.now());
            String certPem = pem("CERTIFICATE", cert.getEncoded());
            String keyPem = pem("PRIVATE KEY", keys.getPrivate().getEncoded()); // PKCS#8, unencrypted
            writePrivate(keystorePem, keyPem + certPem);
            Files.createDirectories(certificatePem.getParent());
            Files.writeString(certificatePem, certPem, StandardCharsets.US_ASCII);
            return cert;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Trino's TLS certificate to " + keystorePem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate Trino's TLS certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A v3 certificate, issuer = subject, naming {@code host} (an IP address or a DNS name) and always
     * 127.0.0.1 and localhost as subject alternative names, for TLS servers only.
     */
    static X509Certificate selfSigned(KeyPair keys, String host, Instant now) throws GeneralSecurityException, IOException {
        X500Name name = new X500Name("CN=citylake-trino, O=citylake");
        V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
        tbs.setSerialNumber(new ASN1Integer(new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE)));
        tbs.setIssuer(name);
        tbs.setSubject(name);
        // A day back: a client whose clock is a little behind still accepts a certificate made just now.
        tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofDays(1)))));
        tbs.setEndDate(new Time(Date.from(now.plus(VALIDITY))));
        tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
        tbs.setSignature(algorithm);
        ExtensionsGenerator ext = new ExtensionsGenerator();
        ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternativeNames(host).toArray(GeneralName[]::new)));
        ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        ext.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        tbs.setExtensions(ext.generate());
        TBSCertificate body = tbs.generateTBSCertificate();

        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(keys.getPrivate());
        signer.update(body.getEncoded(ASN1Encoding.DER));
        ASN1EncodableVector cert = new ASN1EncodableVector();
        cert.add(body);
        cert.add(algorithm);
        cert.add(new DERBitString(signer.sign()));
        byte[] der = new DERSequence(cert).getEncoded(ASN1Encoding.DER);
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    static List<GeneralName> alternativeNames(String host) {
        List<GeneralName> names = new java.util.ArrayList<>(List.of(
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")));
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            boolean ip = host.matches("[0-9.]+") || host.contains(":");
            names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
        }
        return names;
    }

    static X509Certificate read(Path pem) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Written to a mode-600 temporary file first, then moved: the key is never readable by others, not even briefly. */
    static void writePrivate(Path target, String text) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
