/**
 * The command line: option tables that also print {@code --help}, the exit codes schedulers rely
 * on, progress lines, and the commands themselves. Every failure reaches the user as one line and
 * a documented exit code; stack traces only with {@code --verbose}.
 */
package io.paramavg.driver.cli;
