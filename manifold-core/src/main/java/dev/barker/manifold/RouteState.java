package dev.barker.manifold;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.message.Message;

/**
 * A route as the directory's route stream reports it: the address, its policy and its live
 * registrations, oldest first. No registrations means the route is gone.
 *
 * <p>Wire form: subject {@code routes}, application property {@code policy}, body
 * {@code [address, [[[host, port, addr], owner], ...]]}.
 */
public record RouteState(String address, String policy, List<Registration> registrations) {

  /** Subject of route-change messages. */
  public static final String SUBJECT = "routes";
  /** Subject of the message that ends the initial snapshot. */
  public static final String SYNCED = "synced";
  /** Application property carrying the route's policy. */
  public static final String POLICY = "policy";
  /** The one policy whose targets' order means something (directory.OrderedPolicy's name). */
  private static final String ORDERED = "ordered";

  /** One live registration: a target and the instance that registered it. */
  public record Registration(RouteTarget target, String owner) {
  }

  /** True when no instance serves the route any more. */
  public boolean isGone() {
    return registrations.isEmpty();
  }

  /** The targets, oldest registration first. */
  public List<RouteTarget> targets() {
    return registrations.stream().map(Registration::target).toList();
  }

  /** The route-change message. */
  public Message toMessage() {
    List<Object> entries = new ArrayList<>();
    for (Registration registration : registrations) {
      entries.add(Arrays.asList(registration.target().toList(), registration.owner()));
    }
    Message message = Message.Factory.create();
    message.setSubject(SUBJECT);
    message.setApplicationProperties(new ApplicationProperties(Map.of(POLICY, policy)));
    message.setBody(new AmqpValue(Arrays.asList(address, entries)));
    return message;
  }

  /** The message that ends the snapshot a new route-stream subscriber gets first. */
  public static Message syncedMessage() {
    Message message = Message.Factory.create();
    message.setSubject(SYNCED);
    return message;
  }

  /**
   * Reads a route-change message.
   *
   * @throws InvalidRouteException naming the field that is wrong
   */
  public static RouteState fromMessage(Message message) {
    Object body = message.getBody() instanceof AmqpValue value ? value.getValue() : null;
    if (!(body instanceof List<?> list) || list.size() != 2 || !(list.get(0) instanceof String address)
        || !(list.get(1) instanceof List<?> entries)) {
      throw new InvalidRouteException("route change body must be [address, [[target, owner], ...]], got " + body);
    }
    List<Registration> registrations = new ArrayList<>();
    for (Object entry : entries) {
      if (!(entry instanceof List<?> pair) || pair.size() != 2) {
        throw new InvalidRouteException("registration must be [target, owner], got " + entry);
      }
      Object owner = pair.get(1);
      registrations.add(new Registration(RouteTarget.fromList(pair.get(0)), owner == null ? null : owner.toString()));
    }
    ApplicationProperties properties = message.getApplicationProperties();
    Object policy = properties == null ? null : properties.getValue().get(POLICY);
    return new RouteState(address, policy == null ? null : policy.toString(), List.copyOf(registrations));
  }

  /**
   * {@code ADDRESS -> (POLICY) TARGET; TARGET...}: under {@code ordered} in the order of
   * registration (the order of failover); under any other policy, where the order means nothing,
   * sorted, so the same routes always read the same.
   */
  @Override
  public String toString() {
    Stream<String> targets = targets().stream().map(RouteTarget::toString);
    return address + " -> (" + policy + ") "
        + String.join("; ", (ORDERED.equals(policy) ? targets : targets.sorted()).toList());
  }
}
