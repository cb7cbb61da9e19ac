/**
 * How training keeps its accuracy per epoch as the shard count grows: the averaging rule that turns
 * each round's average into the next global model (the plain mean, block momentum as in BMUF and
 * SlowMo, or by default its Nesterov variant with DiLoCo's outer step), and the learning rate scaled
 * with the shard count and warmed up. Settings are declared in
 * {@link io.paramavg.worker.scaling.ScalingConfig}; the derived values for one run are an
 * {@link io.paramavg.worker.scaling.AveragingRule} and a {@link io.paramavg.worker.model.LearningRatePlan}.
 */
package io.paramavg.worker.scaling;
