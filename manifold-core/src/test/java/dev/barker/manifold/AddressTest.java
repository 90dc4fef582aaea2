package dev.barker.manifold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressTest {

  @Test
  void parsesHostPortAndPath() {
    Address address = Address.parse("//127.0.0.1:5800/outbox/ark3");
    assertEquals("127.0.0.1", address.host());
    assertEquals(5800, address.port());
    assertEquals("/outbox/ark3", address.path());
  }

  @Test
  void portDefaultsTo5672AndIsLeftOutWhenPrinted() {
    Address address = Address.parse("//127.0.0.1/outbox/ark3");
    assertEquals(5672, address.port());
    assertEquals("//127.0.0.1/outbox/ark3", address.toString());
    assertEquals("//h:6000/x", Address.of("h", 6000, "/x").toString());
  }

  @Test
  void walksAncestorsLongestFirst() {
    assertEquals(List.of("/outbox/ark3", "/outbox/", "/outbox", "/"),
        Address.parse("//h/outbox/ark3").ancestorPaths());
  }

  @Test
  void coversItsOwnPathAndWhatIsBelowItOnly() {
    Address bizlogic = Address.parse("//h/bizlogic");
    assertTrue(bizlogic.covers("/bizlogic"));
    assertTrue(bizlogic.covers("/bizlogic/x"));
    assertFalse(bizlogic.covers("/bizlogicX"));
    assertFalse(bizlogic.covers("/"));
    assertTrue(Address.parse("//h/outbox/").covers("/outbox/ark3"));
  }

  @Test
  void aDeadLetterStreamBelongsWithTheStreamWhoseRejectsItHolds() {
    assertEquals("/outbox/ark3", Address.streamOf("/outbox/ark3/dead"));
    assertEquals("/outbox/ark3", Address.streamOf("/outbox/ark3"));
    assertEquals("/dead", Address.streamOf("/dead"));
  }

  @Test
  void namesItsDirectoryAndChildren() {
    Address inbox = Address.parse("//h:7000/inbox");
    assertEquals("//h:7000/directory", inbox.directory().toString());
    assertEquals("//h:7000/inbox/ark3", inbox.child("ark3").toString());
  }

  @Test
  void acceptsBracketedIpv6Hosts() {
    Address address = Address.parse("//[::1]:5800/x");
    assertEquals("[::1]", address.host());
    assertEquals(5800, address.port());
  }

  @Test
  void reportsWhatIsWrongWithBadAddresses() {
    assertProblem("outbox/ark3", "must start with //HOST");
    assertProblem("//h", "has no path");
    assertProblem("///x", "empty host");
    assertProblem("//h:99999/x", "port '99999'");
    assertProblem("//h:abc/x", "port 'abc'");
    assertProblem("//h/a b", "white space");
    assertProblem("//h/" + "x".repeat(Address.MAX_LENGTH), "longer than");
  }

  private static void assertProblem(String text, String expected) {
    InvalidAddressException e = assertThrows(InvalidAddressException.class, () -> Address.parse(text));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith("invalid address '"), e.getMessage());
  }
}
