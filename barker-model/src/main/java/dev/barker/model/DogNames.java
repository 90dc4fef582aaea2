package dev.barker.model;

import java.util.List;

/** The hundred dogs of the demo. */
final class DogNames {

  static final List<String> ALL = List.of(
      "ace", "archie", "bailey", "bandit", "baxter", "bear", "beau", "benji", "biscuit", "blue",
      "bolt", "boomer", "bruno", "buddy", "buster", "caesar", "charlie", "chester", "chewy", "chico",
      "coco", "cooper", "copper", "dexter", "diesel", "duke", "echo", "finn", "fido", "gizmo",
      "goose", "gus", "hank", "harley", "henry", "hunter", "jack", "jake", "jasper", "kobe",
      "lady", "laika", "lassie", "leo", "loki", "louie", "lucky", "luna", "mac", "maple",
      "marley", "max", "milo", "mocha", "moose", "murphy", "nala", "nova", "oakley", "odie",
      "ollie", "oreo", "otis", "peanut", "pepper", "piper", "pluto", "pongo", "rex", "riley",
      "rocco", "rocky", "rosie", "rover", "ruby", "rufus", "sadie", "sam", "scooby", "scout",
      "shadow", "simba", "snoopy", "sparky", "spot", "stella", "teddy", "thor", "tilly", "toby",
      "tucker", "tyson", "winston", "wolfie", "yoda", "zeus", "ziggy", "zoe", "bingo", "muttley");

  private DogNames() {
  }
}
