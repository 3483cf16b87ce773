package io.shardops.dataplane.vindex;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A column value a vindex maps: an integer literal or a string (bytes) literal. */
public sealed interface Value permits Value.Int, Value.Text {

    /** The value's bytes as MySQL would compare them in a binary column. */
    byte[] bytes();

    static Value of(long v) {
        return new Int(BigInteger.valueOf(v));
    }

    static Value of(String s) {
        return new Text(s.getBytes(StandardCharsets.UTF_8));
    }

    record Int(BigInteger value) implements Value {
        @Override
        public byte[] bytes() {
            return value.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    record Text(byte[] value) implements Value {
        public Text {
            value = value.clone();
        }

        @Override
        public byte[] bytes() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text t && Arrays.equals(value, t.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }
}
