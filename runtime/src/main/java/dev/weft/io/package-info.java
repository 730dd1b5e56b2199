/**
 * Network I/O on the event loop's selector, in asyncio's shape: TCP streams ({@link
 * dev.weft.io.Streams#openConnection}, {@link dev.weft.io.Streams#startServer}, {@link
 * dev.weft.io.StreamReader}, {@link dev.weft.io.StreamWriter}), TCP protocols, the callback API
 * beside streams for code that wants nothing between the socket and itself ({@link
 * dev.weft.io.Protocols#startServer}, {@link dev.weft.io.Protocols#connect}, {@link
 * dev.weft.io.Protocol}, {@link dev.weft.io.ProtocolTransport}), UDP ({@link
 * dev.weft.io.DatagramEndpoint}), TLS over {@link javax.net.ssl.SSLEngine}, and the low-level
 * awaitable socket operations of {@link dev.weft.io.Sockets}. Reader and writer callbacks on any
 * {@link java.nio.channels.SelectableChannel} are {@code EventLoop.addReader}/{@code addWriter}.
 *
 * <p>Common guarantees, stated again on each type:
 *
 * <ul>
 *   <li><b>Thread.</b> Everything here is called on the loop thread (inside an {@code @Async}
 *       method or a loop callback), and every task completes there. A reader's, writer's,
 *       server's or endpoint's operations called from another thread while its loop runs throw
 *       {@link java.lang.IllegalStateException} naming {@code loop.callSoonThreadsafe} and {@code
 *       loop.submit}, the thread-safe ways in; their plain queries ({@code bufferedBytes()},
 *       {@code port()}...) do not check and are exact only on the loop thread. Name lookups run
 *       on a background thread, never on the loop; nothing here blocks the loop.
 *   <li><b>Cancellation.</b> Cancelling a pending operation removes its interest in the channel at
 *       once; a channel nobody waits on has no selection key. An operation that owns a socket (a
 *       connect) closes it when cancelled. Cancelling a read consumes nothing.
 *   <li><b>Exceptions.</b> Tasks fail with the {@link java.io.IOException} the socket raised, the
 *       same object for every later operation on a failed connection.
 *   <li><b>Memory.</b> Reads go through one scratch buffer per loop thread into each reader's
 *       reused array, or straight into the caller's buffer ({@code StreamReader.readInto}); a
 *       protocol is handed the scratch buffer itself. Writes go straight to the socket while
 *       nothing is queued (a direct {@link java.nio.ByteBuffer} without any copy); a writer that
 *       awaits {@code drain()} holds at most its high-water mark plus one write. A protocol's
 *       steady state allocates nothing per message.
 * </ul>
 *
 * <p>What does not live here: the loop itself and its tasks ({@code dev.weft}), the registration of
 * channels with the selector ({@code dev.weft.internal.IoRegistry}), and synchronisation primitives
 * ({@code dev.weft.sync}).
 */
package dev.weft.io;
