package dev.sallyport.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new connection to the ledger's database, set up by the backend for durable commits. */
@FunctionalInterface
public interface Connector {
  Connection connect() throws SQLException;
}
