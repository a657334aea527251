package org.citylake.exchange.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.Masking;
import org.citylake.catalog.contract.TableContract;
import org.citylake.exchange.crypto.ManifestSigner;
import org.citylake.exchange.pkg.PackageManifest;
import org.citylake.warehouse.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionLoaderTest {
    static final Map<String, TableContract> CONTRACTS = ContractLoader.loadAll(Profile.home().resolve("conf/contracts")).stream()
            .collect(Collectors.toMap(TableContract::qualifiedName, Function.identity()));

    @TempDir
    Path dir;

    @Test
    void theShippedExampleLoads() {
        List<Subscription> all = SubscriptionLoader.loadAll(Profile.home().resolve("conf/exchange"), CONTRACTS);
        Subscription s = all.stream().filter(x -> x.name().equals("city-person")).findFirst().orElseThrow();
        assertThat(s.direction()).isEqualTo(Subscription.Direction.PUSH);
        assertThat(s.peer().bucket()).isEqualTo("city");
        assertThat(s.peer().keyPrefix()).isEqualTo("district/yaohai/population/");
        assertThat(s.security().signature()).isEqualTo(ManifestSigner.HMAC_SM3);
        assertThat(s.security().encryptionKeyEnv()).contains("CITYLAKE_CITY_SM4_KEY");
        assertThat(s.format()).isEqualTo(PackageManifest.DataFormat.PARQUET);
        Subscription.TableGrant person = s.table("base.person").orElseThrow();
        assertThat(person.change()).isEqualTo(PackageManifest.ChangeKind.CHANGELOG);
        assertThat(person.columns()).extracting(Subscription.ColumnGrant::name).contains("resident_id", "name").doesNotContain("phone");
        assertThat(person.columns().get(0).masking()).isEqualTo(new Masking(Masking.Technique.MASK, 6, 4, null));
    }

    static final String PULL = """
            subscription: from-city
            direction: pull
            peer:
              name: city
              endpoint: http://127.0.0.1:39000
              bucket: city
              prefix: district/yaohai/population
              access_key_env: CITY_ACCESS
              secret_key_env: CITY_SECRET
            security:
              key_id: city-2026
              signing_key_env: CITY_SIGNING
            tables:
              - table: base.person
            schedule: "*/15 * * * *"
            format: csv-gbk
            """;

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name + ".yaml"), text);
    }

    @Test
    void aPullLandsInOdsUnderThePeersName() throws Exception {
        Subscription s = SubscriptionLoader.load(write("from-city", PULL), CONTRACTS);
        assertThat(s.table("base.person").orElseThrow().into()).isEqualTo("ods.city_base_person");
        assertThat(s.format()).isEqualTo(PackageManifest.DataFormat.CSV_GBK);
        assertThat(s.security().encryptionKeyEnv()).isEmpty();
        assertThat(s.schedule()).isEqualTo("*/15 * * * *");
    }

    void fails(String text, int line, String field, String problem) throws Exception {
        Path f = write("from-city", text);
        assertThatThrownBy(() -> SubscriptionLoader.load(f, CONTRACTS))
                .isInstanceOfSatisfying(SubscriptionException.class, e -> {
                    assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
                    assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(problem).contains(f.toString());
                });
    }

    @Test
    void errorsNameFileLineAndField() throws Exception {
        fails(PULL.replace("secret_key_env: CITY_SECRET", "secret_key: s3cr3t-Value"), 9, "peer.secret_key", "secrets never go in a subscription");
        fails(PULL.replace("secret_key_env: CITY_SECRET", "secret_key_env: s3cr3t-Value"), 9, "peer.secret_key_env", "NAME of an environment variable");
        fails(PULL.replace("direction: pull", "direction: sideways"), 2, "direction", "expected one of push, pull");
        fails(PULL.replace("\"*/15 * * * *\"", "\"0 25 * * *\""), 15, "schedule", "hour 25 is outside 0-23");
        fails(PULL.replace("\"*/15 * * * *\"", "daily"), 15, "schedule", "5 fields");
        fails(PULL.replace("prefix: district/yaohai/population", "prefix: ../other"), 7, "peer.prefix", "no '..'");
        fails(PULL.replace("bucket: city", "bucket: City_Bucket"), 6, "peer.bucket", "S3 bucket name");
        fails(PULL.replace("format: csv-gbk", "format: xlsx"), 16, "format", "unknown format 'xlsx'");
        fails(PULL.replace("subscription: from-city", "subscription: other-name"), 1, "subscription", "must equal the file name");
        fails(PULL.replace("  key_id: city-2026\n", "  key_id: city-2026\n  encryption: sm4-gcm\n"), 11, "security.encryption_key_env", "is required");
        fails(PULL.replace("- table: base.person", "- table: base.person\n    into: base.person"), 15, "tables[0].into", "ods namespace");
    }

    @Test
    void pushedColumnsMustExistAndCarryAValidMasking() throws Exception {
        String push = PULL.replace("direction: pull", "direction: push").replace("  - table: base.person\n",
                "  - table: base.person\n    columns:\n      - {name: resident_id, masking: {technique: mask, keep_first: 6, keep_last: 4}}\n"
                        + "      - {name: shoe_size, masking: {technique: none}}\n");
        fails(push, 17, "tables[0].columns[1].name", "not in the contract of base.person");
        fails(push.replace("shoe_size, masking: {technique: none}", "name, masking: {technique: blur}"), 17,
                "tables[0].columns[1].masking.technique", "unknown value 'blur'");
        fails(push.replace("shoe_size, masking: {technique: none}", "birth_date, masking: {technique: generalize}"), 17,
                "tables[0].columns[1].masking", "generalize needs 'to'");
        fails(push.replace("shoe_size, masking: {technique: none}", "resident_id, masking: {technique: none}"), 17,
                "tables[0].columns[1].name", "listed twice");
    }

    @Test
    void hashMaskingNeedsAPseudonymKeySharedWithThePeer() throws Exception {
        String push = PULL.replace("direction: pull", "direction: push").replace("  - table: base.person\n",
                "  - table: base.person\n    columns:\n      - {name: resident_id, masking: {technique: hash}}\n");
        fails(push, 11, "security", "pseudonym_key_env is required");
        Subscription s = SubscriptionLoader.load(write("from-city", push.replace("  key_id: city-2026\n",
                "  key_id: city-2026\n  pseudonym_key_env: CITY_PSEUDONYM\n")), CONTRACTS);
        assertThat(s.pseudonymises()).isTrue();
        assertThat(s.security().pseudonymKeyEnv()).contains("CITY_PSEUDONYM");
        fails(push.replace("  key_id: city-2026\n", "  key_id: city-2026\n  pseudonym_key_env: abc123\n"), 12,
                "security.pseudonym_key_env", "NAME of an environment variable");
    }
}
