/**
 * The Spark ML API: {@link io.paramavg.ml.ParamAvgClassifier}, an {@code Estimator} whose
 * {@code fit} trains through the same {@code TrainingService} as the command line, and
 * {@link io.paramavg.ml.ParamAvgClassificationModel}, whose {@code transform} scores on the
 * executors and adds {@code prediction}, {@code probability} and {@code rawPrediction} as MLlib's
 * probabilistic classifiers do; both take their column Params from {@link io.paramavg.ml.ColumnParams},
 * as MLlib's classes mix in {@code HasFeaturesCol}. Both save and load with Spark ML's own metadata (so
 * they live in a {@code Pipeline} and a {@code PipelineModel}); the model keeps paramavg's model.zip
 * inside.
 * Every configuration key the estimator takes is a {@code Param} derived from its
 * {@code Setting} declaration: same name (camel case), default, rule and documentation.
 */
package io.paramavg.ml;
