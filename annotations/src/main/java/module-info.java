/** weft's annotations: {@code @Async}, read by weft's annotation processor at compile time. */
module dev.weft.annotation {
    exports dev.weft.annotation;
}
