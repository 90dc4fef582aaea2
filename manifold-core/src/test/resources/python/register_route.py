#!/usr/bin/python3
"""Registers a route with a directory through its wire protocol, then holds it until stdin closes.

Usage: register_route.py HOST:PORT ROUTE_ADDRESS TARGET_HOST TARGET_PORT [--port-as-string]
Sends to //HOST:PORT/directory a message with application property opcode=route and body
[ROUTE_ADDRESS, [TARGET_HOST, TARGET_PORT, None], "python-peer", "ordered"] (the port a number, or
with --port-as-string a string, as the original Datawire tether sent it); prints "registered"
when the directory accepts it (or "refused: ..."), keeps the link (and so the route) until its
standard input is closed, then closes the connection and exits 0.
"""
import sys
import threading

from proton import Message
from proton.handlers import MessagingHandler
from proton.reactor import Container


class Register(MessagingHandler):
    def __init__(self, host_port, route, target_host, target_port, port_as_string=False):
        super().__init__()
        self.host_port, self.route = host_port, route
        self.target = [target_host, target_port if port_as_string else int(target_port), None]
        self.stdin_closed = threading.Event()
        self.sent = False

    def on_start(self, event):
        self.conn = event.container.connect("amqp://" + self.host_port, allowed_mechs="ANONYMOUS")
        event.container.create_sender(self.conn, "//%s/directory" % self.host_port)
        threading.Thread(target=self.wait_for_stdin, daemon=True).start()
        event.container.schedule(0.1, self)

    def wait_for_stdin(self):
        sys.stdin.read()
        self.stdin_closed.set()

    def on_sendable(self, event):
        if not self.sent:
            self.sent = True
            event.sender.send(Message(properties={"opcode": "route"},
                                      body=[self.route, self.target, "python-peer", "ordered"]))

    def on_accepted(self, event):
        print("registered")

    def on_rejected(self, event):
        print("refused: %s" % event.delivery.remote.condition)

    def on_timer_task(self, event):
        if self.stdin_closed.is_set():
            self.conn.close()
        else:
            event.container.schedule(0.1, self)


def main():
    Container(Register(*sys.argv[1:5], port_as_string="--port-as-string" in sys.argv[5:])).run()


if __name__ == "__main__":
    main()
