package org.citylake.quality;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.citylake.catalog.contract.ContractLoader;
import org.citylake.catalog.contract.TableContract;
import org.citylake.catalog.dictionary.Dictionaries;

/** The real contracts and dictionaries, a small Spark session, and rows shaped by a contract. */
final class Fixtures {
    static final Path HOME = Path.of(System.getProperty("citylake.home", "..")).toAbsolutePath().normalize();
    static final LocalDate AS_OF = LocalDate.of(2026, 11, 25);
    static final List<TableContract> CONTRACTS = ContractLoader.loadAll(HOME.resolve("conf/contracts"));
    static final Dictionaries DICTIONARIES = Dictionaries.load(HOME.resolve("conf"));

    private Fixtures() {
    }

    static TableContract contract(String qualifiedName) {
        return CONTRACTS.stream().filter(c -> c.qualifiedName().equals(qualifiedName)).findFirst().orElseThrow();
    }

    /** Small and quiet: the machine has 2 cores shared with other builds. */
    static SparkSession spark(String app, Map<String, String> extra) {
        SparkSession.Builder b = SparkSession.builder().appName(app).master("local[2]")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.driver.host", "127.0.0.1");
        extra.forEach(b::config);
        return b.getOrCreate();
    }

    /** The Spark schema a contract declares, columns in contract order. */
    static StructType schema(TableContract contract) {
        return StructType.fromDDL(contract.columns().stream().map(c -> c.name() + " " + c.type().sqlType())
                .collect(Collectors.joining(", ")));
    }

    /** A mutable table of values in a contract's column order, turned into a DataFrame at the end. */
    static final class Batch {
        private final TableContract contract;
        private final List<Object[]> rows = new ArrayList<>();

        Batch(TableContract contract) {
            this.contract = contract;
        }

        Object[] newRow() {
            Object[] r = new Object[contract.columns().size()];
            rows.add(r);
            return r;
        }

        int index(String column) {
            for (int i = 0; i < contract.columns().size(); i++) {
                if (contract.columns().get(i).name().equals(column)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("no column " + column);
        }

        Batch set(int row, String column, Object value) {
            rows.get(row)[index(column)] = value;
            return this;
        }

        Object get(int row, String column) {
            return rows.get(row)[index(column)];
        }

        int size() {
            return rows.size();
        }

        Dataset<Row> toDataFrame(SparkSession spark) {
            List<Row> out = rows.stream().map(r -> RowFactory.create(r.clone())).toList();
            return spark.createDataFrame(out, schema(contract));
        }
    }

    /** {@code n} base.person rows that satisfy every rule of the real contract (n ≤ 999). */
    static Batch cleanPersons(int n) {
        List<String> streets = new ArrayList<>(DICTIONARIES.codes("gbt2260-street-yaohai"));
        List<String> communities = new ArrayList<>(DICTIONARIES.codes("gbt2260-community-yaohai"));
        Batch b = new Batch(contract("base.person"));
        for (int i = 0; i < n; i++) {
            LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(37L * i);
            Object[] r = b.newRow();
            r[b.index("resident_id")] = String.format("340102%s%03d%s", birth.toString().replace("-", ""), i, i % 11 == 0 ? "X" : "7");
            r[b.index("name")] = "居民" + i;
            r[b.index("sex")] = i % 2 == 0 ? "1" : "2";
            r[b.index("ethnicity")] = "汉族";
            r[b.index("birth_date")] = java.sql.Date.valueOf(birth);
            r[b.index("phone")] = String.format("139%08d", i);
            r[b.index("domicile_address")] = "安徽省合肥市瑶海区某路" + i + "号";
            r[b.index("residence_address")] = "安徽省合肥市瑶海区某路" + i + "号";
            r[b.index("street_code")] = streets.get(i % streets.size());
            r[b.index("community_code")] = communities.get(i % communities.size());
            r[b.index("registered_at")] = java.sql.Date.valueOf(LocalDate.of(2020, 1, 1).plusDays(i));
        }
        return b;
    }
}
