package org.citylake.exchange.pkg;

import java.util.List;

/** What a package is about, known before its data files are written; the manifest adds files and digests. */
public record PackageHeader(String packageId, String subscription, String table, PackageManifest.ChangeKind changeKind,
                            PackageManifest.DataFormat format, List<PackageColumn> schema, SnapshotRange snapshots, String producer) {
    public PackageHeader {
        SafeNames.packageId(packageId);
        schema = List.copyOf(schema);
    }
}
