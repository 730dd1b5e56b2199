package dev.weft.sample;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's options ({@code --name value} or {@code --name=value}) and arguments. Each option is
 * taken once by the command; {@link #arguments()} then refuses any left over.
 */
final class Options {
  private final Map<String, String> named = new LinkedHashMap<>();
  private final List<String> arguments = new ArrayList<>();

  Options(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        arguments.add(arg);
        continue;
      }
      int equals = arg.indexOf('=');
      String name = arg.substring(2, equals < 0 ? arg.length() : equals);
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new UsageException("--" + name + " needs a value");
      }
      if (named.put(name, value) != null) {
        throw new UsageException("--" + name + " given twice");
      }
    }
  }

  /** The value of {@code --name}, or {@code otherwise}. */
  String option(String name, String otherwise) {
    String value = named.remove(name);
    return value == null ? otherwise : value;
  }

  /**
   * The value of {@code --name} as a number from {@code min} to {@code max}, or {@code otherwise}.
   */
  int intOption(String name, int otherwise, int min, int max) {
    String value = named.remove(name);
    if (value == null) {
      return otherwise;
    }
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new UsageException(
        "--" + name + " takes a number from " + min + " to " + max + ", not " + value);
  }

  /** The arguments that are not options, once every option has been taken. */
  List<String> arguments() {
    if (!named.isEmpty()) {
      throw new UsageException("unknown option --" + named.keySet().iterator().next());
    }
    return arguments;
  }

  /** Checks that there is nothing left: no options, no arguments. */
  void none() {
    if (!arguments().isEmpty()) {
      throw new UsageException("unexpected argument: " + arguments.get(0));
    }
  }

  /** {@code text} as an absolute http or https URL. */
  static URI httpUrl(String text) {
    try {
      URI url = new URI(text);
      String scheme = url.getScheme();
      if (scheme != null
          && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          && url.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // Reported below.
    }
    throw new UsageException("not an http:// or https:// URL: " + text);
  }
}
