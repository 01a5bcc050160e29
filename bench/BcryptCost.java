import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * Times one bcrypt check at a work factor with the registry's own implementation (Quarkus's
 * BcryptUtil on WildFly Elytron). Usage: java -cp <jars> bench/BcryptCost.java <cost> [rounds]
 */
public class BcryptCost {
    public static void main(String[] args) {
        int cost = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String hash = BcryptUtil.bcryptHash("bench-Password-for-timing", cost);
        for (int i = 0; i < 2; i++) {
            BcryptUtil.matches("bench-wrong-password", hash);
        }
        long[] nanos = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            BcryptUtil.matches("bench-wrong-password", hash);
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        System.out.printf("cost=%d rounds=%d median_ms=%.1f min_ms=%.1f max_ms=%.1f%n", cost, rounds,
                nanos[rounds / 2] / 1e6, nanos[0] / 1e6, nanos[rounds - 1] / 1e6);
    }
}
