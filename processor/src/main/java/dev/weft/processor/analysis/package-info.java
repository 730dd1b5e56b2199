/**
 * What the processor knows about an {@code @Async} method before it lowers it: the attributed
 * body ({@link dev.weft.processor.analysis.BodyIndex}), where its awaits are
 * ({@link dev.weft.processor.analysis.Awaits}), the source text it copies from
 * ({@link dev.weft.processor.analysis.SourceText}), how to write a type back as source
 * ({@link dev.weft.processor.analysis.TypeText}) and the JLS reachability rules
 * ({@link dev.weft.processor.analysis.Reachability}). Nothing here writes code or reports errors.
 */
package dev.weft.processor.analysis;
