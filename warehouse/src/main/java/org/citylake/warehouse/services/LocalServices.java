package org.citylake.warehouse.services;

import java.io.PrintStream;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.citylake.warehouse.Profile;

/**
 * The servers a profile needs on this machine: PostgreSQL (when the metastore is on it), a Hive Metastore, a
 * Spark standalone master and worker, and a single-node Trino; and, only when asked for, an Apache Atlas to
 * publish lineage to. Processes are detached and outlive the citylake command; pid files under
 * {@code <state.dir>/run} are how later commands find (and only ever stop) what citylake started. Which of
 * them a profile manages is {@code services.managed}; a production deployment of the cluster profile points at
 * servers it does not start and leaves that list short.
 */
public final class LocalServices {
    private final Profile profile;
    private final PostgresService postgres;
    private final HiveMetastoreService hms;
    private final SparkStandaloneService spark;
    private final TrinoService trino;
    private final AtlasService atlas;
    private final S3Service s3;

    public LocalServices(Profile profile, PrintStream progress) {
        this(profile, progress, System.getenv()::get);
    }

    LocalServices(Profile profile, PrintStream progress, Function<String, String> env) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(progress, "progress");
        this.profile = profile;
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
        this.postgres = new PostgresService(profile, progress);
        this.hms = new HiveMetastoreService(profile, lazyCache, postgres, progress);
        this.spark = new SparkStandaloneService(profile, progress);
        this.trino = new TrinoService(profile, lazyCache, env, progress);
        this.atlas = new AtlasService(profile, lazyCache, progress);
        this.s3 = new S3Service(profile, lazyCache, progress);
    }

    /** The services {@code services up} starts when none is named: {@code services.managed} (default hms, trino). */
    public Set<ServiceKind> managed() {
        EnumSet<ServiceKind> kinds = EnumSet.noneOf(ServiceKind.class);
        for (String name : profile.get("services.managed", "hms,trino").split(",")) {
            if (!name.isBlank()) {
                kinds.add(ServiceKind.parse(name));
            }
        }
        return kinds;
    }

    /** The profile's PostgreSQL (started by {@link #up} with {@link ServiceKind#POSTGRES}). */
    public PostgresService postgres() {
        return postgres;
    }

    /** Where the profile's S3 server ({@link ServiceKind#S3}) answers: {@code s3.endpoint}. */
    public String s3Endpoint() {
        return S3Service.endpoint(profile).toString();
    }

    /**
     * The keys clients of the profile's S3 server use: the profile's {@code s3.access.key} / {@code s3.secret.key},
     * or the pair generated once into {@code <state.dir>/secrets/s3.properties}.
     */
    public S3Keys s3Keys() {
        return S3Service.keys(profile);
    }

    /**
     * Starts what is asked and not yet healthy, in dependency order. Trino needs the metastore, so asking for
     * Trino starts HMS too when the profile manages it; a metastore on PostgreSQL ({@code hms.db: postgres}) starts PostgreSQL first.
     */
    public void up(Collection<ServiceKind> which) {
        EnumSet<ServiceKind> kinds = which.isEmpty() ? EnumSet.noneOf(ServiceKind.class) : EnumSet.copyOf(which);
        if (kinds.contains(ServiceKind.S3)) {
            s3.up(); // first: an S3 warehouse must answer before the metastore and Trino check their locations
        }
        // A profile that does not manage the metastore (services.managed without hms) points its Trino at one
        // someone else runs: asking for Trino then starts Trino alone.
        boolean needHms = kinds.contains(ServiceKind.HMS) || (kinds.contains(ServiceKind.TRINO) && managed().contains(ServiceKind.HMS));
        if (kinds.contains(ServiceKind.POSTGRES) || (needHms && hmsOnPostgres())) {
            postgres.up();
        }
        if (needHms) {
            hms.up();
        }
        if (kinds.contains(ServiceKind.SPARK)) {
            spark.up();
        }
        if (kinds.contains(ServiceKind.TRINO)) {
            trino.up();
        }
        if (kinds.contains(ServiceKind.ATLAS)) {
            atlas.up();
        }
    }

    /** Stops what citylake started, in reverse order: Trino, Spark, the metastore, then its database. */
    public void down(Collection<ServiceKind> which) {
        EnumSet<ServiceKind> kinds = which.isEmpty() ? EnumSet.noneOf(ServiceKind.class) : EnumSet.copyOf(which);
        if (kinds.contains(ServiceKind.ATLAS)) {
            atlas.down();
        }
        if (kinds.contains(ServiceKind.TRINO)) {
            trino.down();
        }
        if (kinds.contains(ServiceKind.SPARK)) {
            spark.down();
        }
        if (kinds.contains(ServiceKind.HMS)) {
            hms.down();
        }
        if (kinds.contains(ServiceKind.POSTGRES)) {
            postgres.down();
        }
        if (kinds.contains(ServiceKind.S3)) {
            s3.down();
        }
    }

    public List<ServiceStatus> status() {
        return List.of(postgres.status(), hms.status(), spark.status(), trino.status(), atlas.status(), s3.status());
    }

    private boolean hmsOnPostgres() {
        return HiveMetastoreConfig.database(profile).equals("postgres");
    }
}
