/**
 * faust4j's web server: with this module on the class path, every worker serves HTTP (Helidon SE) with the
 * app's pages, table views routed to the worker that owns a key, {@code /router}, {@code /health},
 * {@code /ready}, {@code /metrics} and a live dashboard at {@code /}. Start reading at {@link io.faust4j.web.WebExtension};
 * docs/web.md describes the endpoints and settings.
 */
package io.faust4j.web;
