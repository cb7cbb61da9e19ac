package io.paramavg.ml;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Spark 4's Connect ML needs of the stages on its server: {@code MLUtils} lists them with
 * {@code ServiceLoader.load(Estimator/Transformer).stream()}, which fails for every stage on the server when a
 * listed class has no public no-argument constructor, and makes them by their uid constructor.
 */
class ConnectServiceLoaderTest {

    private static Set<String> listed(Class<?> service) {
        return ServiceLoader.load(service).stream().map(p -> p.type().getName()).collect(Collectors.toSet());
    }

    @Test
    void serviceLoaderListsTheEstimatorAndTheModelAsConnectFindsThem() {
        assertTrue(listed(Estimator.class).contains(ParamAvgClassifier.class.getName()));
        assertTrue(listed(Transformer.class).contains(ParamAvgClassificationModel.class.getName()));
    }

    @Test
    void stagesHaveTheUidConstructorConnectCalls() throws ReflectiveOperationException {
        assertEquals("c", ParamAvgClassifier.class.getConstructor(String.class).newInstance("c").uid());
        assertEquals("m", ParamAvgClassificationModel.class.getConstructor(String.class).newInstance("m").uid());
    }

    @Test
    void modelMadeWithoutANetworkRefusesToScoreSayingWhereModelsComeFrom() {
        ParamAvgClassificationModel empty = new ParamAvgClassificationModel();
        IllegalStateException refused = assertThrows(IllegalStateException.class, empty::numClasses);
        assertTrue(refused.getMessage().contains("has no network") && refused.getMessage().contains(
                "ParamAvgClassifier.fit, ParamAvgClassificationModel.load or fromModelZip"), refused.getMessage());
        assertEquals(0L, empty.estimatedSize());
    }
}
