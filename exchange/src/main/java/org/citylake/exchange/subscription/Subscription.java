package org.citylake.exchange.subscription;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.citylake.catalog.contract.Masking;
import org.citylake.exchange.pkg.PackageManifest.ChangeKind;
import org.citylake.exchange.pkg.PackageManifest.DataFormat;

/**
 * One exchange agreement with a peer data centre ({@code conf/exchange/<name>.yaml}): which way data
 * flows, where the peer's bucket is, which tables and columns travel with which masking (the peer's
 * grant), how packages are signed and encrypted, and when. Secrets are referenced by environment
 * variable name only.
 */
public record Subscription(String name, Path file, Direction direction, Peer peer, Security security, List<TableGrant> tables,
                           String schedule, DataFormat format) {

    public enum Direction { PUSH, PULL }

    /** The peer's S3/MinIO location; keys are the names of environment variables holding them. */
    public record Peer(String name, String endpoint, String region, String bucket, String prefix, String accessKeyEnv, String secretKeyEnv) {
        /** The object key prefix with a trailing slash ("" for the bucket root). */
        public String keyPrefix() {
            return prefix.isEmpty() ? "" : prefix + "/";
        }

        public Peer withEndpoint(String otherEndpoint) {
            return new Peer(name, otherEndpoint, region, bucket, prefix, accessKeyEnv, secretKeyEnv);
        }

        /** The same peer and keys at another bucket and prefix (a package named by its s3:// address). */
        public Peer at(String otherBucket, String otherPrefix) {
            return new Peer(name, endpoint, region, otherBucket, otherPrefix, accessKeyEnv, secretKeyEnv);
        }
    }

    /**
     * Manifest signature (always), optional SM4 encryption, and the key of {@code hash}-masked columns'
     * pseudonyms (required when a pushed column uses {@code hash}); keys by environment variable name.
     */
    public record Security(String signature, String keyId, String signingKeyEnv, Optional<String> encryptionKeyEnv,
                           Optional<String> pseudonymKeyEnv) {
    }

    /** Whether any pushed column is pseudonymised, so the subscription needs a pseudonym key. */
    public boolean pseudonymises() {
        return tables.stream().flatMap(t -> t.columns().stream()).anyMatch(c -> c.masking().technique() == Masking.Technique.HASH);
    }

    /** A table the grant covers: for push the columns sent and their masking; for pull the ODS table it lands in. */
    public record TableGrant(String table, ChangeKind change, List<ColumnGrant> columns, String into) {
        public TableGrant {
            columns = List.copyOf(columns);
        }
    }

    public record ColumnGrant(String name, Masking masking) {
    }

    public Subscription {
        tables = List.copyOf(tables);
    }

    /**
     * The same subscription against another endpoint of the same peer (a local S3 server in the demo and the
     * tests, a mirror); bucket, prefix, keys and grant stay as the file says.
     */
    public Subscription withEndpoint(String endpoint) {
        return new Subscription(name, file, direction, peer.withEndpoint(endpoint), security, tables, schedule, format);
    }

    public Optional<TableGrant> table(String qualifiedName) {
        return tables.stream().filter(t -> t.table().equals(qualifiedName)).findFirst();
    }
}
