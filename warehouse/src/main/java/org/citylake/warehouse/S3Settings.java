package org.citylake.warehouse;

import java.net.URI;
import java.util.Locale;

/**
 * Where an S3 warehouse lives and how to reach it: endpoint, region, path-style addressing and the access key
 * pair. The profile file names the endpoint; the keys come from {@code CITYLAKE_S3_ACCESS_KEY} and
 * {@code CITYLAKE_S3_SECRET_KEY} (or {@code -Dcitylake.s3.access.key} …) and are only ever held in memory or
 * handed to a child process's environment — never written into a generated config file.
 */
public record S3Settings(String endpoint, String region, boolean pathStyle, String accessKey, String secretKey) {
    public static final String ACCESS_KEY = "s3.access.key";
    public static final String SECRET_KEY = "s3.secret.key";

    public S3Settings {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("An S3 warehouse needs s3.endpoint (e.g. http://minio.internal:9000)");
        }
        URI uri = URI.create(endpoint.trim());
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("s3.endpoint must be an http(s) URL like http://127.0.0.1:9000, got '" + endpoint + "'");
        }
        endpoint = endpoint.trim();
        region = region == null || region.isBlank() ? "us-east-1" : region.trim();
        requireKey(accessKey, ACCESS_KEY);
        requireKey(secretKey, SECRET_KEY);
    }

    private static void requireKey(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The S3 warehouse needs " + key + ": set " + envName(key)
                    + " (kept out of the profile file on purpose)");
        }
    }

    static String envName(String key) {
        return "CITYLAKE_" + key.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The S3 settings of a profile whose warehouse is on S3. */
    public static S3Settings of(Profile profile) {
        return new S3Settings(profile.get("s3.endpoint", ""), profile.get("s3.region", ""),
                Boolean.parseBoolean(profile.get("s3.path.style", "true").trim()),
                profile.get(ACCESS_KEY, ""), profile.get(SECRET_KEY, ""));
    }

    /** Never prints the secret: this record ends up in logs and exception messages. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle + ", accessKey=" + accessKey + "]";
    }
}
