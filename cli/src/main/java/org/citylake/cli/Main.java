package org.citylake.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code citylake} command: wires the modules; holds no logic of its own. */
@Command(name = "citylake",
        mixinStandardHelpOptions = true,
        version = "citylake 0.1.0",
        description = {
                "The data lake and governance pipeline of a district city-brain data platform (数据中台):",
                "collects the four base libraries (人口, 法人, 电子证照, 空间地理), cleanses them to national",
                "standards, stores them as Iceberg tables in a Hive Metastore and serves them through Trino.",
                ""},
        footer = {"", "Start here:  citylake demo", "Every command has --help with an example."},
        subcommands = {DemoCommand.class, GenerateCommand.class, LoadCommand.class, ServicesCommand.class, StandardizeCommand.class,
                SqlCommand.class, ContractsCommand.class, QualityCommand.class, QuarantineCommand.class, LineageCommand.class,
                ImpactCommand.class, AppsCommand.class, ServeCommand.class, ExchangeCommand.class, MaintainCommand.class,
                HistoryCommand.class, AuditCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // Operators get the message (file, line, rule), not a stack trace; CITYLAKE_DEBUG=1 shows it.
            commandLine.getErr().println("citylake: " + describe(ex));
            if (System.getenv("CITYLAKE_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(set CITYLAKE_DEBUG=1 for the stack trace)");
            }
            return 1;
        });
        return cl;
    }

    /** Spark puts executor stack traces into its messages; an operator needs the first lines only. */
    static String withoutStackTrace(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String line : message.split("\n")) {
            if (line.startsWith("\tat ") || line.startsWith("Driver stacktrace")) {
                break;
            }
            b.append(b.length() == 0 ? "" : "\n").append(line);
        }
        return b.toString();
    }

    static String describe(Throwable ex) {
        StringBuilder b = new StringBuilder();
        Throwable t = ex;
        int depth = 0;
        while (t != null && depth < 4) {
            String m = withoutStackTrace(t.getMessage());
            if (m != null && !m.isBlank() && b.indexOf(m) < 0) {
                if (b.length() > 0) {
                    b.append("\n  caused by: ");
                }
                b.append(m.strip());
            }
            t = t.getCause();
            depth++;
        }
        return b.length() == 0 ? ex.getClass().getSimpleName() : b.toString();
    }
}
