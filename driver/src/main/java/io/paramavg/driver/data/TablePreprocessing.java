package io.paramavg.driver.data;

import io.paramavg.driver.data.table.Labels;
import io.paramavg.driver.data.table.Scaling;

import java.io.Serializable;

/**
 * What a model trained on a table needs to read more of it: the classes its labels became and the
 * feature scaling of its training set. Saved inside model.zip (labels in the manifest, scaling as
 * DL4J's normalizer entry) and applied by evaluate and predict.
 *
 * @param format  the source's format, as configuration writes it
 * @param labels  label to class
 * @param scaling feature scaling
 */
public record TablePreprocessing(String format, Labels labels, Scaling scaling) implements Serializable {
}
