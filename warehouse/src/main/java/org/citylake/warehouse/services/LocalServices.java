package org.citylake.warehouse.services;

import java.io.PrintStream;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.citylake.warehouse.Profile;

/**
 * The servers the embedded {@code local} profile needs on this machine: a Hive Metastore on Derby and a
 * single-node Trino; and, only when asked for, an Apache Atlas to publish lineage to. Processes are detached and outlive the citylake command; pid files under
 * {@code <state.dir>/run} are how later commands find (and only ever stop) what citylake started.
 */
public final class LocalServices {
    private final HiveMetastoreService hms;
    private final TrinoService trino;
    private final AtlasService atlas;

    public LocalServices(Profile profile, PrintStream progress) {
        this(profile, progress, System.getenv()::get);
    }

    LocalServices(Profile profile, PrintStream progress, Function<String, String> env) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(progress, "progress");
        // One cache per instance, created on first need: status/down never touch the network or the cache.
        ArtifactCache[] cache = new ArtifactCache[1];
        java.util.function.Supplier<ArtifactCache> lazyCache = () -> {
            synchronized (cache) {
                if (cache[0] == null) {
                    cache[0] = new ArtifactCache(profile.cacheDir(), MavenCentral.fromEnvironment(env, progress), progress);
                }
                return cache[0];
            }
        };
        this.hms = new HiveMetastoreService(profile, lazyCache, progress);
        this.trino = new TrinoService(profile, lazyCache, env, progress);
        this.atlas = new AtlasService(profile, lazyCache, progress);
    }

    /** Starts what is asked and not yet healthy. Trino needs the metastore, so asking for Trino starts HMS too. */
    public void up(Collection<ServiceKind> which) {
        EnumSet<ServiceKind> kinds = which.isEmpty() ? EnumSet.noneOf(ServiceKind.class) : EnumSet.copyOf(which);
        if (kinds.contains(ServiceKind.HMS) || kinds.contains(ServiceKind.TRINO)) {
            hms.up();
        }
        if (kinds.contains(ServiceKind.TRINO)) {
            trino.up();
        }
        if (kinds.contains(ServiceKind.ATLAS)) {
            atlas.up();
        }
    }

    /** Stops what citylake started, Trino first (it holds metastore connections), then the metastore. */
    public void down(Collection<ServiceKind> which) {
        EnumSet<ServiceKind> kinds = which.isEmpty() ? EnumSet.noneOf(ServiceKind.class) : EnumSet.copyOf(which);
        if (kinds.contains(ServiceKind.ATLAS)) {
            atlas.down();
        }
        if (kinds.contains(ServiceKind.TRINO)) {
            trino.down();
        }
        if (kinds.contains(ServiceKind.HMS)) {
            hms.down();
        }
    }

    public List<ServiceStatus> status() {
        return List.of(hms.status(), trino.status(), atlas.status());
    }
}
