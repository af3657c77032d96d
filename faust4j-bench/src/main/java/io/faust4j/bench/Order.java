package io.faust4j.bench;

/**
 * The order every benchmark uses: about 100 bytes as JSON with the default codec.
 *
 * @param orderId the order id, the key of the {@code orders} topic
 * @param accountId the account, the key the counting agent groups by
 * @param productId the product
 * @param amount the number of items
 * @param price the unit price
 */
public record Order(String orderId, String accountId, String productId, int amount, double price) {
}
