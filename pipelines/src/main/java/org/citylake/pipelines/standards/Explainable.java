package org.citylake.pipelines.standards;

/**
 * A standard that can show its working for one value, for people checking a verdict by hand
 * ({@code citylake standardize --explain}): e.g. the weighted sum behind a check character.
 */
public interface Explainable {
    /** One line; never throws, whatever the value. */
    String explain(String value);
}
