package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * People who may approve: members of IdP groups, or named users.
 *
 * @param name the name rules refer to
 * @param groups IdP groups whose members may approve
 * @param users named user ids who may approve
 * @param quorum how many distinct people of this group must approve (at least 1; with named users
 *     only, at most their number, or nobody could ever reach it)
 * @param separationOfDuties when true, the owner of the agent that asked may not approve
 */
public record ApproverGroup(
    String name, List<String> groups, List<String> users, int quorum, boolean separationOfDuties) {
  public ApproverGroup {
    requireNonNull(name, "name is null");
    groups = List.copyOf(groups);
    users = List.copyOf(users);
    if (quorum < 1) {
      throw new IllegalArgumentException("quorum must be at least 1");
    }
    if (groups.isEmpty() && quorum > users.size()) {
      throw new IllegalArgumentException("quorum is larger than the group's named users");
    }
  }

  /** One approval from any member, owners included: what a group without settings means. */
  public ApproverGroup(String name, List<String> groups, List<String> users) {
    this(name, groups, users, 1, false);
  }
}
