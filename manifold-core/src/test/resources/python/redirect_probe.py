#!/usr/bin/python3
"""Attaches a receiver to ADDRESS at HOST:PORT and prints how the peer answered it.

Usage: redirect_probe.py HOST:PORT ADDRESS
Prints one line: "condition=<symbol> network-host=<h> port=<p> address=<a>" for a refused link, or
"attached" when the link opened. Exits 0 either way; 2 on timeout.
"""
import sys

from proton.handlers import MessagingHandler
from proton.reactor import Container


class Probe(MessagingHandler):
    def __init__(self, url, address):
        super().__init__()
        self.url, self.address = url, address
        self.exit_code = 2

    def on_start(self, event):
        conn = event.container.connect(self.url, allowed_mechs="ANONYMOUS")
        event.container.create_receiver(conn, self.address)
        self.timer = event.container.schedule(10, self)

    def on_timer_task(self, event):
        print("timeout")
        event.container.stop()

    def on_link_opened(self, event):
        if event.link.remote_source and event.link.remote_source.address:
            self.finish(event, "attached")

    def on_link_error(self, event):
        condition = event.link.remote_condition
        info = condition.info or {}
        port = info.get("port")
        self.finish(event, "condition=%s network-host=%s port=%s address=%s" % (
            condition.name, info.get("network-host"), None if port is None else int(port), info.get("address")))

    def finish(self, event, line):
        print(line)
        self.exit_code = 0
        self.timer.cancel()
        event.connection.close()


def main():
    handler = Probe("amqp://" + sys.argv[1], sys.argv[2])
    Container(handler).run()
    sys.exit(handler.exit_code)


if __name__ == "__main__":
    main()
