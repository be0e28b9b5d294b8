package org.calico4j.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's {@code fmt} number forms that calicoctl's tables use, which Java's {@code %g} does not match:
 * {@code %.5g} (65536, 1.3107e+05, trailing zeros dropped) and {@code %.f} (rounding half to even).
 */
final class GoFormat {
    private GoFormat() {
    }

    /** {@code fmt.Sprintf("%.5g", v)}. */
    static String g5(BigDecimal v) {
        if (v.signum() == 0) {
            return "0";
        }
        BigDecimal r = v.round(new MathContext(5, RoundingMode.HALF_EVEN));
        int exp = r.precision() - r.scale() - 1;
        if (exp < -4 || exp >= 5) {
            BigDecimal mantissa = r.movePointLeft(exp).stripTrailingZeros();
            return mantissa.toPlainString() + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        return r.stripTrailingZeros().toPlainString();
    }

    static String g5(BigInteger v) {
        return g5(new BigDecimal(v));
    }

    /** {@code fmt.Sprintf("%.f", v)}: no decimals, ties to even. */
    static String f0(double v) {
        return new BigDecimal(v).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
    }
}
