"""An actor written for Resoto / Fix Inventory, unchanged: fixlib's CoreActions, answering every
action it subscribed to with action_done, as fixworker does. Rota's compatibility test runs it.

usage: fixlib_actor.py CORE_URL SUBSCRIBER_ID MESSAGE_TYPE[,MESSAGE_TYPE...] [PSK]
"""
import argparse
import signal
import sys
import threading

from fixlib.args import ArgumentParser
from fixlib.core.actions import CoreActions


def main() -> None:
    core, identifier, message_types = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    ArgumentParser.args = argparse.Namespace(psk=sys.argv[4] if len(sys.argv) > 4 else None)

    def answer(message):
        if message.get("kind") != "action":
            return None
        data = message["data"]
        print(f"action {message['message_type']} of {data['task']}", flush=True)
        return {"kind": "action_done", "message_type": message["message_type"],
                "data": {"task": data["task"], "step": data["step"]}}

    actions = {message_type: {"timeout": 30, "wait_for_completion": True} for message_type in message_types}
    actor = CoreActions(identifier, core, core.replace("http", "ws", 1), actions, message_processor=answer)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    actor.start()
    stopped.wait()
    actor.shutdown()


if __name__ == "__main__":
    main()
