package io.paramavg.driver.engine;

import scala.collection.AbstractIterator;

import java.util.Iterator;

/**
 * A Java iterator seen as a Scala one, for the results of the Scala functions Spark's RDD API takes.
 * Written here rather than taken from Scala's converters because those moved between Scala 2.12
 * ({@code scala.collection.JavaConverters}) and 2.13 (which deprecates it), and this compiles against both.
 */
final class ScalaIterator<T> extends AbstractIterator<T> {
    private final Iterator<T> java;

    ScalaIterator(Iterator<T> java) {
        this.java = java;
    }

    @Override
    public boolean hasNext() {
        return java.hasNext();
    }

    @Override
    public T next() {
        return java.next();
    }
}
