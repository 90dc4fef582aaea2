package dev.barker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {

  private final Users users = Users.generate();

  @Test
  void demoHasAHundredDogsAndThreeHumansWhoNeverAutobark() {
    assertEquals(103, users.names().size());
    assertEquals(100, users.autobarkers().size());
    for (String human : Users.HUMANS) {
      assertTrue(users.exists(human));
      assertFalse(users.autobarkers().contains(human));
    }
  }

  @Test
  void everyoneFollowsTwoOfTheHumansAndAtMostHalfOfEveryoneElse() {
    for (String user : users.names()) {
      Set<String> humans = new HashSet<>(users.follows(user));
      humans.retainAll(Users.HUMANS);
      assertEquals(2, humans.size(), user + " follows " + users.follows(user));
      assertFalse(users.follows(user).contains(user), user + " follows itself");
      assertTrue(users.follows(user).size() <= 2 + 103 / 2, user + " follows " + users.follows(user).size());
    }
  }

  @Test
  void isTheSameEveryTime() {
    assertEquals(users.toJson(), Users.generate().toJson());
  }

  @Test
  void followersAreTheInverseOfFollows() {
    for (String user : users.names()) {
      for (String followed : users.follows(user)) {
        assertTrue(users.followers(followed).contains(user));
      }
      for (String follower : users.followers(user)) {
        assertTrue(users.follows(follower).contains(user));
      }
    }
  }

  @Test
  void audienceIsAuthorFollowersAndExistingMentions() {
    Bark bark = new Bark("rex", "woof @luna @nobody", "b1");
    Set<String> expected = new HashSet<>(users.followers("rex"));
    expected.add("rex");
    expected.add("luna");
    assertEquals(expected, new HashSet<>(users.audience(bark)));
  }

  @Test
  void fileIsWrittenOnFirstUseAndReadBackTheSame(@TempDir Path data) throws Exception {
    Users first = UsersFile.loadOrCreate(data);
    assertTrue(Files.exists(data.resolve(UsersFile.NAME)));
    assertEquals(users.toJson(), first.toJson());
    assertEquals(first.toJson(), UsersFile.loadOrCreate(data).toJson());
  }
}
