/**
 * Scoring the guards on labelled JSON Lines files in the format of the shared guard data: rows of
 * injection labels, gold entity spans, recognizer expectations or secret labels, told apart by
 * their fields ({@link dev.sallyport.guards.eval.RowParser}). {@link
 * dev.sallyport.guards.eval.GuardEvaluator} documents exactly how each kind is counted; {@link
 * dev.sallyport.guards.eval.FileReport#toJson()} is the line {@code sallyport guards eval} prints.
 * Reading files is the caller's job: this package parses lines and counts.
 */
package dev.sallyport.guards.eval;
