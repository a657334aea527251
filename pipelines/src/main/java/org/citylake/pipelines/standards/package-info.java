/**
 * National standards for identifiers and codes (GB 11643, GB 32100, GB 11714), as small immutable
 * value types with static factories. Pure Java on purpose: no Spark import, so the rules are
 * unit-testable in milliseconds and reusable by the generator, the cleansing jobs and exchange
 * validation alike.
 */
package org.citylake.pipelines.standards;
