#!/usr/bin/python3
"""Sends COUNT barks to ADDRESS at HOST:PORT and checks they come back on a receiver, in order.

Usage: loopback_peer.py HOST:PORT ADDRESS COUNT
Attaches a receiver and a sender to ADDRESS, sends COUNT messages with list bodies
["rdl", "woof <i>", "py<i>"] and message-id py<i>, and prints one summary line:
"python-qpid-proton <version>: <n>/<COUNT> received in order=<True|False>, all accepted=<True|False>".
Exits 0 when everything came back in order and was accepted.
"""
import sys

import proton
from proton import Message
from proton.handlers import MessagingHandler
from proton.reactor import Container


class Loopback(MessagingHandler):
    def __init__(self, url, address, count):
        super().__init__()
        self.url, self.address, self.count = url, address, count
        self.sent = 0
        self.accepted = 0
        self.received = []
        self.ok = False

    def on_start(self, event):
        conn = event.container.connect(self.url, allowed_mechs="ANONYMOUS")
        event.container.create_receiver(conn, self.address)
        event.container.create_sender(conn, self.address)
        self.timer = event.container.schedule(20, self)

    def on_timer_task(self, event):
        print("timeout: received %d of %d, %d accepted" % (len(self.received), self.count, self.accepted))
        event.container.stop()

    def on_sendable(self, event):
        while event.sender.credit and self.sent < self.count:
            i = self.sent
            event.sender.send(Message(id="py%d" % i, body=["rdl", "woof %d" % i, "py%d" % i]))
            self.sent += 1

    def on_accepted(self, event):
        self.accepted += 1
        self.finish_if_done(event)

    def on_message(self, event):
        self.received.append(event.message.body)
        self.finish_if_done(event)

    def finish_if_done(self, event):
        if len(self.received) == self.count and self.accepted == self.count:
            expected = [["rdl", "woof %d" % i, "py%d" % i] for i in range(self.count)]
            in_order = self.received == expected
            self.ok = in_order
            print("python-qpid-proton %s: %d/%d received in order=%s, all accepted=True"
                  % (".".join(map(str, proton.VERSION)), len(self.received), self.count, in_order))
            self.timer.cancel()
            event.connection.close()


def main():
    handler = Loopback("amqp://" + sys.argv[1], sys.argv[2], int(sys.argv[3]))
    Container(handler).run()
    sys.exit(0 if handler.ok else 1)


if __name__ == "__main__":
    main()
