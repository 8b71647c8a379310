package org.idnet.identity.domain;

/** A refused line of an import: its number and why, nothing the platform sent in it. */
public record LineRefusal(int line, ImportRefusal reason) {
}
