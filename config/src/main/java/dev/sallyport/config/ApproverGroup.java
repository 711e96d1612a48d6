package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * People who may approve: members of IdP groups, or named users.
 *
 * @param name the name rules refer to
 * @param groups IdP groups whose members may approve
 * @param users named user ids who may approve
 */
public record ApproverGroup(String name, List<String> groups, List<String> users) {
  public ApproverGroup {
    requireNonNull(name, "name is null");
    groups = List.copyOf(groups);
    users = List.copyOf(users);
  }
}
