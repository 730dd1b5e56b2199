/**
 * weft's test kit: {@link dev.weft.test.WeftTest} runs a JUnit 5 test method that returns a
 * {@code Task} on a fresh event loop, with virtual time by default, and fails it when it leaves
 * tasks, open channels or uncaught exceptions behind; {@link dev.weft.test.WeftTests#runTest}
 * does the same for code inside an ordinary {@code @Test} method.
 */
package dev.weft.test;
