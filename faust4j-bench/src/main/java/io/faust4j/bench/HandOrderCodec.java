package io.faust4j.bench;

import io.faust4j.Codec;
import io.faust4j.CodecException;
import io.faust4j.Codecs;
import io.faust4j.ConfigurationException;
import io.faust4j.spi.CodecProvider;
import java.nio.charset.StandardCharsets;

/**
 * An experiment, not a product: a hand-written JSON decoder for {@link Order}, registered as the codec
 * {@code bench-order-json} through the public {@link CodecProvider} SPI, to measure what the engine
 * does end to end when decoding costs a fraction of Jackson's ({@code memory-count --codec hand}).
 * It reads flat JSON objects (any field order, unknown string/number/boolean/null fields skipped) and
 * hands anything else (escapes, nesting, exotic numbers) to the default JSON codec; encoding is the
 * default JSON codec's.
 */
public final class HandOrderCodec implements Codec<Order> {
    private static final byte[] ORDER_ID = "orderId".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACCOUNT_ID = "accountId".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRODUCT_ID = "productId".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AMOUNT = "amount".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRICE = "price".getBytes(StandardCharsets.US_ASCII);
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private final Codec<Order> json = Codecs.json(Order.class);

    /** Serves {@code bench-order-json} for {@link Order}. */
    public static final class Provider implements CodecProvider {
        @Override
        public String name() {
            return "bench-order-json";
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Codec<T> create(Class<T> type) {
            if (type != Order.class) {
                throw new ConfigurationException("bench-order-json handles io.faust4j.bench.Order only, not " + type);
            }
            return (Codec<T>) new HandOrderCodec();
        }
    }

    @Override
    public byte[] encode(Order value) {
        return json.encode(value);
    }

    @Override
    public Order decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new CodecException("cannot decode JSON as Order: empty value");
        }
        Order order = new Reader(bytes).order();
        return order != null ? order : json.decode(bytes);
    }

    @Override
    public Class<Order> type() {
        return Order.class;
    }

    /** One pass over one value; every method returns a "give up" marker rather than throwing. */
    private static final class Reader {
        private final byte[] b;
        private int i;
        private boolean failed;

        Reader(byte[] bytes) {
            this.b = bytes;
        }

        Order order() {
            String orderId = null;
            String accountId = null;
            String productId = null;
            int amount = 0;
            double price = 0;
            if (next() != '{') {
                return null;
            }
            i++;
            if (next() == '}') {
                return null;
            }
            while (!failed) {
                if (next() != '"') {
                    return null;
                }
                int nameStart = ++i;
                int nameEnd = skipString();
                if (failed || next() != ':') {
                    return null;
                }
                i++;
                next();
                if (is(ORDER_ID, nameStart, nameEnd)) {
                    orderId = string();
                } else if (is(ACCOUNT_ID, nameStart, nameEnd)) {
                    accountId = string();
                } else if (is(PRODUCT_ID, nameStart, nameEnd)) {
                    productId = string();
                } else if (is(AMOUNT, nameStart, nameEnd)) {
                    double n = number();
                    amount = (int) n;
                    failed |= amount != n;
                } else if (is(PRICE, nameStart, nameEnd)) {
                    price = number();
                } else {
                    skipScalar();
                }
                int c = next();
                i++;
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    return null;
                }
                next();
            }
            if (failed || next() != -1) {
                return null;
            }
            return new Order(orderId, accountId, productId, amount, price);
        }

        /** Skips whitespace; the byte there, or -1 at the end. */
        private int next() {
            while (i < b.length) {
                byte c = b[i];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return c;
                }
                i++;
            }
            return -1;
        }

        private boolean is(byte[] name, int start, int end) {
            return end - start == name.length && java.util.Arrays.equals(b, start, end, name, 0, name.length);
        }

        /** From just after an opening quote to just after the closing one; the end of the content. */
        private int skipString() {
            while (i < b.length) {
                byte c = b[i];
                if (c == '"') {
                    return i++;
                }
                if (c == '\\' || (c >= 0 && c < 0x20)) {
                    break;
                }
                i++;
            }
            failed = true;
            return i;
        }

        private String string() {
            if (i >= b.length) {
                failed = true;
                return null;
            }
            if (b[i] == 'n' && i + 4 <= b.length && b[i + 1] == 'u' && b[i + 2] == 'l' && b[i + 3] == 'l') {
                i += 4;
                return null;
            }
            if (b[i] != '"') {
                failed = true;
                return null;
            }
            int start = ++i;
            int end = skipString();
            return failed ? null : new String(b, start, end - start, StandardCharsets.UTF_8);
        }

        /** A JSON number; integers and decimals of up to 15 digits exactly, others through Double.parseDouble. */
        private double number() {
            int start = i;
            boolean negative = i < b.length && b[i] == '-';
            if (negative) {
                i++;
            }
            long mantissa = 0;
            int digits = 0;
            int fraction = -1;
            while (i < b.length) {
                byte c = b[i];
                if (c >= '0' && c <= '9') {
                    mantissa = mantissa * 10 + (c - '0');
                    digits++;
                    if (fraction >= 0) {
                        fraction++;
                    }
                } else if (c == '.' && fraction < 0) {
                    fraction = 0;
                } else if (c == 'e' || c == 'E' || c == '+' || (c == '-' && i > start)) {
                    return slowNumber(start);
                } else {
                    break;
                }
                i++;
            }
            if (digits == 0 || fraction == 0) {
                failed = true;
                return 0;
            }
            if (digits > 15) {
                return slowNumber(start);
            }
            double value = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
            return negative ? -value : value;
        }

        private double slowNumber(int start) {
            i = start;
            while (i < b.length && "+-.eE0123456789".indexOf(b[i]) >= 0) {
                i++;
            }
            try {
                return Double.parseDouble(new String(b, start, i - start, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                failed = true;
                return 0;
            }
        }

        private void skipScalar() {
            if (i < b.length && b[i] == '"') {
                i++;
                skipString();
                return;
            }
            int start = i;
            while (i < b.length && b[i] != ',' && b[i] != '}' && b[i] != ' ' && b[i] != '\n') {
                byte c = b[i];
                if (c == '{' || c == '[' || c == '"') {
                    failed = true;
                    return;
                }
                i++;
            }
            failed |= i == start;
        }
    }
}
