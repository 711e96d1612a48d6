/**
 * Export of the tenant ledgers to the customer's SIEM (see {@code docs/siem.md}).
 *
 * <p>The durable ledger is the backlog. One {@link dev.sallyport.siem.SiemExporter} per configured
 * sink tails every tenant's log through a read-only {@link dev.sallyport.siem.LedgerSource} on its
 * own connection, turns each entry into an {@link dev.sallyport.siem.ExportRecord}, hands a batch
 * to its {@link dev.sallyport.siem.Sink} and only then moves a per-sink cursor that is saved in the
 * data folder ({@link dev.sallyport.siem.CursorFile}). A restart resumes from the cursor, so every
 * event is delivered at least once and carries its tenant, ledger index and event id for
 * de-duplication. Nothing here runs on the decision path: a sink that is down only stops its
 * cursor.
 */
package dev.sallyport.siem;
