import java.lang.reflect.Field;
import java.util.List;

/**
 * The statements a claim sends (CustomerOwnership.LOCK_FOR_CLAIM, then ClaimService.CLAIM), read from the
 * jar, with their parameters written back as :name, the form pgbench binds its variables in: so that
 * bench/conflict.sh replays exactly what the API sends, whatever the jar.
 *
 *   java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' bench/ClaimSql.java
 *
 * Prints the two statements, each on one line.
 */
public class ClaimSql {
    public static void main(String[] args) throws Exception {
        System.out.println(named("io.github.crmvault.customer.CustomerOwnership", "LOCK_FOR_CLAIM"));
        System.out.println(named("io.github.crmvault.claim.ClaimService", "CLAIM"));
    }

    private static String named(String className, String fieldName) throws Exception {
        Field field = Class.forName(className).getDeclaredField(fieldName);
        field.setAccessible(true);
        Object sql = field.get(null); // a NamedSql: its jdbc text with ? and the names in order
        String jdbc = (String) sql.getClass().getMethod("jdbc").invoke(sql);
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) sql.getClass().getMethod("names").invoke(sql);
        StringBuilder out = new StringBuilder();
        int next = 0;
        boolean inLiteral = false;
        for (char c : jdbc.toCharArray()) {
            if (c == '\'') {
                inLiteral = !inLiteral;
            }
            if (c == '?' && !inLiteral) {
                out.append(':').append(names.get(next++));
            } else {
                out.append(c == '\n' ? ' ' : c);
            }
        }
        if (next != names.size()) {
            throw new IllegalStateException(fieldName + ": " + names.size() + " names, " + next + " placeholders");
        }
        return out.toString();
    }
}
