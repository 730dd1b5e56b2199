package dev.weft.processor.validation;

/** Small helpers for writing diagnostics in plain English. */
public final class Messages {
    private Messages() {}

    /** {@code noun} with its indefinite article: "an enum", "an assert", "a record". */
    public static String article(String noun) {
        boolean vowel = !noun.isEmpty() && "aeiou".indexOf(Character.toLowerCase(noun.charAt(0))) >= 0;
        return (vowel ? "an " : "a ") + noun;
    }
}
