package dev.barker.manifold;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.message.Message;

/**
 * One registration with the directory: links to {@code address} (and every address below it) go
 * to {@code target}. {@code owner} names the registering service instance; {@code policy} (named by
 * the first registration of an address) picks among several targets.
 *
 * <p>Wire form: application property {@code opcode} = {@code route}, body
 * {@code [address, [host, port, targetAddressOrNull], ownerOrNull, policyOrNull]}; {@code unroute}
 * has body {@code [address, target, owner]} where nulls match anything.
 */
public record Route(String address, RouteTarget target, String owner, String policy) {

  /** Application property naming the operation of a directory message. */
  public static final String OPCODE = "opcode";
  /** Opcode of a registration. */
  public static final String ROUTE = "route";
  /** Opcode of a removal. */
  public static final String UNROUTE = "unroute";

  /** The registration message. */
  public Message toMessage() {
    return message(ROUTE, Arrays.asList(address, target.toList(), owner, policy));
  }

  /** The message that removes this registration again. */
  public Message toUnrouteMessage() {
    return message(UNROUTE, Arrays.asList(address, target == null ? null : target.toList(), owner));
  }

  private static Message message(String opcode, List<Object> body) {
    Message message = Message.Factory.create();
    message.setApplicationProperties(new ApplicationProperties(Map.of(OPCODE, opcode)));
    message.setBody(new AmqpValue(body));
    return message;
  }

  /** The opcode of a directory message, or null when it has none. */
  public static String opcodeOf(Message message) {
    ApplicationProperties properties = message.getApplicationProperties();
    Object opcode = properties == null || properties.getValue() == null ? null : properties.getValue().get(OPCODE);
    return opcode instanceof String text ? text : null;
  }

  /**
   * Reads a {@code route} message body.
   *
   * @throws InvalidRouteException naming the field that is wrong
   */
  public static Route fromRouteMessage(Message message) {
    List<?> body = bodyList(message, 4, "[address, [host, port, addressOrNull], ownerOrNull, policyOrNull]");
    return new Route(address(body.get(0)), RouteTarget.fromList(body.get(1)),
        optionalString(body.get(2), "owner"), optionalString(body.get(3), "policy"));
  }

  /**
   * Reads an {@code unroute} message body; null fields match anything.
   *
   * @throws InvalidRouteException naming the field that is wrong
   */
  public static Route fromUnrouteMessage(Message message) {
    List<?> body = bodyList(message, 3, "[addressOrNull, targetOrNull, ownerOrNull]");
    return new Route(body.get(0) == null ? null : address(body.get(0)),
        body.get(1) == null ? null : RouteTarget.fromList(body.get(1)),
        optionalString(body.get(2), "owner"), null);
  }

  private static List<?> bodyList(Message message, int size, String form) {
    Object body = message.getBody() instanceof AmqpValue value ? value.getValue() : null;
    if (!(body instanceof List<?> list) || list.size() < size) {
      throw new InvalidRouteException("body must be an AMQP list " + form + ", got " + body);
    }
    return list;
  }

  private static String address(Object value) {
    if (!(value instanceof String text)) {
      throw new InvalidRouteException("address must be a string //HOST/PATH, got " + value);
    }
    try {
      Address.parse(text);
    } catch (InvalidAddressException e) {
      throw new InvalidRouteException(e.getMessage());
    }
    return text;
  }

  private static String optionalString(Object value, String field) {
    if (value != null && !(value instanceof String)) {
      throw new InvalidRouteException(field + " must be a string or null, got " + value);
    }
    return (String) value;
  }
}
