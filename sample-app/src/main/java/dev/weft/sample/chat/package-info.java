/**
 * A line-based chat: {@link dev.weft.sample.chat.ChatServer} (a task per connection, broadcast,
 * nicknames, a graceful shutdown on Ctrl-C or SIGTERM) and {@link dev.weft.sample.chat.ChatClient}
 * (the network and the keyboard side by side, the keyboard read on another thread).
 */
package dev.weft.sample.chat;
