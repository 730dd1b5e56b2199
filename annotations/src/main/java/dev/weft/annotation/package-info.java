/**
 * The one annotation weft users write: {@link dev.weft.annotation.Async}. Nothing else lives
 * here, so that depending on it costs nothing.
 */
package dev.weft.annotation;
