/**
 * The {@code surrogate} command-line program. Commands only parse options, wire library objects together and map
 * failures to exit codes (0 success, 2 bad arguments, 1 any other failure); they contain no numerics.
 *
 * <p>To add a command: write one {@code @Command} class (implementing {@link java.util.concurrent.Callable}) and
 * list it in {@link dev.surrogate.cli.SurrogateCli}'s {@code subcommands}; a new {@code generate EQUATION} goes
 * into {@link dev.surrogate.cli.GenerateCommand}'s list and reuses {@link dev.surrogate.cli.GenerateOptions} and
 * {@link dev.surrogate.cli.GenerateSupport}.
 */
package dev.surrogate.cli;
