/**
 * The {@code faust4j} command: {@link io.faust4j.cli.Main} runs it. Start reading at
 * {@link io.faust4j.cli.Faust4jCommand} (the global options and the list of subcommands), then
 * {@link io.faust4j.cli.WorkerCommand} (a worker with its signals, banner and exit codes).
 */
package io.faust4j.cli;
