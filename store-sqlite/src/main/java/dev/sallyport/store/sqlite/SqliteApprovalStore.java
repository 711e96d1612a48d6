package dev.sallyport.store.sqlite;

import dev.sallyport.approval.ApprovalCodec;
import dev.sallyport.approval.ApprovalRequest;
import dev.sallyport.approval.ApprovalRules;
import dev.sallyport.approval.ApprovalStatus;
import dev.sallyport.approval.ApprovalStore;
import dev.sallyport.approval.Ballot;
import dev.sallyport.approval.Eligibility;
import dev.sallyport.approval.StoredApproval;
import dev.sallyport.approval.Vote;
import dev.sallyport.approval.VoteResult;
import dev.sallyport.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Approvals on SQLite. Every change runs in a {@code BEGIN IMMEDIATE} transaction, which takes the
 * database's write lock before reading: a vote reads the votes, decides and appends with no other
 * writer in between, in this process or another, so concurrent votes end in exactly one outcome.
 * Every method throws {@link StoreException} when the database fails; nothing is guessed.
 */
public final class SqliteApprovalStore implements ApprovalStore, AutoCloseable {
  private final Connection connection;

  public SqliteApprovalStore(SqliteDatabase database) {
    try {
      this.connection = database.connect();
    } catch (SQLException e) {
      throw new StoreException("cannot open the approval store", e);
    }
  }

  /** A unit of work inside one write transaction. */
  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  private synchronized <T> T write(String what, Work<T> work) {
    try {
      try (Statement begin = connection.createStatement()) {
        begin.execute("BEGIN IMMEDIATE");
      }
      try {
        T result = work.run();
        try (Statement commit = connection.createStatement()) {
          commit.execute("COMMIT");
        }
        return result;
      } catch (SQLException | RuntimeException e) {
        try (Statement rollback = connection.createStatement()) {
          rollback.execute("ROLLBACK");
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    } catch (StoreException e) {
      throw e;
    } catch (SQLException | RuntimeException e) {
      // A row that does not decode is as much a failure as a lost connection.
      throw new StoreException("cannot " + what, e);
    }
  }

  @Override
  public void create(ApprovalRequest request) {
    write(
        "store the approval",
        () -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO approvals (tenant, id, request, created_at, expires_at)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, request.tenant().value());
            insert.setString(2, request.id());
            insert.setString(3, ApprovalCodec.encode(request));
            insert.setLong(4, request.createdAt().toEpochMilli());
            insert.setLong(5, request.expiresAt().toEpochMilli());
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public synchronized Optional<StoredApproval> find(TenantId tenant, String approvalId) {
    try {
      return load(tenant, approvalId);
    } catch (SQLException | IllegalArgumentException e) {
      throw new StoreException("cannot read the approval", e);
    }
  }

  @Override
  public synchronized List<StoredApproval> pending(TenantId tenant, Instant now) {
    List<StoredApproval> out = new ArrayList<>();
    try {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT id FROM approvals WHERE tenant = ? AND expires_at > ?"
                  + " ORDER BY created_at, id")) {
        select.setString(1, tenant.value());
        select.setLong(2, now.toEpochMilli());
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            ids.add(rows.getString(1));
          }
        }
      }
      for (String id : ids) {
        Optional<StoredApproval> approval = load(tenant, id);
        if (approval.isPresent()
            && ApprovalRules.tally(approval.get().request(), approval.get().votes(), now)
                instanceof ApprovalStatus.Pending) {
          out.add(approval.get());
        }
      }
      return out;
    } catch (SQLException | IllegalArgumentException e) {
      throw new StoreException("cannot list pending approvals", e);
    }
  }

  @Override
  public VoteResult vote(TenantId tenant, String approvalId, Ballot ballot, Instant now) {
    return write(
        "record the vote",
        () -> {
          Optional<StoredApproval> found = load(tenant, approvalId);
          if (found.isEmpty()) {
            return new VoteResult.NotFound();
          }
          StoredApproval stored = found.get();
          ApprovalStatus before = ApprovalRules.tally(stored.request(), stored.votes(), now);
          if (before.isFinal()) {
            return new VoteResult.AlreadyFinal(before);
          }
          if (ApprovalRules.eligibility(stored.request(), ballot.person(), stored.votes())
              instanceof Eligibility.Ineligible(Eligibility.IneligibleReason reason)) {
            return new VoteResult.Refused(reason);
          }
          Vote vote = ballot.toVote(now);
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO approval_votes (tenant, approval_id, seq, vote) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, tenant.value());
            insert.setString(2, approvalId);
            insert.setInt(3, stored.votes().size());
            insert.setString(4, ApprovalCodec.encode(vote));
            insert.executeUpdate();
          }
          List<Vote> votes = new ArrayList<>(stored.votes());
          votes.add(vote);
          ApprovalStatus after = ApprovalRules.tally(stored.request(), votes, now);
          return new VoteResult.Recorded(after, after.isFinal());
        });
  }

  @Override
  public synchronized List<StoredApproval> unsettled(TenantId tenant, Instant now) {
    try {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT id FROM approvals WHERE tenant = ? AND settled = 0 ORDER BY created_at, id")) {
        select.setString(1, tenant.value());
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            ids.add(rows.getString(1));
          }
        }
      }
      List<StoredApproval> out = new ArrayList<>();
      for (String id : ids) {
        Optional<StoredApproval> approval = load(tenant, id);
        if (approval.isPresent()
            && ApprovalRules.tally(approval.get().request(), approval.get().votes(), now)
                .isFinal()) {
          out.add(approval.get());
        }
      }
      return out;
    } catch (SQLException | IllegalArgumentException e) {
      throw new StoreException("cannot list unsettled approvals", e);
    }
  }

  @Override
  public boolean claimSettlement(TenantId tenant, String approvalId) {
    return write(
        "claim the dispatch",
        () -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE approvals SET settled = 1"
                      + " WHERE tenant = ? AND id = ? AND settled = 0")) {
            update.setString(1, tenant.value());
            update.setString(2, approvalId);
            return update.executeUpdate() == 1;
          }
        });
  }

  @Override
  public boolean consumeLink(TenantId tenant, String nonce, Instant expiresAt) {
    return write(
        "consume the link",
        () -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT OR IGNORE INTO approval_link_nonces (tenant, nonce, expires_at)"
                      + " VALUES (?, ?, ?)")) {
            insert.setString(1, tenant.value());
            insert.setString(2, nonce);
            insert.setLong(3, expiresAt.toEpochMilli());
            return insert.executeUpdate() == 1;
          }
        });
  }

  private Optional<StoredApproval> load(TenantId tenant, String approvalId) throws SQLException {
    ApprovalRequest request;
    boolean settled;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT request, settled FROM approvals WHERE tenant = ? AND id = ?")) {
      select.setString(1, tenant.value());
      select.setString(2, approvalId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        request = ApprovalCodec.decodeRequest(row.getString(1));
        settled = row.getInt(2) != 0;
      }
    }
    if (!request.tenant().equals(tenant) || !request.id().equals(approvalId)) {
      // A row edited to claim another key: refuse it rather than act on it.
      throw new StoreException("approval row does not match its key", null);
    }
    List<Vote> votes = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT vote FROM approval_votes WHERE tenant = ? AND approval_id = ? ORDER BY seq")) {
      select.setString(1, tenant.value());
      select.setString(2, approvalId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          votes.add(ApprovalCodec.decodeVote(rows.getString(1)));
        }
      }
    }
    return Optional.of(new StoredApproval(request, votes, settled));
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close the approval store", e);
    }
  }
}
