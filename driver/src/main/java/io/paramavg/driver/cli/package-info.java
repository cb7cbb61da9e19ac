/**
 * The command line, parsed by picocli: one {@link io.paramavg.driver.cli.Command} per subcommand,
 * whose options take their meaning and default from the configuration registry (those several
 * commands take are declared once, in {@code SharedOptions}), the exit codes
 * schedulers rely on, and progress lines. Commands turn arguments into service requests and print
 * what comes back; every failure reaches the user as one line and a documented exit code, stack
 * traces only with {@code --verbose}.
 */
package io.paramavg.driver.cli;
