/**
 * C2SP signed notes (c2sp.org/signed-note) with Ed25519 signatures: the envelope in which the
 * ledger publishes checkpoints. {@link dev.sallyport.ledger.note.SignedNote} parses and verifies
 * notes, {@link dev.sallyport.ledger.note.Ed25519NoteSigner} signs them, {@link
 * dev.sallyport.ledger.note.VerifierKey} is the public key in its {@code name+id+key} text form.
 *
 * <p>Parsing is strict: any deviation from the grammar is a {@link
 * dev.sallyport.ledger.LedgerFormatException}, because notes arrive from outside and every leniency
 * is a second way to spell the same bytes.
 */
package dev.sallyport.ledger.note;
