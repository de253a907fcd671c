package dev.pancake.agent.config;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Sample percentages as text, the way flask-pancake stores them: Python's {@code repr} of a float
 * ("42.0", "42.5", "0.1"), because redis-py writes a float with repr. Reading accepts any plain
 * decimal ("42", "42.5", "4.25e1") in 0..100 and nothing else (no "NaN", "Infinity", "0x1p3", "42d").
 */
public final class Percent {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Percent() {}

    /** The percentage, or -1 when the text is not a decimal in 0..100. */
    public static double parse(String text) {
        if (text == null) {
            return -1;
        }
        String t = text.trim();
        if (t.isEmpty() || t.length() > 64 || !DECIMAL.matcher(t).matches()) {
            return -1;
        }
        double p = Double.parseDouble(t);
        return p >= 0 && p <= 100 ? p + 0.0 : -1;
    }

    /** Python's repr of a float in 0..100: the shortest text that reads back as the same double. */
    public static String format(double percent) {
        if (percent == 0) {
            return "0.0";
        }
        String shortest = null;
        for (int digits = 1; digits <= 17; digits++) {
            String candidate = String.format(java.util.Locale.ROOT, "%." + digits + "g", percent);
            if (Double.parseDouble(candidate) == percent) {
                shortest = candidate;
                break;
            }
        }
        BigDecimal exact = new BigDecimal(shortest).stripTrailingZeros();
        if (Math.abs(percent) < 1e-4) {
            // repr switches to exponent notation below 1e-4, like 1e-05
            String mantissa = exact.unscaledValue().toString();
            int exponent = -exact.scale() + mantissa.length() - 1;
            String m = mantissa.length() == 1 ? mantissa : mantissa.charAt(0) + "." + mantissa.substring(1);
            return m + "e-" + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        String plain = exact.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
