package org.citylake.exchange.pkg;

import java.util.Objects;

/**
 * One data file of a package as the manifest describes it: name, rows, stored size and digests of the
 * stored bytes, and the SM4 IV (hex) when the file is encrypted.
 */
public record PackageFile(String name, long rows, long bytes, String sha256, String sm3, String iv) {
    public PackageFile {
        SafeNames.fileName(name);
        if (rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("rows and bytes of " + name + " must not be negative");
        }
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(sm3, "sm3");
    }

    public boolean encrypted() {
        return iv != null;
    }
}
