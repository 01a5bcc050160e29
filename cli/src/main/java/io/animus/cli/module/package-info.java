/**
 * The module's side of the command line: its configuration read with its module key and handed to it
 * as environment variables ({@code animus run}, {@code animus export}), and its manifest checked before
 * it is installed ({@code animus validate}).
 */
package io.animus.cli.module;
