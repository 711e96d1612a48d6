package dev.sallyport.store.sqlite;

import static dev.sallyport.approval.ApprovalFixtures.ACME;
import static dev.sallyport.approval.ApprovalFixtures.NOW;
import static dev.sallyport.approval.ApprovalFixtures.approve;
import static dev.sallyport.approval.ApprovalFixtures.person;
import static dev.sallyport.approval.ApprovalFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.approval.ApprovalStore;
import dev.sallyport.approval.ApprovalStoreContract;
import dev.sallyport.approval.VoteResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteApprovalStoreTest extends ApprovalStoreContract {
  @TempDir Path data;
  private final List<SqliteApprovalStore> opened = new ArrayList<>();

  @Override
  protected ApprovalStore store() {
    return open();
  }

  @Override
  protected ApprovalStore reopen() {
    return open();
  }

  private SqliteApprovalStore open() {
    SqliteApprovalStore store = new SqliteApprovalStore(SqliteDatabase.open(data));
    opened.add(store);
    return store;
  }

  @AfterEach
  void close() {
    opened.forEach(SqliteApprovalStore::close);
  }

  @Test
  void twoStoresOnOneFileStillDecideOnce() {
    // Two gateways (or a gateway and a CLI) on the same database: the write lock serialises them.
    SqliteApprovalStore first = open();
    SqliteApprovalStore second = open();
    first.create(request("a1"));

    VoteResult one = first.vote(ACME, "a1", approve(person("fiona", "finance-leads")), NOW);
    VoteResult two = second.vote(ACME, "a1", approve(person("george", "finance-leads")), NOW);

    assertThat(one).isInstanceOf(VoteResult.Recorded.class);
    assertThat(two).isInstanceOf(VoteResult.AlreadyFinal.class);
  }

  @Test
  void aDamagedRowIsAnErrorNotAnApproval() throws Exception {
    SqliteApprovalStore store = open();
    store.create(request("a1"));
    try (Connection raw =
            DriverManager.getConnection("jdbc:sqlite:" + data.resolve("sallyport.db"));
        Statement edit = raw.createStatement()) {
      edit.executeUpdate("UPDATE approvals SET request = '{\"v\":1}' WHERE id = 'a1'");
    }

    assertThatThrownBy(() -> store.find(ACME, "a1")).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.vote(ACME, "a1", approve(person("fiona", "finance-leads")), NOW))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void aClosedDatabaseFailsLoudly() {
    SqliteApprovalStore store = open();
    store.close();

    assertThatThrownBy(() -> store.find(ACME, "a1")).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.create(request("a2"))).isInstanceOf(StoreException.class);
  }
}
