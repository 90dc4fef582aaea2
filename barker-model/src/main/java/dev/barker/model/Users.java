package dev.barker.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Barker's users and who follows whom, with a followers index so a bark's audience is found
 * without scanning everyone. {@link #generate()} makes the demo's users from a fixed seed:
 * 100 dog-named users who autobark, plus {@code ark3}, {@code rdl} and {@code rhs} who never do;
 * each follows a log-uniform 1..1000 others (at most half of everyone) and always two of those three.
 */
public final class Users {

  /** The people behind the demo; they never autobark. */
  public static final List<String> HUMANS = List.of("ark3", "rdl", "rhs");
  private static final long SEED = 2015;

  private final Map<String, Set<String>> follows;
  private final Set<String> autobarkers;
  private final Map<String, Set<String>> followers = new HashMap<>();

  private Users(Map<String, Set<String>> follows, Set<String> autobarkers) {
    this.follows = follows;
    this.autobarkers = autobarkers;
    follows.forEach((user, followed) -> followed.forEach(
        target -> followers.computeIfAbsent(target, t -> new TreeSet<>()).add(user)));
  }

  /** The demo's users, the same every time. */
  public static Users generate() {
    return generate(DogNames.ALL.size());
  }

  /**
   * The demo's three humans and {@code autobarkers} dogs (past the hundred names, {@code rex-2}
   * and so on), following one another as in {@link #generate()}: for measuring how cost grows
   * with users.
   */
  public static Users generate(int autobarkers) {
    List<String> dogs = new ArrayList<>();
    for (int i = 0; i < autobarkers; i++) {
      String name = DogNames.ALL.get(i % DogNames.ALL.size());
      dogs.add(i < DogNames.ALL.size() ? name : name + "-" + (i / DogNames.ALL.size() + 1));
    }
    Random random = new Random(SEED);
    List<String> everyone = new ArrayList<>(HUMANS);
    everyone.addAll(dogs);
    int cap = everyone.size() / 2;
    Map<String, Set<String>> follows = new TreeMap<>();
    for (String user : everyone) {
      Set<String> followed = new LinkedHashSet<>();
      List<String> humans = new ArrayList<>(HUMANS);
      humans.remove(user);
      Collections.shuffle(humans, random);
      followed.addAll(humans.subList(0, 2));
      int wanted = Math.min(cap, (int) Math.floor(Math.exp(random.nextDouble() * Math.log(1000))));
      List<String> others = new ArrayList<>(everyone);
      others.remove(user);
      others.removeAll(HUMANS);
      Collections.shuffle(others, random);
      for (int i = 0; followed.size() < wanted + 2 && i < others.size(); i++) {
        followed.add(others.get(i));
      }
      follows.put(user, new TreeSet<>(followed));
    }
    return new Users(follows, new TreeSet<>(dogs));
  }

  /** True when {@code user} exists. */
  public boolean exists(String user) {
    return follows.containsKey(user);
  }

  /** Every user, sorted. */
  public Set<String> names() {
    return Collections.unmodifiableSet(follows.keySet());
  }

  /** Users who bark by themselves (the autobark load), sorted. */
  public Set<String> autobarkers() {
    return Collections.unmodifiableSet(autobarkers);
  }

  /** Who {@code user} follows. */
  public Set<String> follows(String user) {
    return follows.getOrDefault(user, Set.of());
  }

  /** Who follows {@code user}. */
  public Set<String> followers(String user) {
    return followers.getOrDefault(user, Set.of());
  }

  /** Whose inboxes a bark goes to: its author, the author's followers, and every existing user it @mentions. */
  public Set<String> audience(Bark bark) {
    Set<String> audience = new LinkedHashSet<>();
    audience.add(bark.user());
    audience.addAll(followers(bark.user()));
    for (String mentioned : bark.mentions()) {
      if (exists(mentioned)) {
        audience.add(mentioned);
      }
    }
    return audience;
  }

  /** The users file's form: {@code {"users": {"ark3": {"follows": [...], "autobark": false}, ...}}}. */
  public JsonObject toJson() {
    JsonObject users = new JsonObject();
    follows.forEach((user, followed) -> users.put(user, new JsonObject()
        .put("follows", new JsonArray(new ArrayList<>(followed)))
        .put("autobark", autobarkers.contains(user))));
    return new JsonObject().put("users", users);
  }

  /**
   * Reads the users file's form.
   *
   * @throws IllegalArgumentException naming what is missing or wrong
   */
  public static Users fromJson(JsonObject json) {
    JsonObject users = json.getJsonObject("users");
    if (users == null) {
      throw new IllegalArgumentException("users file has no \"users\" object");
    }
    Map<String, Set<String>> follows = new TreeMap<>();
    Set<String> autobarkers = new TreeSet<>();
    for (String user : users.fieldNames()) {
      JsonObject entry = users.getJsonObject(user);
      JsonArray followed = entry.getJsonArray("follows", new JsonArray());
      Set<String> names = new TreeSet<>();
      followed.forEach(name -> names.add(String.valueOf(name)));
      follows.put(user, names);
      if (entry.getBoolean("autobark", false)) {
        autobarkers.add(user);
      }
    }
    return new Users(follows, autobarkers);
  }
}
