package org.citylake.pipelines.standards;

import java.io.Serializable;

/** A national or local standard for one kind of value: validates and normalises a non-blank text. */
@FunctionalInterface
public interface Standard extends Serializable {
    Verdict apply(String value);
}
