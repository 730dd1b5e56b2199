/**
 * Checks that run before any code is generated: {@code @Async} signatures and the classes that
 * hold them ({@link dev.weft.processor.validation.SignatureValidator}), bodies
 * ({@link dev.weft.processor.validation.BodyValidator}: awaits where they cannot suspend,
 * private members, blocking calls) and awaits outside any {@code @Async} method
 * ({@link dev.weft.processor.validation.StrayAwaitScanner}). Each finding goes into a
 * {@link dev.weft.processor.validation.ValidationReport}; nothing here prints or generates.
 */
package dev.weft.processor.validation;
