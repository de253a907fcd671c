package dev.pancake.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PercentTest {

    @Test
    void formatsLikePythonsReprOfAFloat() {
        // what redis-py writes for flask-pancake's Sample.set(float(x))
        assertEquals("42.0", Percent.format(42));
        assertEquals("42.5", Percent.format(42.5));
        assertEquals("0.1", Percent.format(0.1));
        assertEquals("0.0", Percent.format(0));
        assertEquals("100.0", Percent.format(100));
        assertEquals("33.333333333333336", Percent.format(100.0 / 3));
        assertEquals("0.0001", Percent.format(0.0001));
        assertEquals("1e-05", Percent.format(0.00001));
        assertEquals("1.5e-05", Percent.format(0.000015));
    }

    @Test
    void parsesPlainDecimalsInRangeOnly() {
        assertEquals(42, Percent.parse("42"));
        assertEquals(42.5, Percent.parse("42.5"));
        assertEquals(42.5, Percent.parse("4.25e1"));
        assertEquals(0.00001, Percent.parse("1e-05"));
        assertEquals(-1, Percent.parse("101"));
        assertEquals(-1, Percent.parse("-1"));
        assertEquals(-1, Percent.parse("NaN"));
        assertEquals(-1, Percent.parse("Infinity"));
        assertEquals(-1, Percent.parse("0x1p3"));
        assertEquals(-1, Percent.parse("42d"));
        assertEquals(-1, Percent.parse(""));
        assertEquals(-1, Percent.parse("abc"));
        assertEquals(-1, Percent.parse(null));
    }
}
