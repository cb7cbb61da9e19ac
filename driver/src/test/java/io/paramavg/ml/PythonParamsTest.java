package io.paramavg.ml;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Python package's Params module is what the Java estimator's Params generate. */
class PythonParamsTest {

    @Test
    void shippedPythonParamsModuleIsGeneratedFromTheJavaParams() throws IOException {
        assertEquals(PythonParams.module(),
                Files.readString(Path.of("..").resolve(PythonParams.FILE), StandardCharsets.UTF_8),
                "regenerate it: scripts/paramavg config --python > " + PythonParams.FILE);
    }

    @Test
    void moduleDeclaresEverySettingWithItsConverterAndDefaultButNotTheColumns() {
        String module = PythonParams.module();
        assertTrue(module.contains("    epochs: \"Param[int]\" = Param(\n"), module);
        assertTrue(module.contains("typeConverter=TypeConverters.toListInt"), module);
        assertTrue(module.contains("            hiddenLayers=[256, 128],\n"), module);
        assertTrue(module.contains("            indexLabels=True,\n") || module.contains("indexLabels=False,\n"));
        assertTrue(module.contains("    def setLearningRate(self: P, value: float) -> P:\n"), module);
        assertTrue(module.contains("    outputDir: \"Param[str]\""), module);
        assertFalse(module.contains("featuresCol"), "columns come from PySpark's shared mixins");
    }

    @Test
    void pythonStringLiteralsEscapeQuotesBackslashesAndNonAscii() {
        assertEquals("\"a \\\"b\\\" c\\\\d \\u00e9\\u000a\"", PythonParams.string("a \"b\" c\\d \u00e9\n"));
    }
}
