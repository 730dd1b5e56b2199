/**
 * Writes generated code: {@link dev.weft.processor.emit.SourceCopier} copies the user's trees
 * from the source text with the few edits they need, {@link dev.weft.processor.emit.StateMachineWriter}
 * writes one method's entry point and state machine, and
 * {@link dev.weft.processor.emit.AsyncClassWriter} assembles {@code Foo_Async} with JavaPoet.
 * Nothing here decides what the code does; it only writes what lowering decided.
 */
package dev.weft.processor.emit;
