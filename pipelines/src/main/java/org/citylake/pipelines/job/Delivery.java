package org.citylake.pipelines.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.citylake.catalog.contract.SourceSpec;
import org.citylake.catalog.contract.TableContract;

/** The files of one source in one batch, in name order (change files are applied by sequence, not by this order). */
public record Delivery(SourceSpec source, List<Path> files) {
    public Delivery {
        files = List.copyOf(files);
    }

    /** Every source of the contract with at least one file in {@code dir} matching its file name (or its {@code *}). */
    public static List<Delivery> find(TableContract contract, Path dir) {
        List<Delivery> out = new ArrayList<>();
        for (SourceSpec s : contract.sources()) {
            List<Path> files = filesOf(s, dir);
            if (!files.isEmpty()) {
                out.add(new Delivery(s, files));
            }
        }
        return out;
    }

    static List<Path> filesOf(SourceSpec s, Path dir) {
        if (s.readsJdbc()) {
            return List.of();   // read from its database (JdbcDelivery), never from the input directory
        }
        if (!s.file().contains("*")) {
            Path f = dir.resolve(s.file());
            return Files.isRegularFile(f) ? List.of(f) : List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).filter(f -> s.matchesFileName(f.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }
}
