package org.citylake.exchange.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.spark.sql.Row;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.apache.spark.sql.SparkSession;
import org.citylake.catalog.contract.Masking;
import org.citylake.catalog.contract.Masking.Technique;
import org.citylake.exchange.crypto.Pseudonymizer;
import org.citylake.exchange.crypto.Sm3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MaskingSqlTest {
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[1]").appName("masking-sql-test").config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    String eval(String value, Masking m) {
        spark.sql("SELECT " + (value == null ? "CAST(NULL AS STRING)" : "'" + value + "'") + " AS v").createOrReplaceTempView("t");
        Row r = spark.sql("SELECT " + MaskingSql.expression("v", m) + " FROM t").first();
        return r.isNullAt(0) ? null : r.get(0).toString();
    }

    @Test
    void maskKeepsTheEndsAndStarsTheMiddleByCharacterNotByte() {
        assertThat(eval("110101199001011234", new Masking(Technique.MASK, 6, 4, null))).isEqualTo("110101********1234");
        assertThat(eval("张三丰", new Masking(Technique.MASK, 1, 0, null))).isEqualTo("张**");
        assertThat(eval("13812345678", new Masking(Technique.MASK, 3, 4, null))).isEqualTo("138****5678");
        assertThat(eval("王", new Masking(Technique.MASK, 1, 0, null))).isEqualTo("*"); // too short to keep anything
        assertThat(eval(null, new Masking(Technique.MASK, 6, 4, null))).isNull();
    }

    @Test
    void otherTechniques() {
        assertThat(eval("汉族", new Masking(Technique.SUPPRESS, 0, 0, null))).isNull();
        assertThat(eval("男", Masking.NONE)).isEqualTo("男");
        assertThat(eval("450203001002", new Masking(Technique.GENERALIZE, 0, 0, "street"))).isEqualTo("450203001");
        spark.sql("SELECT DATE'1990-05-17' AS v").createOrReplaceTempView("t");
        assertThat(spark.sql("SELECT " + MaskingSql.expression("v", new Masking(Technique.GENERALIZE, 0, 0, "year")) + " FROM t").first().getString(0))
                .isEqualTo("1990");
    }

    @Test
    void hashIsAKeyedSm3PseudonymThatDependsOnTheKeyAndKeepsNulls() {
        byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        MaskingSql.registerPseudonym(spark, new Pseudonymizer(key));
        Masking hash = new Masking(Technique.HASH, 0, 0, null);
        String id = "110105194912310021";
        assertThat(eval(id, hash)).isEqualTo(hmacSm3(key, id)).hasSize(64).isNotEqualTo(Sm3.hex(id));
        assertThat(eval(null, hash)).isNull();
        assertThat(MaskingSql.expression("v", hash)).doesNotContain("0102030405"); // the key never enters the SQL text

        byte[] other = HexFormat.of().parseHex("ffffffffffffffffffffffffffffffff");
        MaskingSql.registerPseudonym(spark, new Pseudonymizer(other));
        assertThat(eval(id, hash)).isEqualTo(hmacSm3(other, id)).isNotEqualTo(hmacSm3(key, id));
    }

    /** HMAC-SM3 computed independently of the code under test, straight from BouncyCastle. */
    static String hmacSm3(byte[] key, String value) {
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(key));
        byte[] in = value.getBytes(StandardCharsets.UTF_8);
        mac.update(in, 0, in.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }
}
