/**
 * The built-in codecs ({@code raw}, {@code json}, {@code binary}) and composition; reach them through
 * {@link io.faust4j.Codecs}, not directly.
 */
package io.faust4j.internal.codec;
