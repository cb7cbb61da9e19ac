package io.paramavg.driver.config;

import io.paramavg.worker.settings.Setting;

import java.io.Serializable;

/**
 * How paramavg's own network (the coordinator on the driver, the exchange between tasks) protects what
 * it carries. Authentication is not a setting: every connection proves it knows the run's secret. Kept
 * apart from {@link TrainingConfig} because it changes no result: a model trained with encryption on is
 * bit-identical to one trained with it off.
 *
 * @param encryption whether the exchange's frames are encrypted ({@link #ENCRYPTION})
 * @param openSpark  whether a cluster run may start with Spark's authentication off ({@link #OPEN_SPARK})
 */
public record ExchangeConfig(Encryption encryption, boolean openSpark) implements Serializable {

    /** Whether frames are encrypted. */
    public enum Encryption { AUTO, ON, OFF }

    public static final Setting<Encryption> ENCRYPTION = Setting.choice("train.exchange-encryption", Encryption.AUTO,
            Encryption.class, "Encrypt (AES-GCM) the parameters the tasks exchange over paramavg's "
                    + "own sockets: auto follows Spark's spark.network.crypto.enabled, on and off force it either way. "
                    + "Connections and every frame are authenticated with a per-run secret whatever this says "
                    + "(docs/security.md).");

    public static final Setting<Boolean> OPEN_SPARK = Setting.bool("train.allow-unauthenticated-spark", false,
            "Let a run on a cluster start although spark.authenticate is off (a warning instead of a refusal). "
                    + "Spark's unauthenticated RPC carries the tasks, the model and the run's exchange key to the "
                    + "executors, so anyone who can reach the driver's or an executor's ports can read the model and "
                    + "poison the exchange: only for a network nobody else can reach (docs/security.md). Local "
                    + "masters (local, local[N]) never need it.");

    public ExchangeConfig {
        ENCRYPTION.check(encryption);
    }

    /** The configuration {@code settings} give. */
    public static ExchangeConfig from(Settings settings) {
        return new ExchangeConfig(settings.value(ENCRYPTION), settings.value(OPEN_SPARK));
    }

    /** Whether frames are encrypted, given whether Spark encrypts its own network traffic. */
    public boolean encrypts(boolean sparkNetworkCrypto) {
        return switch (encryption) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> sparkNetworkCrypto;
        };
    }
}
