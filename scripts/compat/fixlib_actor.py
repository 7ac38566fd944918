"""An actor written for Resoto / Fix Inventory, unchanged: fixlib's CoreActions, answering every
action it subscribed to with action_done, as fixworker does. Rota's compatibility test runs it.

usage: fixlib_actor.py CORE_URL SUBSCRIBER_ID MESSAGE_TYPE[,MESSAGE_TYPE...] [--psk PSK] [--ca-cert PATH]

With --ca-cert (an https core), fixlib trusts that CA beside certifi's roots, as fixworker's
--ca-cert does: its TLSData writes the bundle that requests and the WebSocket verify with.
"""
import argparse
import signal
import threading

from fixlib.args import ArgumentParser
from fixlib.core.actions import CoreActions
from fixlib.core.ca import TLSData


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("core")
    parser.add_argument("identifier")
    parser.add_argument("message_types")
    parser.add_argument("--psk")
    parser.add_argument("--ca-cert", dest="ca_cert")
    options = parser.parse_args()
    core, identifier, message_types = options.core, options.identifier, options.message_types.split(",")
    ArgumentParser.args = argparse.Namespace(psk=options.psk, ca_cert=options.ca_cert)

    def answer(message):
        if message.get("kind") != "action":
            return None
        data = message["data"]
        print(f"action {message['message_type']} of {data['task']}", flush=True)
        return {"kind": "action_done", "message_type": message["message_type"],
                "data": {"task": data["task"], "step": data["step"]}}

    tls_data = None
    if options.ca_cert:
        tls_data = TLSData(common_name=identifier, fixcore_uri=core, psk=options.psk, ca_only=True)
        tls_data.start()
    actions = {message_type: {"timeout": 30, "wait_for_completion": True} for message_type in message_types}
    actor = CoreActions(identifier, core, core.replace("http", "ws", 1), actions, message_processor=answer, tls_data=tls_data)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    actor.start()
    stopped.wait()
    actor.shutdown()
    if tls_data:
        tls_data.shutdown()


if __name__ == "__main__":
    main()
