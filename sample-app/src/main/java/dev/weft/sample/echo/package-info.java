/**
 * The smallest network example: {@link dev.weft.sample.echo.EchoServer} sends every line back, a
 * task per connection; {@link dev.weft.sample.echo.EchoClient} sends lines and prints their echoes.
 */
package dev.weft.sample.echo;
