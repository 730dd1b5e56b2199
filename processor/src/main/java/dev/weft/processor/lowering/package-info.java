/**
 * Lowering of {@code @Async} bodies into state machines, after regenerator and TypeScript's
 * generator transform. {@link dev.weft.processor.lowering.Lowerer} turns statements and
 * expressions with awaits into a flat list of {@link dev.weft.processor.lowering.Instr}uctions
 * with {@link dev.weft.processor.lowering.Label}s (jump targets are tracked by
 * {@link dev.weft.processor.lowering.JumpContext}); {@link dev.weft.processor.lowering.StateLayout}
 * cuts it into states and decides which locals become fields. Code fragments stay symbolic
 * ({@link dev.weft.processor.lowering.Code}) until emit, because their text depends on those
 * decisions. Exceptions ({@code try}) will be lowered through one exception table consulted from
 * a single {@code catch (Throwable)} around the state switch, with completion records for
 * {@code finally}; until then a {@code try} with an await inside is rejected.
 */
package dev.weft.processor.lowering;
