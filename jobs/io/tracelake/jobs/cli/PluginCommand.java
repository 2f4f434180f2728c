package io.tracelake.jobs.cli;

import java.util.concurrent.Callable;

/**
 * A subcommand from outside the engine's source roots (the simulator's {@code generate} and {@code accuracy}) that
 * joins the CLI at start-up through {@link java.util.ServiceLoader}, so that the engine never imports it and the CLI
 * works, without listing it, when it is not on the classpath. An implementation is a picocli {@code @Command} class
 * with a public no-argument constructor, named in {@code META-INF/services/io.tracelake.jobs.cli.PluginCommand}.
 */
public interface PluginCommand extends Callable<Integer> {}
