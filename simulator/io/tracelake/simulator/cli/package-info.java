/**
 * {@code tracelake generate} and {@code tracelake accuracy}: {@link io.tracelake.jobs.cli.PluginCommand}s the CLI
 * finds through {@code META-INF/services}, so that the engine's CLI never names them.
 */
package io.tracelake.simulator.cli;
