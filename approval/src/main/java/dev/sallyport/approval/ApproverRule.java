package dev.sallyport.approval;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Who may approve, as one approver group of the tenant declares it.
 *
 * @param name the group's name, as policy rules refer to it
 * @param idpGroups IdP groups whose members may approve
 * @param users named user ids (IdP subjects) who may approve
 * @param quorum how many distinct people of this group must approve
 * @param separationOfDuties when true, the owner of the agent that asked cannot approve
 */
public record ApproverRule(
    String name, Set<String> idpGroups, Set<String> users, int quorum, boolean separationOfDuties) {
  public ApproverRule {
    requireNonNull(name, "name is null");
    idpGroups = Set.copyOf(idpGroups);
    users = Set.copyOf(users);
    if (quorum < 1) {
      throw new IllegalArgumentException("quorum must be at least 1");
    }
    if (idpGroups.isEmpty() && users.isEmpty()) {
      throw new IllegalArgumentException("an approver group needs groups or users");
    }
  }

  /** Whether a person with this subject and these IdP groups belongs to the group. */
  public boolean includes(String subject, Set<String> groups) {
    if (users.contains(subject)) {
      return true;
    }
    for (String group : groups) {
      if (idpGroups.contains(group)) {
        return true;
      }
    }
    return false;
  }
}
