package org.citylake.exchange.pkg;

import java.util.regex.Pattern;

/**
 * Package ids and file names come from a peer's bucket and become local paths and object keys, so they
 * are checked before use: one plain name, no separators, no {@code ..}, nothing absolute. A hostile
 * manifest naming {@code ../../etc/cron.d/x} must fail here, not in a {@code Path.resolve}.
 */
public final class SafeNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private SafeNames() {
    }

    public static String packageId(String id) {
        return check("package id", id);
    }

    public static boolean isPackageId(String id) {
        try {
            check("package id", id);
            return true;
        } catch (UnsafeNameException e) {
            return false;
        }
    }

    public static String fileName(String name) {
        String n = check("file name", name);
        if (n.equals(PackageManifest.FILE_NAME)) {
            throw new UnsafeNameException("file name '" + n + "' is reserved for the manifest");
        }
        return n;
    }

    private static String check(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new UnsafeNameException(what + " is empty");
        }
        if (value.contains("/") || value.contains("\\")) {
            throw new UnsafeNameException(what + " '" + value + "' contains a path separator");
        }
        if (value.contains("..")) {
            throw new UnsafeNameException(what + " '" + value + "' contains '..'");
        }
        if (!NAME.matcher(value).matches()) {
            throw new UnsafeNameException(what + " '" + value + "' must be 1-128 of A-Z a-z 0-9 . _ - and start with a letter or digit");
        }
        return value;
    }

    /** A name that would escape the package directory or the bucket prefix. */
    public static final class UnsafeNameException extends IllegalArgumentException {
        public UnsafeNameException(String message) {
            super(message);
        }
    }
}
