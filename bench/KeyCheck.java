import io.github.crmvault.conflict.Normalizer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/**
 * The conflict keys the application would derive for each customer, computed with its own Normalizer,
 * so that bench/conflict.sh can compare them with what bench/load.sql wrote in SQL.
 *
 *   java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' bench/KeyCheck.java < customers.tsv > keys.tsv
 *
 * Input, one customer a line, tab-separated: id, name, credit code, phones, e-mails, website and
 * (optional seventh field) the phones of its live contacts; lists joined with U+001F, an absent value
 * empty. Output: kind, value, customer id (as CompanyIdentity.keys() builds them: every non-empty key,
 * DOMAIN from e-mails and website once, the contacts' mobiles as PHONE keys when the Normalizer has
 * mobile(), i.e. keys version 2 and later). On standard error: how many credit codes the API's validator
 * (customer/CreditCode) would refuse.
 */
public class KeyCheck {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        // CreditCode.Validator.isValid(String) is package-private: called reflectively.
        java.lang.reflect.Method valid = Class.forName("io.github.crmvault.customer.CreditCode$Validator")
                .getDeclaredMethod("isValid", String.class);
        valid.setAccessible(true);
        // Contacts' mobiles are keys since keys version 2; an older jar has no Normalizer.mobile.
        java.lang.reflect.Method mobile = null;
        try {
            mobile = Normalizer.class.getMethod("mobile", String.class);
        } catch (NoSuchMethodException olderNormalizer) {
            System.err.println("Normalizer.mobile missing: contacts' phones are no keys in this jar");
        }
        long codes = 0;
        long invalid = 0;
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.split("\t", -1);
            String id = f[0];
            if (!f[2].isEmpty()) {
                codes++;
                if (!(Boolean) valid.invoke(null, f[2])) {
                    invalid++;
                }
            }
            TreeSet<String> keys = new TreeSet<>();
            add(keys, "CREDIT_CODE", Normalizer.creditCode(f[2]));
            for (String phone : list(f[3])) {
                add(keys, "PHONE", Normalizer.phone(phone));
            }
            for (String email : list(f[4])) {
                add(keys, "DOMAIN", Normalizer.emailDomain(email));
            }
            add(keys, "DOMAIN", Normalizer.websiteHost(f[5]));
            add(keys, "NAME", Normalizer.companyName(f[1]));
            if (mobile != null && f.length > 6) {
                for (String phone : list(f[6])) {
                    add(keys, "PHONE", (String) mobile.invoke(null, phone));
                }
            }
            for (String key : keys) {
                out.write(key);
                out.write('\t');
                out.write(id);
                out.write('\n');
            }
        }
        out.flush();
        System.err.println("credit codes: " + codes + ", invalid: " + invalid);
    }

    private static String[] list(String joined) {
        return joined.isEmpty() ? new String[0] : joined.split("\u001f");
    }

    private static void add(TreeSet<String> keys, String kind, String value) {
        if (!value.isEmpty()) {
            keys.add(kind + "\t" + value);
        }
    }
}
