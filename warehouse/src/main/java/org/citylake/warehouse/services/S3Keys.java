package org.citylake.warehouse.services;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The access and secret key of citylake's local S3 server, and the file they were generated into (empty when
 * the profile names them). Clients of this machine's server (an exchange peer, an S3 warehouse) use these.
 */
public record S3Keys(String accessKey, String secretKey, Optional<Path> file) {
    @Override
    public String toString() {
        return "S3Keys[" + accessKey + ", secret withheld]";
    }
}
