#!/usr/bin/python3
"""Subscribes to a Barker inbox through the directory, as a peer we did not write would.

Usage: inbox_subscriber.py DIRECTORY_HOST:PORT ADDRESS
Attaches a receiver to ADDRESS at the directory, follows its amqp:link:redirect to the manifold
instance that serves the inbox, and when that link or connection is lost attaches through the
directory again (half a second later). Accepts every bark and prints "bark <id>" for the first
copy of each (a relinked subscriber is sent the inbox's history again; copies are counted, not
printed) and "copies <n>" whenever that count grows. Runs until killed.
"""
import sys

from proton import Url
from proton.handlers import MessagingHandler
from proton.reactor import Container


class Subscriber(MessagingHandler):
    def __init__(self, directory, address):
        super().__init__(auto_accept=False)
        self.directory, self.address = directory, address
        self.seen, self.copies = set(), 0
        self.connection = None

    def on_start(self, event):
        self.attach(event.container, self.directory, self.address)

    def attach(self, container, host_port, address):
        self.connection = container.connect("amqp://" + host_port, allowed_mechs="ANONYMOUS", reconnect=False)
        container.create_receiver(self.connection, address)

    def on_link_error(self, event):
        condition = event.link.remote_condition
        info = (condition.info or {}) if condition else {}
        event.connection.close()
        if condition and condition.name == "amqp:link:redirect":
            self.attach(event.container, "%s:%d" % (info["network-host"], int(info["port"])), info["address"])
        else:
            self.again(event)

    def on_transport_error(self, event):
        self.again(event)

    def on_connection_error(self, event):
        self.again(event)

    def again(self, event):
        event.container.schedule(0.5, self)

    def on_timer_task(self, event):
        self.attach(event.container, self.directory, self.address)

    def on_message(self, event):
        bark_id = event.message.body[2]
        if bark_id in self.seen:
            self.copies += 1
            print("copies %d" % self.copies, flush=True)
        else:
            self.seen.add(bark_id)
            print("bark %s" % bark_id, flush=True)
        self.accept(event.delivery)


def main():
    Container(Subscriber(sys.argv[1], sys.argv[2])).run()


if __name__ == "__main__":
    main()
