package org.citylake.exchange;

/**
 * Test hook for the exactly-once guarantee: when {@code CITYLAKE_EXCHANGE_CRASH_AT} names this point, the
 * JVM halts on the spot (no shutdown hooks, no finally blocks), as a killed process would. Named points
 * sit where a crash hurts most: between data upload and manifest, between the ODS commit and the ledger.
 */
public final class CrashPoint {
    public static final String ENV = "CITYLAKE_EXCHANGE_CRASH_AT";
    public static final int EXIT_CODE = 86;

    private CrashPoint() {
    }

    public static void reach(String point) {
        if (point.equals(System.getenv(ENV))) {
            System.out.println("crash point '" + point + "' reached: halting");
            System.out.flush();
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }
}
