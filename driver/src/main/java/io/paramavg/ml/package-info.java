/**
 * The Spark ML API: {@link io.paramavg.ml.ParamAvgClassifier}, a {@code ProbabilisticClassifier} whose
 * {@code fit} trains through the same {@code TrainingService} as the command line, and
 * {@link io.paramavg.ml.ParamAvgClassificationModel}, a {@code ProbabilisticClassificationModel} whose
 * {@code transform} scores on the executors and adds {@code prediction} (the class index), {@code probability}
 * and {@code rawPrediction} as MLlib's probabilistic classifiers do, and the original label of the predicted
 * class; they are MLlib's classes, not look-alikes, so that {@code OneVsRest}, MLlib's evaluators and Spark
 * Connect's list of callable model methods take them. Both take MLlib's column Params from those classes and
 * paramavg's two more from {@link io.paramavg.ml.ColumnParams}. Both save and load with Spark ML's own metadata
 * (so they live in a {@code Pipeline} and a {@code PipelineModel}); the model keeps paramavg's model.zip inside.
 * Every configuration key the estimator takes is a {@code Param} derived from its
 * {@code Setting} declaration: same name (camel case), default, rule and documentation.
 */
package io.paramavg.ml;
