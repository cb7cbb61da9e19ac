/**
 * The application layer: one training service that {@code train}, {@code retrain} and the Spark ML
 * API call with a typed request (configuration, data, output location, optional resume point or
 * initial state), an evaluation service, and the retraining decision. The command line only parses
 * arguments into requests and prints what comes back.
 */
package io.paramavg.driver.service;
