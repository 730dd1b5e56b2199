/**
 * Lowering of {@code @Async} bodies into state machines, after regenerator and TypeScript's
 * generator transform. {@link dev.weft.processor.lowering.Lowerer} turns statements and
 * expressions with awaits into a flat list of {@link dev.weft.processor.lowering.Instr}uctions
 * with {@link dev.weft.processor.lowering.Label}s (jump targets are tracked by
 * {@link dev.weft.processor.lowering.JumpContext}); {@link dev.weft.processor.lowering.StateLayout}
 * cuts it into states and decides which locals become fields. Code fragments stay symbolic
 * ({@link dev.weft.processor.lowering.Code}) until emit, because their text depends on those
 * decisions. A {@code try} with an await inside is lowered through one exception table consulted
 * from a single {@code catch (Throwable)} around the state switch: each state belongs to a
 * {@link dev.weft.processor.lowering.Region} of a {@link dev.weft.processor.lowering.Handler}
 * (its catch arms and finally), and a {@code finally} keeps a completion record (the state to go
 * on at, the exception it holds) that jumps, returns and exceptions leaving through it set
 * (regenerator's and TypeScript's generator lowering; JLS 14.20). A try-with-resources is the
 * nest of try-finally statements JLS 14.20.3 translates it to.
 */
package dev.weft.processor.lowering;
