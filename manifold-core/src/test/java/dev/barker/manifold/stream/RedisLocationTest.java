package dev.barker.manifold.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redis URLs as {@code manifold --store} takes them: TLS from the scheme alone (rediss://,
 * rediss-sentinel://), the sentinels reached the way the scheme says, a certificate to trust
 * refused where there is no TLS, and no password in what is printed.
 */
class RedisLocationTest {

  private static final Path PEM = Path.of("redis.pem");

  @Test
  void aTlsSentinelUrlReachesEverySentinelOverTls() {
    RedisLocation location = RedisLocation.parse("rediss-sentinel://h1:26379,h2:26380/barker", "secret", PEM);

    assertTrue(location.tls());
    assertEquals(List.of("rediss://h1:26379", "rediss://h2:26380"), location.sentinels());
    assertEquals("barker", location.master());
    assertEquals("rediss-sentinel://h1:26379,h2:26380/barker", location.toString());
    assertTrue(location.toOptions().getNetClientOptions().isSsl());
  }

  @Test
  void aPlainSentinelUrlReachesThemInPlainTcp() {
    RedisLocation location = RedisLocation.parse("redis-sentinel://h1:26379/barker", null, null);

    assertFalse(location.tls());
    assertEquals(List.of("redis://h1:26379"), location.sentinels());
    assertEquals("redis-sentinel://h1:26379/barker", location.toString());
    assertFalse(location.toOptions().getNetClientOptions().isSsl());
  }

  @Test
  void oneServerIsOverTlsWithRedissAndItsPasswordIsNotPrinted() {
    assertTrue(RedisLocation.parse("rediss://h1:6380", null, PEM).tls());
    assertEquals("redis://h1:6379/2", RedisLocation.parse("redis://:secret@h1:6379/2", null, null).toString());
  }

  @Test
  void aCertificateToTrustWithoutTlsIsRefusedSayingSo() {
    IllegalArgumentException server = assertThrows(IllegalArgumentException.class,
        () -> RedisLocation.parse("redis://h1:6379", null, PEM));
    assertEquals("a certificate to trust is for TLS (rediss://... or rediss-sentinel://...), not redis://h1:6379",
        server.getMessage());
    assertThrows(IllegalArgumentException.class, () -> RedisLocation.parse("redis-sentinel://h1:26379/barker", null, PEM));
  }

  @Test
  void aSentinelUrlWithoutItsMasterOrWithABadSentinelIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> RedisLocation.parse("rediss-sentinel://h1:26379", null, null));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> RedisLocation.parse("rediss-sentinel://h1/barker", null, null));
    assertEquals("a sentinel is HOST:PORT, not 'h1' in rediss-sentinel://h1/barker", bad.getMessage());
  }
}
