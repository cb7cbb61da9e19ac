package io.paramavg.driver;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriverExitTest {
    @Test
    void onlyAYarnClusterModeDriverIsToldApart() {
        Properties yarnCluster = new Properties();
        yarnCluster.setProperty("spark.submit.deployMode", "cluster");
        yarnCluster.setProperty("spark.yarn.app.id", "application_1_0001");
        assertTrue(DriverExit.inYarnClusterMode(yarnCluster));

        Properties standaloneCluster = new Properties();
        standaloneCluster.setProperty("spark.submit.deployMode", "cluster");
        assertFalse(DriverExit.inYarnClusterMode(standaloneCluster), "a standalone cluster's driver may exit");
        Properties yarnClient = new Properties();
        yarnClient.setProperty("spark.submit.deployMode", "client");
        yarnClient.setProperty("spark.yarn.app.id", "application_1_0001");
        assertFalse(DriverExit.inYarnClusterMode(yarnClient), "a client-mode driver is the submitting process");
        assertFalse(DriverExit.inYarnClusterMode(new Properties()));
    }

    @Test
    void theFailureYarnReportsIsTheErrorLineWithItsExitCodeOrWhatTheCodeMeans() {
        assertEquals("paramavg: bad thing (exit code 3)", DriverExit.message(3, "paramavg: bad thing"));
        assertEquals("paramavg exited with code 10: retrain only: a new version was trained but is not better, "
                + "so the current one stays", DriverExit.message(10, null));
        assertEquals("paramavg exited with code 77: unknown", DriverExit.message(77, null));
    }

    @Test
    void theFirstLinePrintedIsKeptAndEverythingIsPassedOn() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FirstLine err = new FirstLine(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        err.println("paramavg: the error");
        err.println("paramavg: run with --verbose for the full stack trace");
        assertEquals("paramavg: the error", err.first());
        assertEquals("paramavg: the error\nparamavg: run with --verbose for the full stack trace\n",
                bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
